using System.Net;
using EscalationDesk.Features.Api;
using Microsoft.EntityFrameworkCore;

namespace EscalationDesk.Tests.Features.Api;

public sealed class IdempotencyTests(ApiFixture app) : IClassFixture<ApiFixture>
{
    private const string Body = "{\"fields\": " + Api.ReadyFields + "}";

    [Fact]
    public async Task The_same_key_and_body_twice_answers_the_first_answer_and_creates_one_draft()
    {
        var (agent, client) = await app.UserAsync();

        var first = await client.PostAsync(Api.Escalations, Body, "key-1");
        var second = await client.PostAsync(Api.Escalations, Body, "key-1");

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Created, second.StatusCode);
        Assert.Equal(first.Headers.Location, second.Headers.Location);
        Assert.Equal(await first.Content.ReadAsStringAsync(), await second.Content.ReadAsStringAsync());
        Assert.Equal("true", second.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal(1, await app.DbAsync(db => db.Escalations.CountAsync(e => e.OwnerId == agent.Id)));
    }

    [Fact]
    public async Task Two_concurrent_posts_with_one_key_create_one_draft_and_both_answer_it()
    {
        var (agent, client) = await app.UserAsync();

        var answers = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => client.PostAsync(Api.Escalations, Body, "together")));

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.Created, a.StatusCode));
        Assert.Single(answers.Select(a => a.Headers.Location!.ToString()).Distinct());
        Assert.Equal(1, await app.DbAsync(db => db.Escalations.CountAsync(e => e.OwnerId == agent.Id)));
    }

    [Fact]
    public async Task The_same_key_with_another_body_is_422_and_another_users_key_is_their_own()
    {
        var (agent, client) = await app.UserAsync();
        var (other, otherClient) = await app.UserAsync();
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsync(Api.Escalations, Body, "shared-key")).StatusCode);

        var problem = await Api.ProblemAsync(await client.PostAsync(Api.Escalations, """{"fields": {"understand": {"summary": "Other"}}}""", "shared-key"), 422);
        Assert.Contains("different request", (string?)problem["detail"]);
        Assert.Equal(HttpStatusCode.Created, (await otherClient.PostAsync(Api.Escalations, Body, "shared-key")).StatusCode);
        Assert.Equal(1, await app.DbAsync(db => db.Escalations.CountAsync(e => e.OwnerId == agent.Id)));
        Assert.Equal(1, await app.DbAsync(db => db.Escalations.CountAsync(e => e.OwnerId == other.Id)));
    }

    [Fact]
    public async Task A_lifecycle_post_repeated_with_its_key_acts_once()
    {
        var (_, client) = await app.UserAsync();
        var id = (await client.CreateAsync()).Id();
        var url = $"{Api.Escalations}/{id}";
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync($"{url}/escalate", "", "esc")).StatusCode);

        var first = await client.PostAsync($"{url}/follow-up", """{"note": "Pinged the team"}""", "ping");
        var again = await client.PostAsync($"{url}/follow-up", """{ "note" : "Pinged the team" }""", "ping");

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(1, await app.DbAsync(db => db.Timeline.CountAsync(t => t.EscalationId == id && t.Detail == "Internal follow-up: Pinged the team")));
        // Another path with the same key is another request.
        await Api.ProblemAsync(await client.PostAsync($"{url}/acknowledge", "", "ping"), 422);
    }

    [Fact]
    public async Task A_key_whose_first_request_never_finished_is_run_again_after_a_minute()
    {
        var (agent, client) = await app.UserAsync();
        // What a killed process leaves: the key taken, no answer, two minutes ago.
        var first = await client.PostAsync(Api.Escalations, Body, "crashed");
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        await app.DbAsync(db => db.IdempotencyRecords.Where(r => r.Key == "crashed" && r.UserId == agent.Id).ExecuteUpdateAsync(s => s
            .SetProperty(r => r.StatusCode, (int?)null).SetProperty(r => r.Body, (byte[]?)null)
            .SetProperty(r => r.CreatedAt, DateTime.UtcNow - IdempotencyFilter.Abandoned - TimeSpan.FromMinutes(1))));

        var retried = await client.PostAsync(Api.Escalations, Body, "crashed");

        Assert.Equal(HttpStatusCode.Created, retried.StatusCode);
        Assert.NotEqual(first.Headers.Location, retried.Headers.Location);
        Assert.Equal(retried.Headers.Location, (await client.PostAsync(Api.Escalations, Body, "crashed")).Headers.Location);
    }

    [Fact]
    public async Task A_key_in_progress_for_another_request_is_422_at_once()
    {
        var (agent, client) = await app.UserAsync();
        await app.DbAsync(async db =>
        {
            db.IdempotencyRecords.Add(new IdempotencyRecord { UserId = agent.Id, Key = "busy", RequestHash = "x", CreatedAt = DateTime.UtcNow.AddSeconds(-1) });
            return await db.SaveChangesAsync();
        });
        await Api.ProblemAsync(await client.PostAsync(Api.Escalations, Body, "busy"), 422);
        Assert.Equal(0, await app.DbAsync(db => db.Escalations.CountAsync(e => e.OwnerId == agent.Id)));
    }

    [Fact]
    public async Task Keys_are_kept_for_at_least_24_hours()
    {
        Assert.True(IdempotencyFilter.KeptFor >= TimeSpan.FromHours(24));
        var (agent, client) = await app.UserAsync();
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsync(Api.Escalations, Body, "kept")).StatusCode);
        await app.DbAsync(db => db.IdempotencyRecords.Where(r => r.Key == "kept" && r.UserId == agent.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.CreatedAt, DateTime.UtcNow.AddHours(-23))));
        var again = await client.PostAsync(Api.Escalations, Body, "kept");
        Assert.Equal("true", again.Headers.GetValues("Idempotent-Replayed").Single());
    }
}

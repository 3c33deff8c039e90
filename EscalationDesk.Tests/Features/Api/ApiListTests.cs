using System.Net;
using System.Text.Json.Nodes;
using EscalationDesk.Data;
using EscalationDesk.Features.Judgment;
using EscalationDesk.Features.Users;
using EscalationDesk.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace EscalationDesk.Tests.Features.Api;

public sealed class ApiListTests(ApiFixture app) : IClassFixture<ApiFixture>
{
    private IDbContextFactory<EscalationDeskDbContext> Db => app.Server.Services.GetRequiredService<IDbContextFactory<EscalationDeskDbContext>>();

    private async Task<List<int>> AddAsync(string tag, int count, Func<int, Severity>? severity = null, Func<int, decimal?>? arr = null)
    {
        var ids = new List<int>();
        for (var i = 0; i < count; i++)
            ids.Add(await EscalationRows.AddAsync(Db, DateTime.UtcNow, $"{tag} {i}", severity: severity?.Invoke(i) ?? Severity.High, customer: tag,
                arr: arr?.Invoke(i), escalatedHoursAgo: 1 + i % 5));
        return ids;
    }

    private static string Query(string customer, string extra = "") => $"{Api.Escalations}?customer={customer}{extra}";

    [Theory]
    [InlineData("")]
    [InlineData("&sort=arr")]
    [InlineData("&sort=arr&desc=true")]
    [InlineData("&sort=summary&desc=true")]
    [InlineData("&sort=customer-update")]
    public async Task Pages_follow_the_cursor_with_no_duplicates_and_no_gaps_while_rows_are_inserted(string sort)
    {
        var (_, client) = await app.UserAsync(Roles.Lead);
        var tag = "Paging" + Guid.NewGuid().ToString("N")[..6];
        // Three severities and ARR with empty values: ties and nulls in the order keys.
        var old = await AddAsync(tag, 23, i => (Severity)(i % 3), i => i % 4 == 0 ? null : 1000m * (i % 7));

        var seen = new List<int>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var response = await client.GetAsync(Query(tag, sort + "&limit=5" + (cursor is null ? "" : $"&after={cursor}")));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var page = await Api.BodyAsync(response);
            var items = page["items"]!.AsArray();
            Assert.True(items.Count <= 5);
            seen.AddRange(items.Select(i => (int)i!["id"]!));
            cursor = (string?)page["next_cursor"];
            Assert.Equal(cursor is not null, (bool)page["has_more"]!);
            // Someone escalates meanwhile: new rows of every kind, sorting anywhere.
            await AddAsync(tag, 2, i => (Severity)((pages + i) % 3), i => i == 0 ? null : 500m * pages);
            pages++;
        } while (cursor is not null && pages < 50);

        Assert.Equal(seen.Count, seen.Distinct().Count());
        Assert.Empty(old.Except(seen));
    }

    [Fact]
    public async Task Items_are_the_queues_rows_in_its_order_and_the_filters_apply()
    {
        var (_, client) = await app.UserAsync(Roles.Lead);
        var tag = "Order" + Guid.NewGuid().ToString("N")[..6];
        var ids = await AddAsync(tag, 3, i => i == 1 ? Severity.Critical : Severity.Medium);

        var page = await Api.BodyAsync(await client.GetAsync(Query(tag)));
        var items = page["items"]!.AsArray();
        Assert.Equal(ids[1], (int)items[0]!["id"]!);
        Assert.Equal("critical", (string?)items[0]!["severity"]);
        Assert.Equal("escalated", (string?)items[0]!["status"]);
        Assert.NotNull(items[0]!["timers"]!["internal_follow_up"]!["due_at"]);
        Assert.False((bool)page["has_more"]!);
        Assert.Null(page["next_cursor"]);

        var critical = await Api.BodyAsync(await client.GetAsync(Query(tag, "&severity=critical")));
        Assert.Equal([ids[1]], critical["items"]!.AsArray().Select(i => (int)i!["id"]!));
        var none = await Api.BodyAsync(await client.GetAsync(Query(tag, "&status=de_escalated")));
        Assert.Empty(none["items"]!.AsArray());
    }

    [Fact]
    public async Task An_agent_sees_what_the_queue_shows_them()
    {
        var (agent, client) = await app.UserAsync();
        var tag = "Agent" + Guid.NewGuid().ToString("N")[..6];
        var open = await EscalationRows.AddAsync(Db, DateTime.UtcNow, $"{tag} open", customer: tag);
        var security = await EscalationRows.AddAsync(Db, DateTime.UtcNow, $"{tag} security", customer: tag, targets: "Security");
        await client.CreateAsync("{\"understand\": {\"summary\": \"" + tag + " my draft\"}}");

        var ids = (await Api.BodyAsync(await client.GetAsync(Query(tag))))["items"]!.AsArray().Select(i => (int)i!["id"]!).ToList();

        Assert.Contains(open, ids);
        Assert.DoesNotContain(security, ids);
        Assert.Single(ids);
    }

    [Theory]
    [InlineData("limit=0")]
    [InlineData("limit=101")]
    [InlineData("limit=ten")]
    [InlineData("sort=nonsense")]
    [InlineData("after=not-a-cursor")]
    public async Task Bad_parameters_are_400_problems(string query)
    {
        var (_, client) = await app.UserAsync();
        await Api.ProblemAsync(await client.GetAsync($"{Api.Escalations}?{query}"), 400);
    }

    [Fact]
    public async Task A_tampered_cursor_or_one_of_another_view_is_400()
    {
        var (_, client) = await app.UserAsync(Roles.Lead);
        var tag = "Tamper" + Guid.NewGuid().ToString("N")[..6];
        await AddAsync(tag, 3);
        var cursor = (string)(await Api.BodyAsync(await client.GetAsync(Query(tag, "&limit=1"))))["next_cursor"]!;

        var flipped = cursor[..^3] + (cursor[^3] == 'A' ? 'B' : 'A') + cursor[^2..];
        await Api.ProblemAsync(await client.GetAsync(Query(tag, $"&limit=1&after={flipped}")), 400);
        await Api.ProblemAsync(await client.GetAsync(Query(tag, $"&limit=1&sort=arr&after={cursor}")), 400);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(Query(tag, $"&limit=1&after={cursor}"))).StatusCode);
    }

    [Fact]
    public async Task The_default_limit_is_25()
    {
        var (_, client) = await app.UserAsync(Roles.Lead);
        var tag = "Limit" + Guid.NewGuid().ToString("N")[..6];
        await AddAsync(tag, 26);
        var page = await Api.BodyAsync(await client.GetAsync(Query(tag)));
        Assert.Equal(25, page["items"]!.AsArray().Count);
        Assert.True((bool)page["has_more"]!);
    }
}

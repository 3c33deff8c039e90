using System.Net;
using System.Text.Json.Nodes;
using EscalationDesk.Data;
using EscalationDesk.Features.Users;
using Microsoft.EntityFrameworkCore;

namespace EscalationDesk.Tests.Features.Api;

// A script with a token does what an agent does in the wizard and the lifecycle, over real HTTP.
public sealed class EscalationApiTests(ApiFixture app) : IClassFixture<ApiFixture>
{
    [Fact]
    public async Task A_created_draft_has_the_fields_the_external_ref_and_the_assessment_with_reasons()
    {
        var (agent, client) = await app.UserAsync();

        var response = await client.PostAsync(Api.Escalations,
            "{\"fields\": " + Api.ReadyFields + ", \"external_ref\": {\"system\": \"zendesk\", \"id\": \"48213\", \"url\": \"https://acme.zendesk.com/agent/tickets/48213\"}}");

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = await Api.BodyAsync(response);
        var id = created.Id();
        Assert.Equal($"/api/v1/escalations/{id}", response.Headers.Location!.ToString());
        Assert.Equal($"\"{(int)created["version"]!}\"", Api.ETagOf(response));
        Assert.Equal("draft", (string?)created["status"]);
        Assert.Equal("Checkout fails for EU cards", (string?)created["summary"]);
        Assert.Equal(agent.Name, (string?)created["owner"]!["name"]);
        Assert.Equal("zendesk", (string?)created["external_ref"]!["system"]);
        Assert.Equal("48213", (string?)created["external_ref"]!["id"]);
        Assert.Equal("Payments with EU cards fail with 500", (string?)created["fields"]!["understand"]!["whats_broken"]);
        Assert.Null(created["fields"]!["visited_steps"]);
        var assessment = created["assessment"]!;
        Assert.Equal("critical", (string?)assessment["severity"]!["suggested"]);
        Assert.Contains("Production down", assessment["severity"]!["suggested_reasons"]!.AsArray().Select(r => (string?)r));
        Assert.Equal("critical", (string?)created["severity"]);
        Assert.Equal("engineering", (string?)assessment["targets"]!["primary"]);
        Assert.NotEmpty(assessment["targets"]!["recommended"]![0]!["reasons"]!.AsArray());
        Assert.NotNull(assessment["recommendation"]!["value"]);
        Assert.NotNull(assessment["readiness"]!.AsArray());

        var read = await client.GetAsync($"{Api.Escalations}/{id}");
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Equal(Api.ETagOf(response), Api.ETagOf(read));
        Assert.Equal("48213", (string?)(await Api.BodyAsync(read))["external_ref"]!["id"]);

        // The escalation's page names the ticket, linked.
        var page = await (await app.Server.SignedInClientAsync(agent)).GetStringAsync($"/escalations/{id}");
        Assert.Contains("href=\"https://acme.zendesk.com/agent/tickets/48213\"", page);
        Assert.Contains("zendesk 48213", page);
    }

    [Fact]
    public async Task Fields_over_the_wizards_limits_answer_422_with_the_wizards_messages_and_nothing_is_created()
    {
        var (agent, client) = await app.UserAsync();
        var summary = new string('x', 121);

        var response = await client.PostAsync(Api.Escalations,
            "{\"fields\": {\"understand\": {\"summary\": \"" + summary + "\", \"tried\": [{\"step\": \"ok\", \"result\": \"" + new string('y', 2001) + "\"}]}, \"impact\": {\"users_affected\": -1}}}");

        var problem = await Api.ProblemAsync(response, 422);
        var errors = problem["errors"]!.AsObject();
        Assert.Equal("Summary must be at most 120 characters.", (string?)errors["understand.summary"]![0]);
        Assert.Equal("Result must be at most 2,000 characters.", (string?)errors["understand.tried[0].result"]![0]);
        Assert.Equal("Users affected must be zero or more.", (string?)errors["impact.users_affected"]![0]);
        Assert.Equal(0, await app.DbAsync(db => db.Escalations.CountAsync(e => e.OwnerId == agent.Id)));
    }

    [Fact]
    public async Task Malformed_json_is_a_400_problem()
    {
        var (_, client) = await app.UserAsync();
        await Api.ProblemAsync(await client.PostAsync(Api.Escalations, """{"fields": {"understand": """), 400);
        await Api.ProblemAsync(await client.PostAsync(Api.Escalations, """{"fields": {"impact": {"depth": "very"}}}"""), 400);
    }

    [Fact]
    public async Task Patch_merges_fields_over_the_version_in_If_Match_and_a_stale_version_is_412_and_changes_nothing()
    {
        var (_, client) = await app.UserAsync();
        var created = await client.CreateAsync();
        var url = $"{Api.Escalations}/{created.Id()}";
        var version = $"\"{(int)created["version"]!}\"";

        var patched = await client.PatchAsync(url, """{"fields": {"understand": {"summary": "Checkout fails for all cards"}, "brief": {"whats_needed": null}}}""", version);

        Assert.Equal(HttpStatusCode.OK, patched.StatusCode);
        var body = await Api.BodyAsync(patched);
        Assert.Equal("Checkout fails for all cards", (string?)body["summary"]);
        Assert.Equal("Payments with EU cards fail with 500", (string?)body["fields"]!["understand"]!["whats_broken"]);
        Assert.Equal("", (string?)body["fields"]!["brief"]!["whats_needed"]);
        Assert.NotEqual(version, Api.ETagOf(patched));

        var stale = await client.PatchAsync(url, """{"fields": {"understand": {"summary": "Overwritten"}}}""", version);
        var problem = await Api.ProblemAsync(stale, 412);
        Assert.Equal((int)body["version"]!, (int)problem["current_version"]!);
        Assert.Equal("Checkout fails for all cards", (string?)(await Api.BodyAsync(await client.GetAsync(url)))["summary"]);

        await Api.ProblemAsync(await client.PatchAsync(url, """{"fields": {"understand": {"summary": "No precondition"}}}""", null), 428);
        await Api.ProblemAsync(await client.PatchAsync(url, "{\"fields\": {\"understand\": {\"summary\": \"" + new string('z', 130) + "\"}}}", Api.ETagOf(patched)), 422);
        Assert.Equal("Checkout fails for all cards", (string?)(await Api.BodyAsync(await client.GetAsync(url)))["summary"]);
    }

    [Fact]
    public async Task Escalate_then_every_lifecycle_action_moves_the_status_and_lands_on_the_timeline()
    {
        var (agent, client) = await app.UserAsync();
        var id = (await client.CreateAsync()).Id();
        var url = $"{Api.Escalations}/{id}";

        var escalated = await Api.BodyAsync(await Ok(client.PostAsync($"{url}/escalate", "")));
        Assert.Equal("escalated", (string?)escalated["status"]);
        Assert.NotNull(escalated["timers"]!["internal_follow_up"]!["due_at"]);
        Assert.Equal("waiting", (string?)escalated["timers"]!["customer_update"]!["state"]);

        await Ok(client.PostAsync($"{url}/acknowledge", ""));
        await Ok(client.PostAsync($"{url}/follow-up", """{"note": "Engineering is on it"}"""));
        await Ok(client.PostAsync($"{url}/customer-update", """{"channel": "email", "note": "We are working on it"}"""));
        var severity = await Api.BodyAsync(await Ok(client.PostAsync($"{url}/severity", """{"severity": "high", "reason": "A workaround exists"}""")));
        Assert.Equal("high", (string?)severity["severity"]);
        var resolved = await Api.BodyAsync(await Ok(client.PostAsync($"{url}/resolve", """{"resolution": "Fixed in 4.2.1"}""")));
        Assert.Equal("resolved", (string?)resolved["status"]);
        var closed = await Api.BodyAsync(await Ok(client.PostAsync($"{url}/close",
            """{"confirmed_with_customer": true, "tracking_updated": true, "learnings": "Test EU cards"}""")));
        Assert.Equal("closed", (string?)closed["status"]);
        Assert.Equal("Test EU cards", (string?)closed["outcome"]!["learnings"]);

        var timeline = await Api.BodyAsync(await Ok(client.GetAsync($"{url}/timeline")));
        var details = timeline["items"]!.AsArray().Select(t => (string)t!["detail"]!).ToList();
        Assert.Contains(details, d => d.StartsWith("Escalated: Critical", StringComparison.Ordinal));
        Assert.Contains("Acknowledged by the receiving team", details);
        Assert.Contains("Internal follow-up: Engineering is on it", details);
        Assert.Contains("Customer update by email: We are working on it", details);
        Assert.Contains(details, d => d.StartsWith("Severity Critical → High", StringComparison.Ordinal));
        Assert.Contains("Resolved: Fixed in 4.2.1", details);
        Assert.Equal(agent.Name, (string?)timeline["items"]![0]!["actor"]);
    }

    [Fact]
    public async Task De_escalating_takes_the_checklists_keys()
    {
        var (_, client) = await app.UserAsync();
        var url = $"{Api.Escalations}/{(await client.CreateAsync()).Id()}";
        await Ok(client.PostAsync($"{url}/escalate", ""));

        var body = await Api.BodyAsync(await Ok(client.PostAsync($"{url}/de-escalate",
            """{"reason": "workaround", "actions": ["notify-team", "update-ticket"], "note": "Customer unblocked"}""")));

        Assert.Equal("de_escalated", (string?)body["status"]);
        Assert.Equal("workaround", (string?)body["outcome"]!["de_escalation_reason"]);
        await Api.ProblemAsync(await client.PostAsync($"{url}/de-escalate", """{"reason": "whatever"}"""), 422);
    }

    [Fact]
    public async Task Refusals_are_422_for_missing_input_and_409_for_the_wrong_state()
    {
        var (_, client) = await app.UserAsync();
        var incomplete = (await client.CreateAsync("""{"understand": {"summary": "Only a summary"}}""")).Id();
        var notReady = await Api.ProblemAsync(await client.PostAsync($"{Api.Escalations}/{incomplete}/escalate", ""), 422);
        Assert.Contains(notReady["missing"]!.AsArray(), f => (string?)f!["message"] == "Set a deadline.");

        var url = $"{Api.Escalations}/{(await client.CreateAsync()).Id()}";
        await Api.ProblemAsync(await client.PostAsync($"{url}/acknowledge", ""), 409);
        await Ok(client.PostAsync($"{url}/escalate", ""));
        await Api.ProblemAsync(await client.PostAsync($"{url}/escalate", ""), 409);
        await Api.ProblemAsync(await client.PostAsync($"{url}/follow-up", """{"note": " "}"""), 422);
        await Api.ProblemAsync(await client.PostAsync($"{url}/customer-update", """{"channel": "pigeon", "note": "Sent"}"""), 422);
        await Api.ProblemAsync(await client.PostAsync($"{url}/close", """{"learnings": "Too early"}"""), 409);
        await Ok(client.PostAsync($"{url}/resolve", """{"resolution": "Done"}"""));
        // Resolved is history: its fields no longer change.
        var current = await client.GetAsync(url);
        await Api.ProblemAsync(await client.PatchAsync(url, """{"fields": {"understand": {"summary": "Late"}}}""", Api.ETagOf(current)), 409);
    }

    [Fact]
    public async Task Another_agents_draft_is_404_for_every_endpoint_and_a_lead_sees_it()
    {
        var (_, owner) = await app.UserAsync();
        var (_, other) = await app.UserAsync();
        var (_, lead) = await app.UserAsync(Roles.Lead);
        var url = $"{Api.Escalations}/{(await owner.CreateAsync()).Id()}";

        await Api.ProblemAsync(await other.GetAsync(url), 404);
        await Api.ProblemAsync(await other.GetAsync($"{url}/timeline"), 404);
        await Api.ProblemAsync(await other.GetAsync($"{url}/brief.md"), 404);
        await Api.ProblemAsync(await other.GetAsync($"{url}/brief.pdf"), 404);
        await Api.ProblemAsync(await other.PatchAsync(url, """{"fields": {"understand": {"summary": "Mine now"}}}""", "\"2\""), 404);
        await Api.ProblemAsync(await other.PostAsync($"{url}/escalate", ""), 404);
        await Api.ProblemAsync(await other.GetAsync($"{Api.Escalations}/999999"), 404);
        Assert.Equal(HttpStatusCode.OK, (await lead.GetAsync(url)).StatusCode);
    }

    [Fact]
    public async Task The_brief_downloads_as_markdown_and_pdf()
    {
        var (_, client) = await app.UserAsync();
        var url = $"{Api.Escalations}/{(await client.CreateAsync()).Id()}";

        var markdown = await Ok(client.GetAsync($"{url}/brief.md"));
        Assert.Equal("text/markdown", markdown.Content.Headers.ContentType!.MediaType);
        Assert.StartsWith("## ESCALATION: Checkout fails for EU cards", await markdown.Content.ReadAsStringAsync());

        var pdf = await Ok(client.GetAsync($"{url}/brief.pdf"));
        Assert.Equal("application/pdf", pdf.Content.Headers.ContentType!.MediaType);
        Assert.StartsWith("%PDF", System.Text.Encoding.ASCII.GetString((await pdf.Content.ReadAsByteArrayAsync())[..4]));
    }

    [Fact]
    public async Task The_brief_downloads_for_an_audience_and_an_unknown_audience_is_a_validation_problem()
    {
        var (_, client) = await app.UserAsync();
        var url = $"{Api.Escalations}/{(await client.CreateAsync()).Id()}";

        var engineering = await (await Ok(client.GetAsync($"{url}/brief.md?audience=engineering"))).Content.ReadAsStringAsync();
        Assert.Contains("\n### Reproduction Steps\n", engineering);
        Assert.True(engineering.IndexOf("### Reproduction Steps", StringComparison.Ordinal) < engineering.IndexOf("### Impact", StringComparison.Ordinal));

        var problem = await Api.ProblemAsync(await client.GetAsync($"{url}/brief.pdf?audience=everyone"), 400);
        Assert.Equal("Choose one of standard, engineering, leadership or customer.", (string?)problem["detail"]);
    }

    [Fact]
    public async Task Share_links_are_created_listed_and_revoked_through_the_API()
    {
        var (_, client) = await app.UserAsync();
        var url = $"{Api.Escalations}/{(await client.CreateAsync()).Id()}/share-links";

        var refused = await Api.ProblemAsync(await client.PostAsync(url, """{"audience": "standard", "expires_in_days": 7}"""), 422);
        Assert.NotNull(refused["errors"]!["audience"]);
        Assert.NotNull((await Api.ProblemAsync(await client.PostAsync(url, """{"audience": "leadership", "expires_in_days": 3}"""), 422))["errors"]!["expires_in_days"]);

        var created = await client.PostAsync(url, """{"audience": "leadership", "expires_in_days": 1}""");
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var link = await Api.BodyAsync(created);
        Assert.Equal("leadership", (string?)link["audience"]);
        Assert.Equal(1, (int?)link["snapshot_version"]);
        var shareUrl = new Uri((string)link["url"]!);
        Assert.StartsWith("/share/", shareUrl.AbsolutePath);

        var listed = await Api.BodyAsync(await Ok(client.GetAsync(url)));
        Assert.Equal((int)link["id"]!, (int)listed["items"]![0]!["id"]!);
        Assert.Null(listed["items"]![0]!["url"]);

        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"{url}/{(int)link["id"]!}")).StatusCode);
        Assert.NotNull((await Api.BodyAsync(await Ok(client.GetAsync(url))))["items"]![0]!["revoked_at"]);
        await Api.ProblemAsync(await client.DeleteAsync($"{url}/99999"), 404);
    }

    [Fact]
    public async Task A_GET_with_the_current_ETag_in_If_None_Match_is_304()
    {
        var (_, client) = await app.UserAsync();
        var url = $"{Api.Escalations}/{(await client.CreateAsync()).Id()}";
        var first = await client.GetAsync(url);
        var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.TryAddWithoutValidation("If-None-Match", Api.ETagOf(first));
        Assert.Equal(HttpStatusCode.NotModified, (await client.SendAsync(request)).StatusCode);
    }

    private static async Task<HttpResponseMessage> Ok(Task<HttpResponseMessage> sending)
    {
        var response = await sending;
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return response;
    }
}

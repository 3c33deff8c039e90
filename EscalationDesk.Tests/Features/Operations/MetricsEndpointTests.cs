using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using EscalationDesk.Features.Drafts;
using EscalationDesk.Features.Wizard;
using EscalationDesk.Tests.EndToEnd;
using Microsoft.Extensions.DependencyInjection;

namespace EscalationDesk.Tests.Features.Operations;

// The app's meter is one per process, so these tests run alone (no other test's app counting at the same time).
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MetricsCollection
{
    public const string Name = "metrics";
}

// The Prometheus scrape as Prometheus reads it, over real HTTP.
[Collection(MetricsCollection.Name)]
public sealed partial class MetricsEndpointTests
{
    private static readonly Dictionary<string, string?> Prometheus = new() { ["Metrics:Prometheus"] = "true" };

    [Fact]
    public async Task The_scrape_counts_created_escalations_and_autosaves()
    {
        using var server = new AppServer(Prometheus);
        using var client = server.AnonymousClient();
        var agent = await server.CreateUserAsync(EscalationDesk.Features.Users.Roles.Agent);
        await using (var scope = await server.ScopeAsAsync(agent))
        {
            var id = await scope.ServiceProvider.GetRequiredService<DraftsService>().CreateAsync();
            var wizard = scope.ServiceProvider.GetRequiredService<WizardService>();
            var draft = (await wizard.LoadAsync(id))!;
            draft.Content.Understand.Summary = "Counted";
            var first = await wizard.SaveAsync(id, draft.Content, 1, draft.Version);
            Assert.Equal(SaveOutcome.Saved, first.Outcome);
            var text = await client.GetStringAsync("/metrics");
            Assert.Equal(1, Value(text, "escalationdesk_escalations_created_total"));
            Assert.Equal(1, Value(text, "escalationdesk_autosaves_total"));

            draft.Content.Understand.Summary = "Counted twice";
            await wizard.SaveAsync(id, draft.Content, 1, first.Version);
            text = await client.GetStringAsync("/metrics");
            Assert.Equal(2, Value(text, "escalationdesk_autosaves_total"));
            Assert.Equal(1, Value(text, "escalationdesk_escalations_created_total"));
        }
    }

    [Fact]
    public async Task Without_the_setting_there_is_no_metrics_endpoint()
    {
        using var server = new AppServer();
        // Signed in: the app's not-found page; anonymous: sent to sign in, as for any address the app does not serve.
        using var client = await server.SignedInClientAsync(await server.CreateUserAsync(EscalationDesk.Features.Users.Roles.Admin));
        using var response = await client.GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.DoesNotContain("escalationdesk_", await response.Content.ReadAsStringAsync());
        using var anonymous = await server.AnonymousClient().GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.Redirect, anonymous.StatusCode);
        Assert.Contains("/account/login", anonymous.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task A_scrape_that_came_through_a_proxy_is_refused()
    {
        using var server = new AppServer(Prometheus);
        using var client = server.AnonymousClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        request.Headers.Add("X-Forwarded-For", "203.0.113.7");
        using var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.DoesNotContain("escalationdesk_", await response.Content.ReadAsStringAsync());
    }

    // The value of a metric without other labels than the scope's, e.g. escalationdesk_autosaves_total{otel_scope_name=...} 2
    private static double Value(string scrape, string metric)
    {
        var match = Regex.Match(scrape, $@"^{Regex.Escape(metric)}(?:\{{[^}}]*\}})? (\S+)", RegexOptions.Multiline);
        Assert.True(match.Success, $"{metric} is not in the scrape:\n{scrape[..Math.Min(scrape.Length, 3000)]}");
        return double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
    }
}

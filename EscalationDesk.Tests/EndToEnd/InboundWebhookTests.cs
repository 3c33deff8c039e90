using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using EscalationDesk.Data;
using EscalationDesk.Features.Tickets;
using EscalationDesk.Features.Users;
using EscalationDesk.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace EscalationDesk.Tests.EndToEnd;

// Zendesk's webhook over real HTTP to the real app (no sign-in, no token), the helpdesk being FakeZendesk.
public sealed class InboundWebhookTests : IAsyncLifetime
{
    private const string Secret = "dGhpcyBpcyBhIHNpZ25pbmcgc2VjcmV0";
    private FakeZendesk _zendesk = default!;
    private AppServer _server = default!;

    public async Task InitializeAsync()
    {
        _zendesk = await FakeZendesk.StartNewAsync();
        _zendesk.Tags[FakeZendesk.TicketId] = ["escalate"];
        _server = new AppServer(new Dictionary<string, string?>
        {
            ["Connectors:Zendesk:BaseUrl"] = _zendesk.BaseUrl, ["Connectors:Zendesk:Email"] = FakeZendesk.Email,
            ["Connectors:Zendesk:ApiToken"] = FakeZendesk.Token, ["Connectors:Zendesk:WebhookSecret"] = Secret,
        });
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        await _zendesk.DisposeAsync();
    }

    private static readonly byte[] Body = Encoding.UTF8.GetBytes($$$"""{"ticket":{"id":"{{{FakeZendesk.TicketId}}}"}}""");

    private async Task<HttpResponseMessage> PostAsync(byte[] body, bool signed = true)
    {
        using var client = _server.AnonymousClient();
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        var request = new HttpRequestMessage(HttpMethod.Post, InboundEndpoints.ZendeskPath) { Content = content };
        var at = DateTimeOffset.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ");
        request.Headers.Add("X-Zendesk-Webhook-Signature-Timestamp", at);
        request.Headers.Add("X-Zendesk-Webhook-Signature", signed ? InboundSignatures.Zendesk(Secret, at, body) : "AAAA");
        return await client.SendAsync(request);
    }

    private async Task<int> EscalationCountAsync()
    {
        await using var db = await _server.Services.GetRequiredService<IDbContextFactory<EscalationDeskDbContext>>().CreateDbContextAsync();
        return await db.Escalations.CountAsync();
    }

    [Fact]
    public async Task A_bad_signature_is_401_and_an_oversized_body_413_with_nothing_created()
    {
        using var unsigned = await PostAsync(Body, signed: false);
        using var huge = await PostAsync(Encoding.UTF8.GetBytes($$$"""{"ticket":{"id":1},"pad":"{{{new string('x', InboundTickets.MaxBodyBytes)}}}"}"""));

        Assert.Equal(HttpStatusCode.Unauthorized, unsigned.StatusCode);
        Assert.Equal("application/problem+json", unsigned.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, huge.StatusCode);
        Assert.Equal(0, await EscalationCountAsync());
    }

    [Fact]
    public async Task A_signed_webhook_starts_a_draft_for_the_assignee_and_one_nobody_owns_is_shown_to_Leads_under_From_tickets()
    {
        var agent = await _server.CreateUserAsync(Roles.Agent);
        _zendesk.Users[FakeZendesk.AgentId] = ("Jane Doe", agent.Email, "agent");

        using var created = await PostAsync(Body);

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var answer = JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(("created", agent.Name), (answer.GetProperty("action").GetString(), answer.GetProperty("owner").GetString()));
        using var agents = await _server.SignedInClientAsync(agent);
        Assert.Contains("Help, my printer is on fire!", await agents.GetStringAsync("/drafts"));

        // Another ticket whose assignee has no account here.
        _zendesk.Tickets[77] = ("Invoices print blank", FakeZendesk.RequesterId, FakeZendesk.OrganizationId, DateTime.UtcNow);
        _zendesk.Comments[77] = [new(9001, FakeZendesk.RequesterId, true, "Every invoice prints blank since Monday.", DateTime.UtcNow)];
        _zendesk.Tags[77] = ["escalate"];
        _zendesk.AssigneeId = null;
        using var unowned = await PostAsync("""{"ticket":{"id":77}}"""u8.ToArray());
        Assert.Equal(HttpStatusCode.Created, unowned.StatusCode);

        using var leads = await _server.SignedInClientAsync(await _server.CreateUserAsync(Roles.Lead));
        var page = await leads.GetStringAsync("/tickets/inbound");
        Assert.Contains("Invoices print blank", page);
        Assert.Contains("Zendesk ticket 77", page);
        Assert.DoesNotContain("Help, my printer is on fire!", page);
        Assert.Equal(HttpStatusCode.NotFound, (await agents.GetAsync("/tickets/inbound")).StatusCode);
    }
}

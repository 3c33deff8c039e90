using System.Text;
using EscalationDesk.Data;
using EscalationDesk.Features.Tickets;
using EscalationDesk.Features.Users;
using EscalationDesk.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace EscalationDesk.Tests.Features.Tickets;

// The helpdesks' webhooks, signed as Zendesk and Zammad sign them, against FakeZendesk / FakeZammad (tags and assignee
// read from their APIs), on the run's engine.
public sealed class InboundTicketsTests : IAsyncLifetime
{
    private const string ZendeskSecret = "dGhpcyBpcyBhIHNpZ25pbmcgc2VjcmV0", ZammadSecret = "zammad-hmac-token";
    private TicketTestHost _host = default!;

    public async Task InitializeAsync()
    {
        _host = await TicketTestHost.StartAsync(new()
        {
            ["Connectors:Zendesk:WebhookSecret"] = ZendeskSecret, ["Connectors:Zammad:WebhookSecret"] = ZammadSecret,
        });
        await _host.ConnectZendeskAsync();
        await _host.ConnectZammadAsync();
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private static byte[] ZendeskBody(long id = FakeZendesk.TicketId) => Encoding.UTF8.GetBytes(
        $$$"""{"type":"zen:event-type:ticket.tags_changed","id":"01HN0000","time":"2026-12-02T14:00:00Z","subject":"zen:ticket:{{{id}}}","detail":{"id":"{{{id}}}","tags":["escalate"]}}""");

    private static byte[] ZammadBody() => Encoding.UTF8.GetBytes(
        $$$"""{"ticket":{"id":{{{FakeZammad.TicketId}}},"number":"31001","title":"CSV export truncated at 10,000 rows","tags":["escalate"]},"article":{"id":503}}""");

    private Task<InboundOutcome> ZendeskAsync(byte[] body, string? signature = null, string? timestamp = null)
    {
        timestamp ??= DateTimeOffset.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ");
        signature ??= InboundSignatures.Zendesk(ZendeskSecret, timestamp, body);
        var headers = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
        {
            ["X-Zendesk-Webhook-Signature"] = signature, ["X-Zendesk-Webhook-Signature-Timestamp"] = timestamp,
        };
        return _host.Get<InboundTickets>().HandleAsync(TicketSystem.Zendesk, body, h => headers.GetValueOrDefault(h));
    }

    private Task<InboundOutcome> ZammadAsync(byte[] body, string? signature = null) =>
        _host.Get<InboundTickets>().HandleAsync(TicketSystem.Zammad, body,
            h => h.Equals("X-Hub-Signature", StringComparison.OrdinalIgnoreCase) ? signature ?? InboundSignatures.Zammad(ZammadSecret, body) : null);

    private async Task<string> AddUserAsync(string email, string name)
    {
        await using var db = _host.Db.CreateDbContext();
        var user = new AppUser { UserName = email, NormalizedUserName = email.ToUpperInvariant(), Email = email, NormalizedEmail = email.ToUpperInvariant(), DisplayName = name };
        db.Users.Add(user);
        await db.SaveChangesAsync();
        return user.Id;
    }

    private async Task<(string? OwnerId, string Owner)> OwnerAsync(int id)
    {
        await using var db = _host.Db.CreateDbContext();
        var e = await db.Escalations.AsNoTracking().SingleAsync(x => x.Id == id);
        return (e.OwnerId, e.Owner);
    }

    [Fact]
    public async Task A_Zendesk_ticket_tagged_escalate_becomes_a_draft_owned_by_the_user_with_the_assignees_email()
    {
        var jane = await AddUserAsync(FakeZendesk.Email.ToUpperInvariant(), "Jane Doe");
        _host.Zendesk.Tags[FakeZendesk.TicketId] = ["printer", "escalate"];

        var outcome = await ZendeskAsync(ZendeskBody());

        Assert.Equal(201, outcome.Status);
        Assert.Equal(("created", "Jane Doe"), (outcome.Action, outcome.Owner));
        Assert.Equal((jane, "Jane Doe"), await OwnerAsync(outcome.DraftId!.Value));
        Assert.Equal("Help, my printer is on fire!", (await _host.Get<EscalationDesk.Features.Wizard.WizardService>(new FixedUser("Jane Doe", id: jane)).LoadAsync(outcome.DraftId.Value))!.Content.Understand.Summary);
        // Not listed for Leads: it has its owner.
        Assert.Empty(await _host.Get<InboundTickets>(FixedUser.Lead()).UnassignedAsync());
    }

    [Fact]
    public async Task A_second_webhook_for_the_same_ticket_refreshes_its_draft()
    {
        await AddUserAsync(FakeZendesk.Email, "Jane Doe");
        _host.Zendesk.Tags[FakeZendesk.TicketId] = ["escalate"];
        var first = await ZendeskAsync(ZendeskBody());
        _host.Zendesk.Comments[FakeZendesk.TicketId].Add(new(1290, FakeZendesk.RequesterId, true, "Now the scanner is smoking too.", DateTime.UtcNow));

        var second = await ZendeskAsync(Encoding.UTF8.GetBytes($$$"""{"ticket":{"id":{{{FakeZendesk.TicketId}}}}}"""));

        Assert.Equal((200, "refreshed", first.DraftId), (second.Status, second.Action, second.DraftId));
        Assert.StartsWith("1 new comment from Zendesk", second.Message);
        Assert.Equal(1, (await _host.CountsAsync()).Escalations);
    }

    [Fact]
    public async Task Two_webhooks_for_one_ticket_at_once_start_one_draft()
    {
        _host.Zendesk.Tags[FakeZendesk.TicketId] = ["escalate"];

        var outcomes = await Task.WhenAll(ZendeskAsync(ZendeskBody()), ZendeskAsync(Encoding.UTF8.GetBytes($$$"""{"ticket_id":{{{FakeZendesk.TicketId}}}}""")));

        Assert.Equal([200, 201], outcomes.Select(o => o.Status).Order());
        Assert.Equal(1, (await _host.CountsAsync()).Escalations);
    }

    [Fact]
    public async Task A_ticket_not_tagged_escalate_is_ignored()
    {
        var outcome = await ZendeskAsync(ZendeskBody());

        Assert.Equal(204, outcome.Status);
        Assert.Equal((0, 0), ((await _host.CountsAsync()).Escalations, (await _host.CountsAsync()).Links));
    }

    [Fact]
    public async Task Bad_missing_or_old_signatures_are_refused_and_create_nothing()
    {
        _host.Zendesk.Tags[FakeZendesk.TicketId] = ["escalate"];
        var body = ZendeskBody();
        var now = DateTimeOffset.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ");
        var old = DateTimeOffset.UtcNow.AddMinutes(-6).ToString("yyyy-MM-ddTHH:mm:ssZ");

        var wrongSecret = await ZendeskAsync(body, InboundSignatures.Zendesk("another secret", now, body), now);
        var tampered = await ZendeskAsync(body, InboundSignatures.Zendesk(ZendeskSecret, now, ZendeskBody(99)), now);
        var garbage = await ZendeskAsync(body, "not base64!", now);
        var stale = await ZendeskAsync(body, InboundSignatures.Zendesk(ZendeskSecret, old, body), old);
        var zammad = await ZammadAsync(ZammadBody(), "sha1=" + new string('0', 40));
        var unsigned = await ZammadAsync(ZammadBody(), "");

        Assert.All(new[] { wrongSecret, tampered, garbage, stale, zammad, unsigned }, o => Assert.Equal(401, o.Status));
        Assert.Contains("too old", stale.Message);
        Assert.Equal(0, (await _host.CountsAsync()).Escalations);
        // Refused before the helpdesk was asked anything.
        Assert.DoesNotContain(_host.Zendesk.Requests, r => r.StartsWith("/api/v2/tickets/"));
    }

    [Fact]
    public async Task A_replayed_webhook_is_refused()
    {
        _host.Zendesk.Tags[FakeZendesk.TicketId] = ["escalate"];
        var body = ZendeskBody();
        var at = DateTimeOffset.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ");
        var signature = InboundSignatures.Zendesk(ZendeskSecret, at, body);

        Assert.Equal(201, (await ZendeskAsync(body, signature, at)).Status);
        var replay = await ZendeskAsync(body, signature, at);

        Assert.Equal(409, replay.Status);
        Assert.Equal(1, (await _host.CountsAsync()).Escalations);
    }

    [Fact]
    public async Task Without_a_secret_nothing_is_accepted()
    {
        _host.Configure();
        _host.Zendesk.Tags[FakeZendesk.TicketId] = ["escalate"];

        var outcome = await ZendeskAsync(ZendeskBody());

        Assert.Equal(401, outcome.Status);
        Assert.Contains("Connectors:Zendesk:WebhookSecret", outcome.Message);
    }

    [Fact]
    public async Task A_secret_entered_on_the_Connections_page_is_used_when_configuration_has_none()
    {
        _host.Configure();
        Assert.Null(await _host.Get<TicketConnections>(_host.Admin).SaveAsync(TicketSystem.Zendesk,
            new ConnectionInput { BaseUrl = _host.Zendesk.BaseUrl, Email = FakeZendesk.Email, WebhookSecret = ZendeskSecret }));
        _host.Zendesk.Tags[FakeZendesk.TicketId] = ["escalate"];

        Assert.Equal(201, (await ZendeskAsync(ZendeskBody())).Status);

        var view = (await _host.Get<TicketConnections>(_host.Admin).ListAsync()).Single(v => v.System == TicketSystem.Zendesk);
        Assert.True(view.WebhookSecretSet);
        await using var db = _host.Db.CreateDbContext();
        Assert.DoesNotContain(ZendeskSecret, (await db.TicketConnections.SingleAsync(c => c.System == TicketSystem.Zendesk)).ProtectedWebhookSecret);
    }

    [Fact]
    public async Task A_Zammad_ticket_whose_owner_is_nobody_here_is_listed_under_From_tickets_and_a_Lead_takes_it()
    {
        _host.Zammad.TicketTags.Add("escalate");

        var outcome = await ZammadAsync(ZammadBody());

        Assert.Equal(201, outcome.Status);
        Assert.Null(outcome.Owner);
        Assert.Equal((null, InboundTickets.Unassigned), await OwnerAsync(outcome.DraftId!.Value));
        var lead = FixedUser.Lead();
        var listed = Assert.Single(await _host.Get<InboundTickets>(lead).UnassignedAsync());
        Assert.Equal((outcome.DraftId.Value, "CSV export truncated at 10,000 rows", TicketSystem.Zammad, "123"), (listed.Id, listed.Summary, listed.System, listed.TicketId));
        Assert.Equal(_host.Zammad.TicketUrl(FakeZammad.TicketId), listed.TicketUrl);
        // Agents do not see the list.
        await Assert.ThrowsAsync<NotAllowedException>(() => _host.Get<InboundTickets>(_host.Agent).UnassignedAsync());

        Assert.True(await _host.Get<InboundTickets>(lead).TakeAsync(listed.Id));

        Assert.Equal((lead.Id, "Lee Lead"), await OwnerAsync(listed.Id));
        Assert.Empty(await _host.Get<InboundTickets>(lead).UnassignedAsync());
        Assert.False(await _host.Get<InboundTickets>(FixedUser.Lead("Another Lead")).TakeAsync(listed.Id));
    }

    [Fact]
    public async Task A_helpdesk_that_cannot_be_read_answers_502_and_its_retry_is_accepted()
    {
        _host.Zammad.TicketTags.Add("escalate");
        _host.Zammad.Fail($"/api/v1/tickets/{FakeZammad.TicketId}", 503, times: 3);
        var body = ZammadBody();

        var failed = await ZammadAsync(body);
        var retried = await ZammadAsync(body);

        Assert.Equal(502, failed.Status);
        Assert.Equal(201, retried.Status);
        Assert.Equal(1, (await _host.CountsAsync()).Escalations);
    }

    [Fact]
    public void The_ticket_id_is_read_from_the_payload_shapes_the_platforms_send()
    {
        Assert.Equal("35436", InboundTickets.TicketIdOf(TicketSystem.Zendesk, ZendeskBody()));
        Assert.Equal("42", InboundTickets.TicketIdOf(TicketSystem.Zendesk, """{"ticket":{"id":"42"}}"""u8.ToArray()));
        Assert.Equal("42", InboundTickets.TicketIdOf(TicketSystem.Zendesk, """{"ticket_id":42}"""u8.ToArray()));
        Assert.Equal("123", InboundTickets.TicketIdOf(TicketSystem.Zammad, ZammadBody()));
        Assert.Null(InboundTickets.TicketIdOf(TicketSystem.Zendesk, """{"ticket":{"id":"1; DROP TABLE"}}"""u8.ToArray()));
        Assert.Null(InboundTickets.TicketIdOf(TicketSystem.Zendesk, "not json"u8.ToArray()));
    }
}

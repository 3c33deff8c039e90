using EscalationDesk.Data;
using EscalationDesk.Features.Escalations;
using EscalationDesk.Features.Judgment;
using EscalationDesk.Features.Tickets;
using EscalationDesk.Features.Wizard;
using EscalationDesk.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace EscalationDesk.Tests.Features.Tickets;

// Escalating a draft started from a ticket queues an internal note; the worker posts it to FakeZendesk / FakeZammad and
// the timeline tells the outcome. A customer update can go to the ticket as a public reply, when asked.
public sealed class TicketWriteBackTests : IAsyncLifetime
{
    private const string App = "https://desk.example.com/";
    private TicketTestHost _host = default!;

    public async Task InitializeAsync() => _host = await TicketTestHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private async Task<int> EscalatedFromAsync(string ticket)
    {
        var id = (await _host.ImportAsync(ticket)).DraftId!.Value;
        var wizard = _host.Get<WizardService>(_host.Agent);
        var draft = (await wizard.LoadAsync(id))!;
        draft.Content.Impact.SeveritySignals.Add("major-functionality");
        draft.Content.Target.Signals.Add("bug-needs-fix");
        draft.Content.Brief.WhatsNeeded = "Find why invoices set the tray alight";
        draft.Content.Brief.Deadline = new DateTime(2026, 11, 30, 17, 0, 0);
        Assert.Equal(SaveOutcome.Saved, (await wizard.SaveAsync(id, draft.Content, 6, draft.Version)).Outcome);
        var result = await _host.Get<EscalateCommand>(_host.Agent).EscalateAsync(id, App);
        Assert.True(result.Ok, result.Error);
        return id;
    }

    private Task<int> RunAsync() => _host.Get<TicketWriteBackWorker>().RunDueAsync();

    private async Task<List<TimelineEvent>> WriteBackEventsAsync(int id)
    {
        await using var db = _host.Db.CreateDbContext();
        return await db.Timeline.Where(t => t.EscalationId == id && t.Kind.StartsWith("ticket-writeback")).OrderBy(t => t.Id).ToListAsync();
    }

    private async Task<EscalationStatus> StatusAsync(int id)
    {
        await using var db = _host.Db.CreateDbContext();
        return await db.Escalations.Where(e => e.Id == id).Select(e => e.Status).SingleAsync();
    }

    private async Task MakeDueAsync()
    {
        await using var db = _host.Db.CreateDbContext();
        await db.TicketWriteBacks.Where(w => w.State == WriteBackState.Pending).ExecuteUpdateAsync(u => u.SetProperty(w => w.NextAttemptAt, DateTime.UtcNow.AddSeconds(-1)));
    }

    [Fact]
    public async Task Escalating_adds_an_internal_note_with_the_link_severity_and_targets_to_the_Zendesk_ticket()
    {
        await _host.ConnectZendeskAsync();
        var id = await EscalatedFromAsync(_host.Zendesk.TicketUrl(FakeZendesk.TicketId));
        // Nothing is posted inside the escalation itself: the worker does it after the commit.
        Assert.Empty(_host.Zendesk.Writes);

        Assert.Equal(1, await RunAsync());

        var (method, path, body) = Assert.Single(_host.Zendesk.Writes);
        Assert.Equal(("PUT", $"/api/v2/tickets/{FakeZendesk.TicketId}.json"), (method, path));
        var comment = body["ticket"]!["comment"]!;
        Assert.False(comment["public"]!.GetValue<bool>());
        var text = comment["body"]!.GetValue<string>();
        Assert.Contains($"ESC-{id}", text);
        Assert.Contains($"{App}escalations/{id}", text);
        Assert.Contains("Severity: High", text);
        Assert.Contains("Targets: Engineering", text);
        var posted = Assert.Single(await WriteBackEventsAsync(id));
        Assert.Equal((TicketWriteBacks.PostedKind, $"Internal note added to Zendesk ticket {FakeZendesk.TicketId}."), (posted.Kind, posted.Detail));
        // Posted once: a second run finds nothing due.
        Assert.Equal(0, await RunAsync());
        Assert.Single(_host.Zendesk.Writes);
    }

    [Fact]
    public async Task Escalating_adds_an_internal_note_article_to_the_Zammad_ticket()
    {
        await _host.ConnectZammadAsync();
        var id = await EscalatedFromAsync(_host.Zammad.TicketUrl(FakeZammad.TicketId));

        await RunAsync();

        var (method, path, body) = Assert.Single(_host.Zammad.Writes);
        Assert.Equal(("POST", "/api/v1/ticket_articles"), (method, path));
        Assert.Equal(FakeZammad.TicketId, body["ticket_id"]!.GetValue<long>());
        Assert.Equal(("note", true, "text/plain"), (body["type"]!.GetValue<string>(), body["internal"]!.GetValue<bool>(), body["content_type"]!.GetValue<string>()));
        Assert.Contains($"{App}escalations/{id}", body["body"]!.GetValue<string>());
        Assert.Equal($"Internal note added to Zammad ticket {FakeZammad.TicketId}.", Assert.Single(await WriteBackEventsAsync(id)).Detail);
    }

    [Fact]
    public async Task A_draft_not_started_from_a_ticket_writes_nothing_back()
    {
        await _host.ConnectZendeskAsync();
        var scenario = new EscalationDesk.Tests.Features.Escalations.EscalationScenario(_host.Db);

        var id = await scenario.EscalatedAsync();

        Assert.Equal(0, await RunAsync());
        Assert.Empty(_host.Zendesk.Writes);
        Assert.Empty(await WriteBackEventsAsync(id));
    }

    [Fact]
    public async Task A_customer_update_goes_to_Zendesk_as_a_public_reply_only_when_asked()
    {
        await _host.ConnectZendeskAsync();
        var id = await EscalatedFromAsync(_host.Zendesk.TicketUrl(FakeZendesk.TicketId));
        await RunAsync();
        const string update = "Hello Roger,\n\nA fix for the printer firmware is being tested.\n\nBest regards";
        Assert.True((await _host.Get<LifecycleCommands>(_host.Agent).LogCustomerUpdateAsync(id, "Email", update)).Ok);
        // Marked as sent without the choice: nothing more on the ticket.
        Assert.Equal(0, await RunAsync());

        var writeBacks = _host.Get<TicketWriteBacks>(_host.Agent);
        Assert.Equal(new LinkedTicket(TicketSystem.Zendesk, FakeZendesk.TicketId.ToString()), await writeBacks.LinkedTicketAsync(id));
        Assert.Null(await writeBacks.QueuePublicReplyAsync(id, update));
        await RunAsync();

        var reply = _host.Zendesk.Writes[^1].Body["ticket"]!["comment"]!;
        Assert.True(reply["public"]!.GetValue<bool>());
        Assert.Equal(update, reply["body"]!.GetValue<string>());
        Assert.Equal($"Public reply added to Zendesk ticket {FakeZendesk.TicketId}. Requested by Ana Agent.", (await WriteBackEventsAsync(id))[^1].Detail);
        Assert.Contains(_host.Zendesk.Comments[FakeZendesk.TicketId], c => c.Public && c.PlainBody == update);
    }

    [Fact]
    public async Task A_public_reply_on_Zammad_is_an_agent_email_to_the_customer()
    {
        await _host.ConnectZammadAsync();
        var id = await EscalatedFromAsync(_host.Zammad.TicketUrl(FakeZammad.TicketId));

        Assert.Null(await _host.Get<TicketWriteBacks>(_host.Agent).QueuePublicReplyAsync(id, "Hello Nicole, the export limit is lifted tonight."));
        await RunAsync();

        var body = _host.Zammad.Writes[^1].Body;
        Assert.Equal(("email", false, "Agent"), (body["type"]!.GetValue<string>(), body["internal"]!.GetValue<bool>(), body["sender"]!.GetValue<string>()));
        Assert.Equal("nicole.braun@zammad.org", body["to"]!.GetValue<string>());
        Assert.Equal("CSV export truncated at 10,000 rows", body["subject"]!.GetValue<string>());
        Assert.Equal("Hello Nicole, the export limit is lifted tonight.", body["body"]!.GetValue<string>());
    }

    [Fact]
    public async Task Refused_credentials_fail_at_once_on_the_timeline_and_the_escalation_stands()
    {
        // Imported while the token was right; changed since.
        await _host.ConnectZendeskAsync();
        var id = (await _host.ImportAsync($"{FakeZendesk.TicketId}")).DraftId!.Value;
        await _host.ConnectZendeskAsync("not-the-token");
        var wizard = _host.Get<WizardService>(_host.Agent);
        var draft = (await wizard.LoadAsync(id))!;
        draft.Content.Impact.SeveritySignals.Add("major-functionality");
        draft.Content.Target.Signals.Add("bug-needs-fix");
        draft.Content.Brief.WhatsNeeded = "Find the cause";
        draft.Content.Brief.Deadline = new DateTime(2026, 11, 30, 17, 0, 0);
        await wizard.SaveAsync(id, draft.Content, 6, draft.Version);

        Assert.True((await _host.Get<EscalateCommand>(_host.Agent).EscalateAsync(id, App)).Ok);
        await RunAsync();

        Assert.Equal(EscalationStatus.Escalated, await StatusAsync(id));
        var failed = Assert.Single(await WriteBackEventsAsync(id));
        Assert.Equal((TicketWriteBacks.FailedKind, TimelineActors.System), (failed.Kind, failed.Actor));
        Assert.StartsWith($"Could not add the internal note on Zendesk ticket {FakeZendesk.TicketId}: Zendesk refused the credentials (401 Unauthorized)", failed.Detail);
        // Not tried again: a 401 does not pass by waiting.
        await MakeDueAsync();
        Assert.Equal(0, await RunAsync());
    }

    [Fact]
    public async Task A_ticket_deleted_meanwhile_is_a_404_on_the_timeline()
    {
        await _host.ConnectZendeskAsync();
        var id = await EscalatedFromAsync($"{FakeZendesk.TicketId}");
        _host.Zendesk.Tickets.Remove(FakeZendesk.TicketId);

        await RunAsync();

        Assert.Equal(EscalationStatus.Escalated, await StatusAsync(id));
        Assert.Contains("Zendesk found no ticket 35436 (404 Not Found)", Assert.Single(await WriteBackEventsAsync(id)).Detail);
    }

    [Fact]
    public async Task A_429_with_a_long_Retry_After_waits_that_long_then_the_note_is_added()
    {
        await _host.ConnectZendeskAsync();
        var id = await EscalatedFromAsync($"{FakeZendesk.TicketId}");
        _host.Zendesk.TooManyRequests($"/api/v2/tickets/{FakeZendesk.TicketId}.json", 600);

        var before = DateTime.UtcNow;
        await RunAsync();

        var first = Assert.Single(await WriteBackEventsAsync(id));
        Assert.Equal(TicketWriteBacks.FailedKind, first.Kind);
        Assert.Contains("429 Too Many Requests", first.Detail);
        Assert.Contains("Trying again at", first.Detail);
        await using (var db = _host.Db.CreateDbContext())
        {
            var row = await db.TicketWriteBacks.SingleAsync();
            Assert.Equal(WriteBackState.Pending, row.State);
            Assert.True(row.NextAttemptAt >= before.AddMinutes(10).AddSeconds(-5), $"next attempt {row.NextAttemptAt:O}");
        }
        Assert.Equal(0, await RunAsync());

        await MakeDueAsync();
        await RunAsync();

        var events = await WriteBackEventsAsync(id);
        Assert.Equal([TicketWriteBacks.FailedKind, TicketWriteBacks.PostedKind], events.Select(e => e.Kind));
        Assert.Single(_host.Zendesk.Writes);
    }

    [Fact]
    public async Task A_helpdesk_down_is_retried_later_and_given_up_after_the_last_attempt()
    {
        await _host.ConnectZammadAsync();
        var id = await EscalatedFromAsync(_host.Zammad.TicketUrl(FakeZammad.TicketId));
        // Every attempt (three requests each: the pipeline's own retries) answers 503.
        _host.Zammad.Fail("/api/v1/ticket_articles", 503, times: 3 * (TicketWriteBackWorker.Retries.Count + 1));

        await RunAsync();
        for (var i = 0; i < TicketWriteBackWorker.Retries.Count; i++)
        {
            await MakeDueAsync();
            await RunAsync();
        }

        Assert.Equal(EscalationStatus.Escalated, await StatusAsync(id));
        var events = await WriteBackEventsAsync(id);
        Assert.Equal(2, events.Count);
        Assert.Contains("Zammad failed (503", events[0].Detail);
        Assert.Contains("Trying again at", events[0].Detail);
        Assert.StartsWith($"Gave up adding the internal note on Zammad ticket {FakeZammad.TicketId} after {TicketWriteBackWorker.Retries.Count + 1} attempts", events[1].Detail);
        Assert.Empty(_host.Zammad.Writes);
        await using var db = _host.Db.CreateDbContext();
        Assert.Equal(WriteBackState.Failed, (await db.TicketWriteBacks.SingleAsync()).State);
    }
}

using EscalationDesk.Features.Tickets;
using EscalationDesk.Features.Users;
using EscalationDesk.Features.Wizard;
using EscalationDesk.Tests.Infrastructure;

namespace EscalationDesk.Tests.Features.Tickets;

public sealed class TicketRefreshTests : IAsyncLifetime
{
    private TicketTestHost _host = default!;

    public async Task InitializeAsync() => _host = await TicketTestHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Refresh_adds_new_comments_and_fills_only_empty_fields()
    {
        await _host.ConnectZendeskAsync();
        var id = (await _host.ImportAsync($"{FakeZendesk.TicketId}")).DraftId!.Value;
        // The agent rewrites the summary and clears who's affected.
        var wizard = _host.Get<WizardService>(_host.Agent);
        var draft = (await wizard.LoadAsync(id))!;
        draft.Content.Understand.Summary = "Printer fire on invoice print (firmware 4.2)";
        draft.Content.Understand.WhosAffected = "";
        Assert.Equal(SaveOutcome.Saved, (await wizard.SaveAsync(id, draft.Content, 2, draft.Version)).Outcome);
        // Meanwhile on the ticket: a new subject and a new public agent reply.
        _host.Zendesk.Tickets[FakeZendesk.TicketId] = _host.Zendesk.Tickets[FakeZendesk.TicketId] with { Subject = "URGENT printer fire" };
        _host.Zendesk.Comments[FakeZendesk.TicketId].Add(new(1278, FakeZendesk.AgentId, true, "Firmware 4.2.1 is rolling out tonight.", new DateTime(2026, 11, 21, 12, 0, 0, DateTimeKind.Utc)));

        var result = await _host.Get<TicketImport>(_host.Agent).RefreshAsync(id);

        Assert.True(result.Ok, result.Message);
        Assert.StartsWith("1 new comment from Zendesk; filled Who's affected", result.Message);
        var c = await _host.ContentAsync(id);
        Assert.Equal("Printer fire on invoice print (firmware 4.2)", c.Understand.Summary);
        Assert.Contains("Roger Wilco", c.Understand.WhosAffected);
        // Already filled from the import: the agent's step 6 stays as it is.
        Assert.Equal("We are looking into it and will update you by 3 pm.", c.Brief.LastUpdateToCustomer);
        Assert.Single(c.Context.RelatedTickets);
        var history = (await _host.Get<TicketImport>().HistoryAsync(id))!;
        Assert.Equal("Firmware 4.2.1 is rolling out tonight.", history.Comments[^1].Body);
        Assert.Equal("URGENT printer fire", history.Subject);

        var again = await _host.Get<TicketImport>(_host.Agent).RefreshAsync(id);

        Assert.StartsWith("0 new comments", again.Message);
        Assert.Equal(4, (await _host.Get<TicketImport>().HistoryAsync(id))!.Comments.Count);
    }

    [Fact]
    public async Task A_failed_refresh_changes_nothing_and_says_why()
    {
        await _host.ConnectZammadAsync();
        var id = (await _host.ImportAsync(_host.Zammad.TicketUrl(FakeZammad.TicketId))).DraftId!.Value;
        var before = (await _host.Get<WizardService>(_host.Agent).LoadAsync(id))!;
        _host.Zammad.Fail($"/api/v1/ticket_articles/by_ticket/{FakeZammad.TicketId}", 403);

        var result = await _host.Get<TicketImport>(_host.Agent).RefreshAsync(id);

        Assert.False(result.Ok);
        Assert.StartsWith("Zammad denied access (403 Forbidden)", result.Message);
        Assert.Equal(before.Version, (await _host.Get<WizardService>(_host.Agent).LoadAsync(id))!.Version);
    }

    [Fact]
    public async Task Another_agent_can_neither_refresh_nor_read_the_history()
    {
        await _host.ConnectZendeskAsync();
        var id = (await _host.ImportAsync($"{FakeZendesk.TicketId}")).DraftId!.Value;
        var other = new FixedUser("Otto Other");

        await Assert.ThrowsAsync<NotAllowedException>(() => _host.Get<TicketImport>(other).RefreshAsync(id));
        Assert.Null(await _host.Get<TicketImport>(other).HistoryAsync(id));
    }
}

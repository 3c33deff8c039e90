using EscalationDesk.Features.Tickets;
using EscalationDesk.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace EscalationDesk.Tests.Features.Tickets;

// New from ticket against FakeZendesk / FakeZammad on loopback, on the run's engine (SQLite or PostgreSQL).
public sealed class TicketImportTests : IAsyncLifetime
{
    private TicketTestHost _host = default!;

    public async Task InitializeAsync() => _host = await TicketTestHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task A_Zendesk_agent_URL_starts_a_draft_filled_from_the_ticket()
    {
        await _host.ConnectZendeskAsync();

        var result = await _host.ImportAsync(_host.Zendesk.TicketUrl(FakeZendesk.TicketId));

        Assert.True(result.Ok, result.Message);
        var c = await _host.ContentAsync(result.DraftId!.Value);
        Assert.Equal("Help, my printer is on fire!", c.Understand.Summary);
        Assert.Equal("The fire is very colorful. Printing any invoice sets the tray alight.", c.Understand.WhatsBroken);
        Assert.Equal("Globex Corporation", (await _host.Get<EscalationDesk.Features.Accounts.AccountService>().GetAsync(c.Understand.AccountId!.Value))!.Name);
        Assert.Contains("Roger Wilco <roger@globex.example>", c.Understand.WhosAffected);
        Assert.Contains("Globex Corporation", c.Understand.WhosAffected);
        Assert.Equal(new DateTime(2026, 11, 20, 8, 15, 0, DateTimeKind.Utc), c.Understand.Started);
        // The latest public reply by an agent: not the internal note, not the customer's later message.
        Assert.Equal(new DateTime(2026, 11, 20, 9, 30, 0, DateTimeKind.Utc), c.Brief.LastUpdateToCustomerAt);
        Assert.Equal("We are looking into it and will update you by 3 pm.", c.Brief.LastUpdateToCustomer);
        var related = Assert.Single(c.Context.RelatedTickets);
        Assert.Equal(_host.Zendesk.TicketUrl(FakeZendesk.TicketId), related.Reference);
        Assert.Equal("Help, my printer is on fire!", related.Note);

        var history = (await _host.Get<TicketImport>().HistoryAsync(result.DraftId.Value))!;
        Assert.Equal(TicketSystem.Zendesk, history.System);
        Assert.Equal("35436", history.ExternalId);
        Assert.Equal(["Internal: reproduced on firmware 4.2, not on 4.1.", "We are looking into it and will update you by 3 pm.", "Still burning. Our month-end run is blocked."],
            history.Comments.Select(h => h.Body));
        Assert.Equal([false, true, true], history.Comments.Select(h => h.IsPublic));
        Assert.Equal(["Jane Doe", "Jane Doe", "Roger Wilco"], history.Comments.Select(h => h.Author));
        // What the ticket says stays out of the editable fields apart from those listed above.
        Assert.Equal("", c.Understand.WhyEscalateNow);
    }

    [Fact]
    public async Task The_API_URL_and_a_bare_id_read_the_same_ticket_and_reuse_the_customer()
    {
        await _host.ConnectZendeskAsync();

        var byApiUrl = await _host.ImportAsync($"{_host.Zendesk.BaseUrl}/api/v2/tickets/{FakeZendesk.TicketId}.json");
        var byId = await _host.ImportAsync($"{FakeZendesk.TicketId}");

        Assert.True(byApiUrl.Ok, byApiUrl.Message);
        Assert.True(byId.Ok, byId.Message);
        Assert.NotEqual(byApiUrl.DraftId, byId.DraftId);
        var first = await _host.ContentAsync(byApiUrl.DraftId!.Value);
        var second = await _host.ContentAsync(byId.DraftId!.Value);
        Assert.Equal("Help, my printer is on fire!", second.Understand.Summary);
        Assert.Equal(first.Understand.AccountId, second.Understand.AccountId);
        Assert.Equal(1, (await _host.CountsAsync()).Accounts);
    }

    [Fact]
    public async Task An_existing_customer_of_the_same_name_in_another_case_is_matched()
    {
        await _host.ConnectZendeskAsync();
        var existing = await _host.Get<EscalationDesk.Features.Accounts.AccountService>()
            .CreateAsync(new EscalationDesk.Features.Accounts.AccountInput { Name = "GLOBEX corporation", Plan = "Enterprise" });

        var result = await _host.ImportAsync($"{FakeZendesk.TicketId}");

        Assert.Equal(existing.Id, (await _host.ContentAsync(result.DraftId!.Value)).Understand.AccountId);
        Assert.Equal(1, (await _host.CountsAsync()).Accounts);
    }

    [Fact]
    public async Task Comments_are_read_across_cursor_pages()
    {
        await _host.ConnectZendeskAsync();
        _host.Zendesk.MaxPageSize = 1;

        var result = await _host.ImportAsync(_host.Zendesk.TicketUrl(FakeZendesk.TicketId));

        Assert.True(result.Ok, result.Message);
        var history = (await _host.Get<TicketImport>().HistoryAsync(result.DraftId!.Value))!;
        Assert.Equal(3, history.Comments.Count);
        Assert.Equal("Still burning. Our month-end run is blocked.", history.Comments[^1].Body);
        var pages = _host.Zendesk.Requests.Where(r => r.Contains("/comments.json")).ToList();
        Assert.Equal(4, pages.Count);
        Assert.All(pages.Skip(1), p => Assert.Contains("page%5Bafter%5D=", p));
    }

    [Fact]
    public async Task A_Zammad_zoom_URL_starts_a_draft_with_articles_as_text()
    {
        await _host.ConnectZammadAsync();

        var result = await _host.ImportAsync(_host.Zammad.TicketUrl(FakeZammad.TicketId));

        Assert.True(result.Ok, result.Message);
        var c = await _host.ContentAsync(result.DraftId!.Value);
        Assert.Equal("CSV export truncated at 10,000 rows", c.Understand.Summary);
        Assert.Equal("Exports to CSV stop at 10,000 rows.\nWe need the full year.", c.Understand.WhatsBroken);
        Assert.Contains("Nicole Braun <nicole.braun@zammad.org>", c.Understand.WhosAffected);
        Assert.Contains("Zammad Foundation", c.Understand.WhosAffected);
        Assert.Equal("Zammad Foundation", (await _host.Get<EscalationDesk.Features.Accounts.AccountService>().GetAsync(c.Understand.AccountId!.Value))!.Name);
        Assert.Equal(new DateTime(2026, 11, 22, 10, 0, 0, DateTimeKind.Utc), c.Understand.Started);
        Assert.Equal("Thanks Nicole, engineering is looking at the export limit.", c.Brief.LastUpdateToCustomer);
        Assert.Equal(_host.Zammad.TicketUrl(FakeZammad.TicketId), Assert.Single(c.Context.RelatedTickets).Reference);
        var history = (await _host.Get<TicketImport>().HistoryAsync(result.DraftId.Value))!;
        Assert.Equal([false, true], history.Comments.Select(h => h.IsPublic));
        Assert.Equal("Chris Agent", history.Comments[0].Author);
    }

    [Fact]
    public async Task A_bare_id_is_refused_when_both_platforms_are_connected_and_a_URL_of_another_host_too()
    {
        await _host.ConnectZendeskAsync();
        await _host.ConnectZammadAsync();

        var bare = await _host.ImportAsync("35436");
        var otherHost = await _host.ImportAsync("https://other.zendesk.com/agent/tickets/35436");
        var notATicket = await _host.ImportAsync("https://example.com/hello");

        Assert.Contains("paste the ticket's URL", bare.Message);
        Assert.Contains("other.zendesk.com", otherHost.Message);
        Assert.Contains("not a Zendesk or Zammad ticket", notATicket.Message);
        Assert.Equal(0, (await _host.CountsAsync()).Escalations);
    }

    [Fact]
    public async Task Nothing_connected_offers_nothing()
    {
        Assert.Empty(await _host.Get<TicketImport>().AvailableAsync());
        Assert.Equal("No helpdesk is connected.", (await _host.ImportAsync("35436")).Message);
    }

    [Theory]
    [InlineData("401", "401 Unauthorized")]
    [InlineData("403", "403 Forbidden")]
    [InlineData("404", "404 Not Found")]
    [InlineData("comments-500", "500")]
    [InlineData("organization-503", "503")]
    [InlineData("429-long", "try again in 120 s")]
    [InlineData("slow", "timeout")]
    [InlineData("unreachable", "unreachable")]
    [InlineData("shape", "in a shape this app does not read")]
    [InlineData("not-json", "something other than its API's JSON")]
    public async Task Every_failure_leaves_no_draft_and_says_why_in_one_line(string failure, string expected)
    {
        await _host.ConnectZendeskAsync(failure == "401" ? "wrong-token" : FakeZendesk.Token);
        var ticket = $"/api/v2/tickets/{FakeZendesk.TicketId}.json";
        var input = _host.Zendesk.TicketUrl(FakeZendesk.TicketId);
        switch (failure)
        {
            case "403": _host.Zendesk.Fail(ticket, 403); break;
            case "404": input = _host.Zendesk.TicketUrl(999); break;
            case "comments-500": _host.Zendesk.Fail($"/api/v2/tickets/{FakeZendesk.TicketId}/comments.json", 500, times: 3); break;
            case "organization-503": _host.Zendesk.Fail($"/api/v2/organizations/{FakeZendesk.OrganizationId}.json", 503, times: 3); break;
            case "429-long": _host.Zendesk.TooManyRequests(ticket, 120); break;
            case "slow": _host.Zendesk.Slow(ticket, TimeSpan.FromSeconds(10), times: 3); break;
            case "shape":
                _host.Zendesk.Script(ticket, _ => Task.FromResult(Microsoft.AspNetCore.Http.Results.Text("{\"ticket\":{\"id\":35436,\"subject\":17}}", "application/json")));
                break;
            case "not-json":
                _host.Zendesk.Script(ticket, _ => Task.FromResult(Microsoft.AspNetCore.Http.Results.Text("<html>Sign in</html>", "text/html")));
                break;
            case "unreachable":
                await _host.DisposeFakeZendeskAsync();
                break;
        }

        var result = await _host.ImportAsync(input);

        Assert.False(result.Ok);
        Assert.Contains(expected, result.Message);
        Assert.DoesNotContain('\n', result.Message);
        Assert.Equal((0, 0, 0, 0), await _host.CountsAsync());
    }

    [Fact]
    public async Task A_failed_save_after_the_ticket_was_read_removes_the_draft_and_the_customer_it_created()
    {
        await _host.ConnectZendeskAsync();
        _host.FailSavingTicketRows = true;

        var result = await _host.ImportAsync($"{FakeZendesk.TicketId}");

        Assert.False(result.Ok);
        Assert.Equal("The draft could not be saved, so nothing was kept: try again.", result.Message);
        Assert.Equal((0, 0, 0, 0), await _host.CountsAsync());
        Assert.Empty(await _host.Get<EscalationDesk.Features.Drafts.DraftsService>().ListMineAsync());
    }

    [Fact]
    public async Task A_short_Retry_After_is_waited_for_and_the_import_goes_through()
    {
        await _host.ConnectZendeskAsync();
        var ticket = $"/api/v2/tickets/{FakeZendesk.TicketId}.json";
        _host.Zendesk.TooManyRequests(ticket, 1);

        var result = await _host.ImportAsync($"{FakeZendesk.TicketId}");

        Assert.True(result.Ok, result.Message);
        var tries = _host.Zendesk.TimedRequests.Where(r => r.PathAndQuery == ticket).Select(r => r.At).ToList();
        Assert.Equal(2, tries.Count);
        Assert.True(tries[1] - tries[0] >= TimeSpan.FromSeconds(0.9), $"retried after {(tries[1] - tries[0]).TotalSeconds:0.00} s");
    }

    [Fact]
    public async Task A_private_base_URL_is_refused_unless_allowed()
    {
        await _host.ConnectZendeskAsync();
        _host.Configure(new() { [ConnectorAddressRule.AllowSetting] = "false" });

        var result = await _host.ImportAsync($"{FakeZendesk.TicketId}");

        Assert.False(result.Ok);
        Assert.Contains("private or loopback address", result.Message);
        Assert.Empty(_host.Zendesk.Requests);
        Assert.Equal(0, (await _host.CountsAsync()).Escalations);
    }
}

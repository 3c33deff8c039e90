using Bunit;
using EscalationDesk.Data;
using EscalationDesk.Features.Drafts;
using EscalationDesk.Features.Tickets;
using EscalationDesk.Features.Users;
using EscalationDesk.Tests.Infrastructure;
using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace EscalationDesk.Tests.Components;

// From tickets, as a Lead sees it: the drafts a helpdesk webhook started that nobody owns, and Take it.
public sealed class FromTicketsPageTests : ComponentTestBase
{
    private readonly FixedUser _lead = FixedUser.Lead();

    public FromTicketsPageTests() => Services.AddSingleton<ICurrentUser>(_lead);

    private async Task<int> UnassignedDraftAsync(string summary, string ticket)
    {
        var id = await new DraftsService(Db, _lead, Db.Clock, Db.Search).CreateAsync();
        await using var db = Db.CreateDbContext();
        await db.Escalations.Where(e => e.Id == id).ExecuteUpdateAsync(u => u.SetProperty(e => e.OwnerId, (string?)null)
            .SetProperty(e => e.Owner, InboundTickets.Unassigned).SetProperty(e => e.Summary, summary));
        db.TicketLinks.Add(new TicketLink { EscalationId = id, System = TicketSystem.Zammad, ExternalId = ticket, Url = $"https://helpdesk.example.com/#ticket/zoom/{ticket}", Subject = summary });
        await db.SaveChangesAsync();
        return id;
    }

    [Fact]
    public async Task A_Lead_takes_a_draft_from_a_ticket_and_lands_in_the_wizard()
    {
        var id = await UnassignedDraftAsync("CSV export truncated", "123");
        await UnassignedDraftAsync("Login loops", "124");

        var page = Render<FromTicketsPage>();
        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("tbody tr").Count));
        Assert.Contains("Zammad ticket 123", page.Markup);

        page.Find("button[aria-label='Take Zammad ticket 123']").Click();

        page.WaitForAssertion(() => Assert.EndsWith($"/escalations/{id}/edit?step=1", Services.GetRequiredService<NavigationManager>().Uri));
        await using var db = Db.CreateDbContext();
        var taken = await db.Escalations.AsNoTracking().SingleAsync(e => e.Id == id);
        Assert.Equal((_lead.Id, _lead.Name), (taken.OwnerId, taken.Owner));
    }

    [Fact]
    public void With_nothing_waiting_the_page_says_so()
    {
        var page = Render<FromTicketsPage>();

        page.WaitForAssertion(() => Assert.Contains("No draft from a ticket is waiting for an owner.", page.Markup));
    }
}

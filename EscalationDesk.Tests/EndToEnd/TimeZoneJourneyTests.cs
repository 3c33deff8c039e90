using EscalationDesk.Data;
using EscalationDesk.Features.Drafts;
using EscalationDesk.Features.Users;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace EscalationDesk.Tests.EndToEnd;

// An agent in New York and a lead in Berlin on one draft: each first sign-in takes the browser's zone into the profile, a
// time typed is read in the typist's zone and stored as one instant, and each of them sees that instant on their own clock.
[Collection(BrowserCollection.Name)]
public sealed class TimeZoneJourneyTests(BrowserFixture browser)
{
    [Fact]
    public async Task A_deadline_typed_in_New_York_is_stored_as_one_instant_and_shown_in_Berlin_on_the_Berlin_clock()
    {
        var agent = await browser.CreateUserAsync(Roles.Agent);
        var lead = await browser.CreateUserAsync(Roles.Lead);
        int draft;
        await using (var scope = await browser.Server.ScopeAsAsync(agent))
            draft = await scope.ServiceProvider.GetRequiredService<DraftsService>().CreateAsync();

        var newYork = await OpenInZoneAsync(agent, "America/New_York", draft);
        Assert.Equal("America/New_York", await StoredZoneAsync(agent));
        await newYork.FillAsync("Started", "2026-11-30T09:15");
        await StoredAsync(draft, t => t.Started is not null);
        await newYork.OpenAsync(draft, 6);
        await newYork.FillAsync("Deadline", "2026-12-04T17:00");
        await newYork.WaitSavedAsync();
        await Expect(newYork.Page.GetByText("EST", new() { Exact = true }).First).ToBeVisibleAsync();

        var (started, deadline) = await StoredAsync(draft, t => t.Deadline is not null);
        Assert.Equal(new DateTime(2026, 11, 30, 14, 15, 0, DateTimeKind.Utc), started);   // 09:15 EST
        Assert.Equal(new DateTime(2026, 12, 4, 22, 0, 0, DateTimeKind.Utc), deadline);    // 17:00 EST

        // The typist reloads and reads back what they typed.
        await newYork.OpenAsync(draft, 6);
        await Expect(newYork.Field("Deadline")).ToHaveValueAsync("2026-12-04T17:00");

        var berlin = await OpenInZoneAsync(lead, "Europe/Berlin", draft, step: 6);
        Assert.Equal("Europe/Berlin", await StoredZoneAsync(lead));
        await Expect(berlin.Field("Deadline")).ToHaveValueAsync("2026-12-04T23:00");
        await Expect(berlin.Page.GetByText("CET", new() { Exact = true }).First).ToBeVisibleAsync();
        await berlin.OpenAsync(draft, 1);
        await Expect(berlin.Field("Started")).ToHaveValueAsync("2026-11-30T15:15");
    }

    // A first sign-in in a browser set to this zone: the profile takes the zone once the page is live; the next page reads in it.
    private async Task<WizardPageObject> OpenInZoneAsync(TestUser user, string zone, int draft, int step = 1)
    {
        var page = await browser.NewPageAsync(user, o => o.TimezoneId = zone);
        var wizard = new WizardPageObject(page);
        await page.GotoAsync("/drafts");
        await wizard.WaitInteractiveAsync();
        await Expect(page.Locator("[data-zone-checked=true]")).ToBeAttachedAsync();
        await wizard.OpenAsync(draft, step);
        return wizard;
    }

    private async Task<string?> StoredZoneAsync(TestUser user)
    {
        await using var db = await browser.Server.Services.GetRequiredService<IDbContextFactory<EscalationDeskDbContext>>().CreateDbContextAsync();
        return await db.Users.Where(u => u.Id == user.Id).Select(u => u.TimeZone).SingleAsync();
    }

    // An autosave may still be on its way when the page says Saved for the field before: wait for the database (at most 15 s).
    private async Task<(DateTime? Started, DateTime? Deadline)> StoredAsync(int id, Func<(DateTime? Started, DateTime? Deadline), bool> done)
    {
        var times = await StoredTimesAsync(id);
        for (var waited = 0; !done(times) && waited < 150; waited++)
        {
            await Task.Delay(100);
            times = await StoredTimesAsync(id);
        }
        return times;
    }

    private async Task<(DateTime? Started, DateTime? Deadline)> StoredTimesAsync(int id)
    {
        await using var db = await browser.Server.Services.GetRequiredService<IDbContextFactory<EscalationDeskDbContext>>().CreateDbContextAsync();
        var content = await db.Escalations.Where(e => e.Id == id).Select(e => e.Content).SingleAsync();
        return (content.Understand.Started, content.Brief.Deadline);
    }
}

using System.Text.RegularExpressions;
using Deque.AxeCore.Playwright;
using EscalationDesk.Data;
using EscalationDesk.Features.Judgment;
using EscalationDesk.Features.Users;
using EscalationDesk.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace EscalationDesk.Tests.EndToEnd;

[Collection(BrowserCollection.Name)]
public sealed class QueueJourneyTests(BrowserFixture browser)
{
    private Task<int> AddAsync(string summary, Severity severity, decimal arr, bool overdue) =>
        EscalationRows.AddAsync(browser.Server.Services.GetRequiredService<IDbContextFactory<EscalationDeskDbContext>>(), DateTime.UtcNow, summary,
            severity: severity, owner: "Lead Lee", customer: "Umbrella", arr: arr, escalatedHoursAgo: 5, internalDueInHours: overdue ? -1 : 3,
            customerDueInHours: 2, customerOverdueInHours: 4);

    [Fact]
    public async Task A_lead_filters_to_overdue_critical_sorts_by_ARR_keeps_the_view_on_reload_and_opens_a_row()
    {
        var tag = Guid.NewGuid().ToString("N")[..6];
        await AddAsync($"Q{tag} small overdue critical", Severity.Critical, 1_000, overdue: true);
        var big = await AddAsync($"Q{tag} big overdue critical", Severity.Critical, 90_000, overdue: true);
        await AddAsync($"Q{tag} critical on time", Severity.Critical, 50_000, overdue: false);
        await AddAsync($"Q{tag} high overdue", Severity.High, 70_000, overdue: true);
        var wizard = new WizardPageObject(await browser.NewPageAsync(await browser.CreateUserAsync(Roles.Lead)));
        var page = wizard.Page;
        await page.GotoAsync("/queue");
        await wizard.WaitInteractiveAsync();

        await wizard.FillAsync("Search", $"Q{tag}");
        await page.GetByLabel("Overdue only").CheckAsync();
        await page.GetByRole(AriaRole.Combobox, new() { Name = "Severity" }).ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = "Critical", Exact = true }).ClickAsync();
        await wizard.ClickAsync("Sort by ARR at risk");
        await wizard.ClickAsync("Sort by ARR at risk");

        var rows = page.Locator("tr.queue-row");
        await Expect(rows).ToHaveCountAsync(2);
        await Expect(rows.First).ToContainTextAsync("big overdue critical");
        await Expect(rows.First.Locator("[data-state=overdue]")).ToContainTextAsync("OVERDUE");
        await Expect(page).ToHaveURLAsync(new Regex("severity=Critical.*overdue=true.*sort=arr.*desc=true"));
        // The sort keeps the keyboard where it was: Enter on the same column reverses it, twice.
        var arrSort = page.GetByRole(AriaRole.Button, new() { Name = "Sort by ARR at risk" });
        await Expect(arrSort).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Enter");
        await Expect(page).ToHaveURLAsync(new Regex("sort=arr$"));
        await Expect(rows.First).ToContainTextAsync("small overdue critical");
        await Expect(arrSort).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Enter");
        await Expect(page).ToHaveURLAsync(new Regex("sort=arr&desc=true$"));
        await Expect(rows.First).ToContainTextAsync("big overdue critical");
        await wizard.SnapAsync("queue");
        var results = await page.RunAxe();
        Assert.Empty(results.Violations.Where(v => v.Impact is "serious" or "critical").Select(v => $"{v.Id}: {v.Nodes.First().Html}"));

        await wizard.ReloadAsync();
        await Expect(page.Locator("tr.queue-row")).ToHaveCountAsync(2);
        await Expect(page.Locator("tr.queue-row").First).ToContainTextAsync("big overdue critical");
        await Expect(page.GetByLabel("Overdue only")).ToBeCheckedAsync();

        await page.Locator("tr.queue-row").First.Locator("td").Nth(2).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex($"/escalations/{big}$"));
    }

    [Fact]
    public async Task A_lead_picks_an_owner_or_Me_searches_as_they_type_and_clears_every_filter()
    {
        var tag = Guid.NewGuid().ToString("N")[..6];
        var (ana, bo, lead) = (await browser.CreateUserAsync(Roles.Agent), await browser.CreateUserAsync(Roles.Agent), await browser.CreateUserAsync(Roles.Lead));
        Task<int> OwnedAsync(string summary, TestUser owner) =>
            EscalationRows.AddAsync(browser.Server.Services.GetRequiredService<IDbContextFactory<EscalationDeskDbContext>>(), DateTime.UtcNow, summary,
                owner: owner.Name, customer: "Umbrella", change: e => e.OwnerId = owner.Id);
        await OwnedAsync($"O{tag} ana's checkout", ana);
        await OwnedAsync($"O{tag} bo's invoices", bo);
        await OwnedAsync($"O{tag} lead's exports", lead);
        var page = await browser.NewPageAsync(lead);
        var queue = new QueuePageObject(page);
        await queue.OpenAsync();

        await queue.SearchAsync($"O{tag}");
        await Expect(queue.Rows).ToHaveCountAsync(3);
        await queue.FilterOwnerAsync(ana.Name);
        await Expect(page).ToHaveURLAsync(new Regex($"owner={ana.Id}"));
        await Expect(queue.Rows).ToHaveCountAsync(1);
        await Expect(queue.Rows.First).ToContainTextAsync("ana's checkout");
        await queue.FilterOwnerAsync("Me");
        await Expect(page).ToHaveURLAsync(new Regex("owner=me"));
        await Expect(queue.Rows).ToHaveCountAsync(1);
        await Expect(queue.Rows.First).ToContainTextAsync("lead's exports");

        await queue.ClearFiltersAsync();
        await Expect(queue.SearchField).ToHaveValueAsync("");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Clear filters" })).ToBeDisabledAsync();
        await Expect(queue.Rows.Filter(new() { HasText = $"O{tag}" })).Not.ToHaveCountAsync(1);
    }

    [Fact]
    public async Task The_pager_turns_pages_in_the_url_and_back_returns_to_the_page_before()
    {
        var tag = Guid.NewGuid().ToString("N")[..6];
        for (var i = 0; i < 12; i++) await AddAsync($"P{tag} item {i:00}", Severity.High, i, overdue: false);
        var page = await browser.NewPageAsync(await browser.CreateUserAsync(Roles.Lead));
        var queue = new QueuePageObject(page);
        await page.GotoAsync($"/queue?q=P{tag}&sort=summary&size=10");
        await page.Locator("[data-interactive=true]").WaitForAsync(new() { State = WaitForSelectorState.Attached });
        await Expect(queue.Rows).ToHaveCountAsync(10);
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("1–10 of 12 escalations");

        await page.GetByRole(AriaRole.Button, new() { Name = "Next page" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("page=1"));
        await Expect(queue.Rows).ToHaveCountAsync(2);
        await Expect(queue.Rows.First).ToContainTextAsync($"P{tag} item 10");
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("11–12 of 12 escalations");

        await page.ReloadAsync();
        await Expect(queue.Rows).ToHaveCountAsync(2);
        await Expect(queue.Rows.First).ToContainTextAsync($"P{tag} item 10");

        await page.GoBackAsync();
        await Expect(page).Not.ToHaveURLAsync(new Regex("page=1"));
        await Expect(queue.Rows).ToHaveCountAsync(10);
        await Expect(queue.Rows.First).ToContainTextAsync($"P{tag} item 00");

        // An old link past the end shows the last page.
        await page.GotoAsync($"/queue?q=P{tag}&sort=summary&size=10&page=7");
        await Expect(queue.Rows).ToHaveCountAsync(2);
        await Expect(page).ToHaveURLAsync(new Regex("page=1(&|$)"));
    }

    [Fact]
    public async Task A_leads_home_is_the_dashboard_and_an_agents_home_is_their_drafts()
    {
        var lead = await browser.NewPageAsync(await browser.CreateUserAsync(Roles.Lead));
        await lead.GotoAsync("/");
        await Expect(lead.GetByRole(AriaRole.Heading, new() { Name = "Dashboard", Level = 1 })).ToBeVisibleAsync();
        await Expect(lead.GetByRole(AriaRole.Link, new() { Name = "Download digest" })).ToBeVisibleAsync();
        await lead.GetByRole(AriaRole.Link, new() { Name = "My drafts" }).ClickAsync();
        await Expect(lead).ToHaveURLAsync(new Regex("/drafts$"));
        await Expect(lead.GetByRole(AriaRole.Button, new() { Name = "New escalation" })).ToBeVisibleAsync();

        var agent = await browser.NewPageAsync();
        await agent.GotoAsync("/");
        await Expect(agent.GetByRole(AriaRole.Heading, new() { Name = "My drafts", Level = 1 })).ToBeVisibleAsync();
        await Expect(agent.GetByRole(AriaRole.Link, new() { Name = "Download digest" })).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task The_dashboard_shows_counts_links_into_the_queue_and_downloads_the_digest()
    {
        var tag = Guid.NewGuid().ToString("N")[..6];
        await AddAsync($"D{tag} dashboard critical", Severity.Critical, 123_000, overdue: true);
        var wizard = new WizardPageObject(await browser.NewPageAsync(await browser.CreateUserAsync(Roles.Lead)));
        var page = wizard.Page;
        await page.GotoAsync("/dashboard");
        await wizard.WaitInteractiveAsync();

        await Expect(page.Locator("[data-stat='Open escalations']")).Not.ToContainTextAsync(" 0");
        await Expect(page.GetByRole(AriaRole.List, new() { Name = "Open by severity" })).ToContainTextAsync("Critical");
        var results = await page.RunAxe();
        Assert.Empty(results.Violations.Where(v => v.Impact is "serious" or "critical").Select(v => $"{v.Id}: {v.Nodes.First().Html}"));
        await wizard.SnapAsync("dashboard");

        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Link, new() { Name = "Download digest" }).ClickAsync());
        var path = Path.Combine(Path.GetTempPath(), $"{Guid.NewGuid():N}.pdf");
        await download.SaveAsAsync(path);
        using (var pdf = UglyToad.PdfPig.PdfDocument.Open(path))
            Assert.Contains($"D{tag} dashboard critical", string.Join(" ", pdf.GetPages().SelectMany(p => p.GetWords()).Select(w => w.Text)));
        File.Delete(path);

        await page.GetByRole(AriaRole.List, new() { Name = "Open by severity" }).GetByRole(AriaRole.Link, new() { Name = "Critical" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/queue\\?severity=Critical"));
    }
}

using System.Net;
using EscalationDesk.Features.Drafts;
using EscalationDesk.Features.Users;
using EscalationDesk.Features.Wizard;
using EscalationDesk.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace EscalationDesk.Tests.EndToEnd;

// An owner shares the Leadership brief from the escalation page; a reader without an account opens the link and reads it
// (no navigation of the app); after Revoke the link is gone.
[Collection(BrowserCollection.Name)]
public sealed class ShareJourneyTests(BrowserFixture browser)
{
    [Fact]
    public async Task A_leader_without_an_account_reads_the_shared_brief_until_it_is_revoked()
    {
        var agent = await browser.CreateUserAsync(Roles.Agent);
        int id;
        await using (var scope = await browser.Server.ScopeAsAsync(agent))
        {
            id = await scope.ServiceProvider.GetRequiredService<DraftsService>().CreateAsync();
            var wizard = scope.ServiceProvider.GetRequiredService<WizardService>();
            var draft = (await wizard.LoadAsync(id))!;
            draft.Content.Understand.Summary = "Invoices double-charged for Acme";
            draft.Content.Impact.ArrAtRisk = 480_000m;
            draft.Content.Impact.SeveritySignals.Add("production-down");
            await wizard.SaveAsync(id, draft.Content, 6, draft.Version);
        }
        var page = await browser.NewPageAsync(agent);
        var escalation = new EscalationPageObject(page);
        await escalation.OpenAsync(id);

        await page.GetByRole(AriaRole.Button, new() { Name = "Create share link" }).ClickAsync();
        var url = page.GetByLabel("Share link", new() { Exact = true });
        await Expect(url).ToHaveValueAsync(new System.Text.RegularExpressions.Regex("/share/[A-Za-z0-9_-]{43}$"));
        var link = await url.InputValueAsync();
        await Expect(page.GetByRole(AriaRole.List, new() { Name = "Share links" })).ToContainTextAsync("Leadership · v1 · by");
        await Expect(escalation.Snapshots).ToContainTextAsync($"ESC-{id} v1 · Shared");
        Assert.Empty(await LayoutChecks.AxeProblemsAsync(page));

        var reader = await browser.NewAnonymousPageAsync();
        var response = await reader.GotoAsync(link);
        Assert.Equal((int)HttpStatusCode.OK, response!.Status);
        await Expect(reader.GetByRole(AriaRole.Heading, new() { Name = "Executive Summary" })).ToBeVisibleAsync();
        await Expect(reader.Locator("main")).ToContainTextAsync("USD 480,000 ARR at risk");
        await Expect(reader.Locator("nav")).ToHaveCountAsync(0);
        await Expect(reader.GetByRole(AriaRole.Link, new() { Name = "Download PDF" })).ToBeVisibleAsync();

        await page.GetByRole(AriaRole.Button, new() { NameRegex = new("^Revoke share link #") }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.List, new() { Name = "Share links" })).ToContainTextAsync("revoked");
        await Expect(page.GetByRole(AriaRole.List, new() { Name = "Share links" })).ToContainTextAsync("1 view");
        Assert.Equal((int)HttpStatusCode.NotFound, (await reader.GotoAsync(link))!.Status);
        await Expect(reader.GetByText("This link is not available")).ToBeVisibleAsync();
    }
}

using EscalationDesk.Data;
using EscalationDesk.Features.Trackers;
using EscalationDesk.Features.Users;
using EscalationDesk.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace EscalationDesk.Tests.EndToEnd;

// An app of its own with FakeJira as Connectors:Jira (private targets allowed: the fake is on loopback), in the shared chromium.
[Collection(BrowserCollection.Name)]
public sealed class TrackerJourneyTests(BrowserFixture browser)
{
    [Fact]
    public async Task Create_issue_links_the_Jira_issue_with_its_status_and_its_fix_reaches_the_owner()
    {
        await using var jira = await FakeJira.StartNewAsync();
        using var server = new AppServer(new Dictionary<string, string?>
        {
            ["Connectors:Jira:BaseUrl"] = jira.BaseUrl, ["Connectors:Jira:Email"] = FakeJira.Email, ["Connectors:Jira:ApiToken"] = FakeJira.Token,
            ["Connectors:Jira:Project"] = FakeJira.Project, ["Webhooks:AllowPrivateTargets"] = "true",
        });
        var agent = await server.CreateUserAsync(Roles.Agent);
        var id = await EscalationRows.AddAsync(server.Services.GetRequiredService<IDbContextFactory<EscalationDeskDbContext>>(), DateTime.UtcNow,
            "Checkout fails for EU cards", owner: agent.Name, change: e => e.OwnerId = agent.Id);
        var context = await browser.Browser.NewContextAsync(new() { BaseURL = server.BaseUrl, ViewportSize = new() { Width = 1280, Height = 900 } });
        context.SetDefaultTimeout(15_000);
        var page = await context.NewPageAsync();
        await BrowserFixture.SignInAsync(page, agent);
        await page.GotoAsync($"/escalations/{id}");
        var wizard = new WizardPageObject(page);
        await wizard.WaitInteractiveAsync();

        var related = page.GetByRole(AriaRole.Region, new() { Name = "Related bugs" });
        await related.GetByRole(AriaRole.Button, new() { Name = "Create issue in Jira" }).ClickAsync();

        await Expect(page.GetByTestId("tracker-result")).ToHaveTextAsync("Created ENG-101 in Jira.");
        var issue = related.GetByTestId("tracker-issue");
        await Expect(issue.GetByRole(AriaRole.Link, new() { Name = "ENG-101" })).ToHaveAttributeAsync("href", jira.BrowseUrl("ENG-101"));
        await Expect(issue.GetByTestId("tracker-status")).ToHaveTextAsync("To Do");
        await Expect(page.GetByTestId("brief-preview")).ToContainTextAsync("ENG-101");
        Assert.Equal($"ESC-{id}: Checkout fails for EU cards", Assert.Single(jira.Created)["fields"]!["summary"]!.GetValue<string>());

        // Engineering fixes it: Refresh status shows it done and says to tell the customer.
        jira.Transition("ENG-101", "Done", "done");
        await related.GetByRole(AriaRole.Button, new() { Name = "Refresh status" }).ClickAsync();
        await Expect(issue.GetByTestId("tracker-status")).ToHaveTextAsync("Done");
        await Expect(page.GetByTestId("tracker-done")).ToContainTextAsync("ENG-101 is done: tell the customer.");
        await Expect(page.GetByRole(AriaRole.List, new() { Name = "Timeline" })).ToContainTextAsync("Jira issue ENG-101 is done (Done): tell the customer.");
        await wizard.SnapAsync("tracker-issue-done");

        // The queue shows the issue's status beside the escalation's.
        await page.GotoAsync("/queue");
        await Expect(page.GetByTestId("tracker-status").First).ToHaveTextAsync("ENG-101 · Done");
        await context.CloseAsync();
    }
}

using System.Text.RegularExpressions;
using Deque.AxeCore.Playwright;
using EscalationDesk.Features.Security;
using EscalationDesk.Features.Users;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace EscalationDesk.Tests.EndToEnd;

[Collection(BrowserCollection.Name)]
public sealed class SignInJourneyTests(BrowserFixture browser)
{
    [Fact]
    public async Task An_agents_draft_is_not_found_for_another_agent_and_its_escalation_is_in_the_leads_queue()
    {
        var ana = await browser.CreateUserAsync(Roles.Agent);
        var bob = await browser.CreateUserAsync(Roles.Agent);
        var lead = await browser.CreateUserAsync(Roles.Lead);
        var summary = $"Payroll export drops rows {Guid.NewGuid():N}"[..34];

        // Ana signs in through the form (her own session: she signs out at the end).
        var wizard = new WizardPageObject(await browser.NewAnonymousPageAsync());
        var page = wizard.Page;
        await page.GotoAsync("/queue");
        await Expect(page).ToHaveURLAsync(new Regex("/account/login"));
        await AssertAccessibleAsync(page);
        await page.GetByLabel("Email").FillAsync(ana.Email);
        await page.GetByLabel("Password").FillAsync("not her password");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync(SignInAttempts.FailedMessage);
        await Expect(page.GetByLabel("Email")).ToHaveValueAsync(ana.Email);
        await page.GetByLabel("Password").FillAsync(ana.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/queue$"));

        await wizard.OpenDraftsAsync();
        await Expect(page.GetByTestId("signed-in-as")).ToHaveTextAsync(ana.Name);
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Dashboard" })).ToHaveCountAsync(0);
        await wizard.StartNewEscalationAsync();
        var draftUrl = page.Url;
        await wizard.FillSummaryAsync(summary);
        await wizard.GoToStepAsync("Target");
        await wizard.TickAsync("Bug confirmed, needs a code fix → Engineering");
        await wizard.GoToStepAsync("Brief");
        await wizard.FillAsync("What's needed", "Find why rows go missing");
        await wizard.Field("Deadline").FillAsync("2026-12-01T17:00");
        await wizard.EscalateAsync();
        await Expect(page.GetByTestId("owner")).ToHaveTextAsync(ana.Name);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/account/login"));
        await page.GotoAsync(draftUrl);
        await Expect(page).ToHaveURLAsync(new Regex("/account/login"));

        // Bob opens Ana's draft by its address: not found, and nothing of it shows.
        var bobs = new WizardPageObject(await browser.NewPageAsync(bob));
        await bobs.Page.GotoAsync(draftUrl);
        await bobs.WaitInteractiveAsync();
        await Expect(bobs.Page.GetByRole(AriaRole.Heading, new() { Name = "Not found" })).ToBeVisibleAsync();
        await Expect(bobs.Page.GetByText(summary)).ToHaveCountAsync(0);

        // The lead finds it in the queue and opens it.
        var leads = new WizardPageObject(await browser.NewPageAsync(lead));
        await leads.Page.GotoAsync("/queue");
        await leads.WaitInteractiveAsync();
        await Expect(leads.Page.GetByRole(AriaRole.Link, new() { Name = "Dashboard" })).ToBeVisibleAsync();
        await leads.FillAsync("Search", summary);
        var row = leads.Page.Locator("tr.queue-row");
        await Expect(row).ToHaveCountAsync(1);
        await Expect(row).ToContainTextAsync(summary);
        await Expect(row).ToContainTextAsync(ana.Name);
    }

    [Fact]
    public async Task An_admin_adds_a_user_changes_the_role_and_disables_them_and_the_pages_are_accessible()
    {
        var admin = await browser.CreateUserAsync(Roles.Admin);
        var wizard = new WizardPageObject(await browser.NewPageAsync(admin));
        var page = wizard.Page;
        await page.GotoAsync("/admin/users");
        await wizard.WaitInteractiveAsync();
        var name = $"Nia {Guid.NewGuid():N}"[..12];
        var email = $"{name.Replace(' ', '.').ToLowerInvariant()}@test.example";

        await wizard.FillAsync("Email", email);
        await wizard.FillAsync("Name", name);
        await wizard.FillAsync("First password", "short");
        await wizard.ClickAsync("Add user");
        await Expect(page.GetByText("Passwords must be at least 6 characters.")).ToBeVisibleAsync();
        await Expect(wizard.Field("Name")).ToHaveValueAsync(name);
        await wizard.FillAsync("First password", "Nia-pass-1");
        await wizard.ClickAsync("Add user");
        var row = page.GetByRole(AriaRole.Row).Filter(new() { HasText = email });
        await Expect(row).ToContainTextAsync("Active");
        await AssertAccessibleAsync(page);

        // Nia signs in as an Agent; the Admin makes her a Lead and her open page gains the dashboard without a reload.
        var nia = new TestUser("", email, "Nia-pass-1", name, Roles.Agent);
        var nias = await browser.NewAnonymousPageAsync();
        await BrowserFixture.SignInAsync(nias, nia);
        await new WizardPageObject(nias).WaitInteractiveAsync();
        await Expect(nias.GetByRole(AriaRole.Link, new() { Name = "Dashboard" })).ToHaveCountAsync(0);
        await row.GetByLabel($"Role of {name}").ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = "Lead", Exact = true }).ClickAsync();
        await Expect(page.GetByText($"{name} is now Lead.")).ToBeVisibleAsync();
        await Expect(nias.GetByRole(AriaRole.Link, new() { Name = "Dashboard" })).ToBeVisibleAsync();

        // Disabled: her open page is sent to sign in without a reload.
        await row.GetByRole(AriaRole.Button, new() { Name = "Disable" }).ClickAsync();
        await Expect(row).ToContainTextAsync("Disabled");
        await Expect(nias).ToHaveURLAsync(new Regex("/account/login"));
    }

    [Fact]
    public async Task The_setup_page_is_gone_once_an_account_exists_and_the_sign_in_page_is_accessible()
    {
        await browser.CreateUserAsync(Roles.Agent);
        var page = await browser.NewAnonymousPageAsync();
        var response = await page.GotoAsync("/setup");
        Assert.Equal(404, response!.Status);
        await page.GotoAsync("/account/login");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(page.GetByText("Email is required.")).ToBeVisibleAsync();
        await AssertAccessibleAsync(page);
    }

    private static async Task AssertAccessibleAsync(IPage page)
    {
        // Scan what the user reads, not a snackbar halfway through fading in (its colours are checked once shown).
        await page.WaitForFunctionAsync("() => document.getAnimations().every(a => a.playState !== 'running' || a.effect?.getComputedTiming().endTime === Infinity)");
        var results = await page.RunAxe();
        Assert.Empty(results.Violations.Where(v => v.Impact is "serious" or "critical").Select(v => $"{v.Id}: {v.Nodes.First().Html}"));
    }
}

using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace EscalationDesk.Tests.EndToEnd;

// The CSP is only worth having if the app still works under it: chromium reports every blocked
// script, style, image or connection as a console error and a securitypolicyviolation event.
[Collection(BrowserCollection.Name)]
public sealed class ContentSecurityPolicyJourneyTests(BrowserFixture browser)
{
    [Fact]
    public async Task The_wizard_the_queue_and_the_dashboard_work_without_a_single_policy_violation()
    {
        // A Lead: the dashboard is theirs, and they may write drafts too.
        var page = await browser.NewPageAsync(await browser.CreateUserAsync(EscalationDesk.Features.Users.Roles.Lead));
        var violations = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase)) violations.Add(message.Text);
        };
        await page.AddInitScriptAsync("""
            document.addEventListener('securitypolicyviolation', e =>
                console.error('Content Security Policy violation: ' + e.violatedDirective + ' blocked ' + e.blockedURI));
            """);
        var wizard = new WizardPageObject(page);

        var home = await page.GotoAsync("/drafts");
        Assert.Contains("default-src 'self'", await home!.HeaderValueAsync("content-security-policy"));
        await wizard.WaitInteractiveAsync();
        await wizard.StartNewEscalationAsync();
        await wizard.FillSummaryAsync("Invoices page shows a blank screen");
        await wizard.WaitSavedAsync();
        var id = wizard.DraftId;
        for (var step = 2; step <= 7; step++)
            await wizard.OpenAsync(id, step);
        await wizard.GoToStepAsync("Brief");
        await Expect(page.GetByTestId("brief-preview")).ToContainTextAsync("Invoices page shows a blank screen");
        // Downloads go through fetch and a blob: link (wwwroot/js/download.js).
        var download = await page.RunAndWaitForDownloadAsync(() =>
            page.GetByRole(AriaRole.Button, new() { Name = "Download Markdown" }).ClickAsync());
        Assert.EndsWith(".md", download.SuggestedFilename);

        await page.GetByRole(AriaRole.Link, new() { Name = "Queue" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/queue"));
        await wizard.FillAsync("Search", "Invoices");
        await page.GetByRole(AriaRole.Combobox, new() { Name = "Severity" }).ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = "Critical", Exact = true }).ClickAsync();
        await page.Keyboard.PressAsync("Escape");
        await page.GetByRole(AriaRole.Link, new() { Name = "Dashboard" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.List, new() { Name = "Open by severity" })).ToBeVisibleAsync();
        // Blazor still answers over its WebSocket after all that.
        await Expect(page.Locator(".interactive-marker")).ToHaveAttributeAsync("data-interactive", "true");

        Assert.True(violations.Count == 0, string.Join(Environment.NewLine, violations));
    }
}

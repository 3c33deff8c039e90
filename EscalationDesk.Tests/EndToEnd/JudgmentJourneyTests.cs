using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace EscalationDesk.Tests.EndToEnd;

[Collection(BrowserCollection.Name)]
public sealed class JudgmentJourneyTests(BrowserFixture browser)
{
    [Fact]
    public async Task The_wizard_shows_the_suggested_severity_and_primary_target_with_reasons_and_keeps_them()
    {
        var wizard = new WizardPageObject(await browser.NewPageAsync());
        await wizard.OpenDraftsAsync();
        await wizard.StartNewEscalationAsync();
        await wizard.FillSummaryAsync("Customer records visible to other tenants");
        await wizard.TickAsync("Bug confirmed and needs a code fix");
        await Expect(wizard.Page.Locator("[data-recommendation]")).ToContainTextAsync("Recommendation: Escalate");

        await wizard.GoToStepAsync("Assess impact");
        await wizard.TickAsync("Production down");
        var severity = wizard.Page.Locator("[data-suggested-severity]");
        await Expect(severity).ToContainTextAsync("Suggested severity: Critical");
        await Expect(severity).ToContainTextAsync("Critical because: Production down");

        await wizard.GoToStepAsync("Target");
        await wizard.TickAsync("Bug confirmed, needs a code fix → Engineering");
        var targets = wizard.Page.Locator("[data-primary-target]");
        await Expect(targets).ToContainTextAsync("Target team: Engineering");
        await wizard.TickAsync("Potential data exposure or unauthorised access → Security");
        await Expect(targets).ToContainTextAsync("Target team: Security, Engineering (primary: Security)");
        await Expect(wizard.Page.GetByText("Security escalations bypass the tiers and go now")).ToBeVisibleAsync();
        await wizard.WaitSavedAsync();

        await wizard.ReloadAsync();
        await Expect(wizard.Page.Locator("[data-primary-target]")).ToHaveAttributeAsync("data-primary-target", "Security");
        await wizard.GoToStepAsync("Assess impact");
        await Expect(wizard.Page.Locator("[data-suggested-severity]")).ToContainTextAsync("Critical because: Production down");
        await Expect(wizard.Page.GetByRole(AriaRole.Radiogroup, new() { Name = "Severity" }).GetByLabel("Critical")).ToBeCheckedAsync();
    }
}

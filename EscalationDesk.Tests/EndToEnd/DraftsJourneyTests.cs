using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace EscalationDesk.Tests.EndToEnd;

[Collection(BrowserCollection.Name)]
public sealed class DraftsJourneyTests(BrowserFixture browser)
{
    [Fact]
    public async Task A_customer_created_inline_is_picked_saved_and_listed_with_the_draft()
    {
        var wizard = new WizardPageObject(await browser.NewPageAsync());
        await wizard.OpenDraftsAsync();
        await wizard.StartNewEscalationAsync();
        var customer = $"Initech {Guid.NewGuid():N}"[..16];

        await wizard.FillSummaryAsync("Invoices show the wrong tax rate");
        await wizard.CreateCustomerAsync(customer, plan: "Enterprise");
        await wizard.WaitSavedAsync();
        await wizard.ReloadAsync();

        await Expect(wizard.Field("Customer")).ToHaveValueAsync(customer);
        await wizard.GoToStepAsync("Gather context");
        await Expect(wizard.Page.GetByLabel("Plan", new() { Exact = true })).ToHaveValueAsync("Enterprise");
        // The step the user is on is saved like any edit: wait for it before leaving through a full page load.
        await wizard.WaitSavedAsync();

        await wizard.OpenDraftsAsync();
        var row = wizard.Page.GetByRole(AriaRole.Row).Filter(new() { HasText = "Invoices show the wrong tax rate" });
        await Expect(row).ToContainTextAsync(customer);
        await Expect(row).ToContainTextAsync("2. Gather context");
    }

    [Fact]
    public async Task Discarding_asks_first_and_then_removes_the_draft_from_my_drafts()
    {
        var wizard = new WizardPageObject(await browser.NewPageAsync());
        await wizard.OpenDraftsAsync();
        await wizard.StartNewEscalationAsync();
        var summary = $"Throwaway draft {Guid.NewGuid():N}"[..24];
        await wizard.FillSummaryAsync(summary);
        await wizard.WaitSavedAsync();
        await wizard.OpenDraftsAsync();
        var discard = wizard.Page.GetByRole(AriaRole.Button, new() { Name = $"Discard {summary}" });

        await discard.ClickAsync();
        await wizard.Page.GetByRole(AriaRole.Button, new() { Name = "Keep" }).ClickAsync();
        await Expect(discard).ToBeVisibleAsync();

        await discard.ClickAsync();
        await wizard.Page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Discard" }).ClickAsync();
        await Expect(discard).ToHaveCountAsync(0);
        await wizard.OpenDraftsAsync();
        await Expect(wizard.Page.GetByText(summary)).ToHaveCountAsync(0);
    }
}

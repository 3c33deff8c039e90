using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace EscalationDesk.Tests.EndToEnd;

[Collection(BrowserCollection.Name)]
public sealed class WizardJourneyTests(BrowserFixture browser)
{
    [Fact]
    public async Task A_draft_keeps_what_was_typed_on_different_steps_across_a_reload()
    {
        var wizard = new WizardPageObject(await browser.NewPageAsync());
        await wizard.OpenDraftsAsync();
        await wizard.StartNewEscalationAsync();

        await wizard.FillSummaryAsync("Data export drops rows for Acme");
        await wizard.FillAsync("What's broken or needed", "CSV export stops after 10,000 rows.");
        await wizard.WaitSavedAsync();
        await wizard.GoToStepAsync("Assess impact");
        await Expect(wizard.Page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex(@"step=3$"));
        await wizard.FillAsync("ARR at risk", "250000");
        await wizard.WaitSavedAsync();

        await wizard.ReloadAsync();

        await Expect(wizard.Field("ARR at risk")).ToHaveValueAsync(new System.Text.RegularExpressions.Regex("^250,?000"));
        await wizard.BackAsync();
        await wizard.BackAsync();
        await Expect(wizard.Field("Summary")).ToHaveValueAsync("Data export drops rows for Acme");
        await Expect(wizard.Field("What's broken or needed")).ToHaveValueAsync("CSV export stops after 10,000 rows.");

        await wizard.OpenDraftsAsync();
        await Expect(wizard.Page.GetByRole(AriaRole.Link, new() { Name = "Data export drops rows for Acme", Exact = true })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task The_wizard_has_no_serious_or_critical_accessibility_violations_on_any_step()
    {
        var wizard = new WizardPageObject(await browser.NewPageAsync());
        await wizard.OpenDraftsAsync();
        await wizard.StartNewEscalationAsync();
        var id = wizard.DraftId;

        var problems = new List<string>();
        for (var step = 1; step <= 7; step++)
        {
            await wizard.OpenAsync(id, step);
            await wizard.Page.ScreenshotAsync(new() { Path = Path.Combine(Path.GetTempPath(), $"wizard-step-{step}.png"), FullPage = true });
            var result = await wizard.Page.RunAxe();
            problems.AddRange(result.Violations
                .Where(v => v.Impact is "serious" or "critical")
                .Select(v => $"step {step}: {v.Id} ({v.Impact}) {string.Join(" | ", v.Nodes.Take(3).Select(n => n.Html + " @ " + n.Target))}"));
        }

        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }
}

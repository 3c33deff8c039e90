using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace EscalationDesk.Tests.EndToEnd;

// The wizard without a mouse: Tab / Shift+Tab to move, typing, Space to tick or choose, Enter to press a button.
[Collection(BrowserCollection.Name)]
public sealed class KeyboardWizardTests(BrowserFixture browser)
{
    [Fact]
    public Task The_whole_wizard_can_be_completed_with_the_keyboard_alone() =>
        browser.RunAsync(nameof(The_whole_wizard_can_be_completed_with_the_keyboard_alone), async page =>
        {
            var wizard = new WizardPageObject(page);
            var keys = page.Keyboard;
            await wizard.OpenDraftsAsync();
            await TabToAsync(page, page.GetByRole(AriaRole.Button, new() { Name = "New escalation" }));
            await keys.PressAsync("Enter");
            await Expect(page).ToHaveURLAsync(new Regex(@"/escalations/\d+/edit\?step=1"), new() { Timeout = 15_000 });
            await wizard.WaitInteractiveAsync();
            var id = wizard.DraftId;

            await TypeIntoAsync(page, wizard.Field("Summary"), "Keyboard only: exports time out for Globex");
            await TypeIntoAsync(page, wizard.Field("What's broken or needed"), "Exports over 50 MB time out after 30 s.");
            await TabToAsync(page, page.GetByLabel("Bug confirmed and needs a code fix", new() { Exact = true }));
            await keys.PressAsync("Space");
            await Expect(page.GetByLabel("Bug confirmed and needs a code fix", new() { Exact = true })).ToBeCheckedAsync();
            await NextAsync(page, 2);

            await NextAsync(page, 3);
            await TypeIntoAsync(page, wizard.Field("Customers affected"), "12");
            await NextAsync(page, 4);

            // Step 1's "Bug confirmed" is already ticked here, from step 1; Space unticks it and ticks it back.
            var signal = page.GetByLabel("Bug confirmed, needs a code fix → Engineering", new() { Exact = true });
            await Expect(signal).ToBeCheckedAsync();
            await Expect(page.Locator("[data-from-step1='bug-needs-fix']")).ToHaveTextAsync("from step 1");
            await TabToAsync(page, signal);
            await keys.PressAsync("Space");
            await Expect(signal).Not.ToBeCheckedAsync();
            await keys.PressAsync("Space");
            await Expect(signal).ToBeCheckedAsync();
            await NextAsync(page, 5);

            await TypeIntoAsync(page, wizard.Field("Expected"), "The export finishes and downloads.");
            await TypeIntoAsync(page, wizard.Field("Actual"), "A 504 after 30 s.");
            await NextAsync(page, 6);

            var ask = page.GetByRole(AriaRole.Radiogroup, new() { Name = "Specific ask", Exact = true }).GetByLabel("Investigate root cause", new() { Exact = true });
            await TabToAsync(page, ask);
            await keys.PressAsync("Space");
            await Expect(ask).ToBeCheckedAsync();
            await TypeIntoAsync(page, wizard.Field("What's needed"), "Find why large exports time out");
            await TabToAsync(page, wizard.Field("Deadline"));
            await keys.TypeAsync("12012026");
            await keys.PressAsync("ArrowRight");
            await keys.TypeAsync("0500");
            await keys.PressAsync("ArrowRight");
            await keys.TypeAsync("P");
            await Expect(wizard.Field("Deadline")).ToHaveValueAsync("2026-12-01T17:00");
            await NextAsync(page, 7);

            // Back with Shift+Tab, and escalate from the brief step.
            await TabToAsync(page, page.GetByRole(AriaRole.Button, new() { Name = "Back", Exact = true }), backwards: true);
            await keys.PressAsync("Enter");
            await Expect(page).ToHaveURLAsync(new Regex(@"step=6$"));
            await wizard.WaitSavedAsync();
            await TabToAsync(page, page.GetByRole(AriaRole.Button, new() { Name = "Escalate", Exact = true }), backwards: true);
            await keys.PressAsync("Enter");
            // The confirmation takes the keyboard too; confirming lands on Next steps.
            await TabToAsync(page, wizard.EscalateDialog.GetByRole(AriaRole.Button, new() { Name = "Escalate now", Exact = true }));
            await keys.PressAsync("Enter");
            await wizard.ExpectEscalatedOnNextStepsAsync(id);
            await page.GotoAsync($"/escalations/{id}");
            await Expect(page.GetByTestId("status")).ToHaveTextAsync("Escalated");
        });

    private static async Task NextAsync(IPage page, int expectedStep)
    {
        await TabToAsync(page, page.GetByRole(AriaRole.Button, new() { Name = "Next", Exact = true }));
        await page.Keyboard.PressAsync("Enter");
        await Expect(page).ToHaveURLAsync(new Regex($"step={expectedStep}$"));
    }

    private static async Task TypeIntoAsync(IPage page, ILocator field, string text)
    {
        await TabToAsync(page, field);
        await page.Keyboard.TypeAsync(text);
        await Expect(field).ToHaveValueAsync(text);
    }

    // Presses Tab (or Shift+Tab) until the element has the focus; fails if it is not reachable that way.
    private static async Task TabToAsync(IPage page, ILocator target, bool backwards = false)
    {
        await Expect(target).ToBeVisibleAsync();
        for (var presses = 0; presses < 250; presses++)
        {
            if (await target.EvaluateAsync<bool>("el => el === document.activeElement")) return;
            await page.Keyboard.PressAsync(backwards ? "Shift+Tab" : "Tab");
        }
        Assert.Fail($"{target} cannot be reached with the keyboard.");
    }
}

using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace EscalationDesk.Tests.EndToEnd;

// The team lead's queue: filters by their visible names, rows by their text.
public sealed class QueuePageObject(IPage page)
{
    public ILocator Rows => page.Locator("tr.queue-row");

    public async Task OpenAsync()
    {
        await page.GotoAsync("/queue");
        await page.Locator("[data-interactive=true]").WaitForAsync(new() { State = WaitForSelectorState.Attached });
        await Expect(page.Locator(".queue-table")).ToBeVisibleAsync();
    }

    public Task FilterStatusAsync(string status) => SelectAsync("Status", status, "status=");

    public Task FilterSeverityAsync(string severity) => SelectAsync("Severity", severity, "severity=");

    public Task FilterTargetAsync(string target) => SelectAsync("Target", target, "target=");

    public async Task SearchAsync(string text)
    {
        var field = page.GetByLabel("Search", new() { Exact = true });
        await field.FillAsync(text);
        await field.BlurAsync();
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("[?&]q="));
    }

    private async Task SelectAsync(string filter, string option, string inUrl)
    {
        await page.GetByRole(AriaRole.Combobox, new() { Name = filter, Exact = true }).ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = option, Exact = true }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex($"[?&]{inUrl}"));
    }
}

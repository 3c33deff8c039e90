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

    // Filters by a person picked from the users (or "Me"); the URL names them by account id (owner=<id> or owner=me).
    public Task FilterOwnerAsync(string name) => SelectAsync("Owner", name, "owner=");

    // Types as a person does, without Enter or leaving the field: the search runs once they pause.
    public async Task SearchAsync(string text)
    {
        var field = page.GetByLabel("Search", new() { Exact = true });
        await field.PressSequentiallyAsync(text);
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex($"[?&]q={System.Text.RegularExpressions.Regex.Escape(Uri.EscapeDataString(text))}(&|$)"));
    }

    public ILocator SearchField => page.GetByLabel("Search", new() { Exact = true });

    // Every filter back to the whole open queue: the URL keeps no filter.
    public async Task ClearFiltersAsync()
    {
        await page.GetByRole(AriaRole.Button, new() { Name = "Clear filters" }).ClickAsync();
        await Expect(page).Not.ToHaveURLAsync(new System.Text.RegularExpressions.Regex("[?&](q|owner|status|severity|target|customer|primary|overdue)="));
    }

    private async Task SelectAsync(string filter, string option, string inUrl)
    {
        await page.GetByRole(AriaRole.Combobox, new() { Name = filter, Exact = true }).ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = option, Exact = true }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex($"[?&]{inUrl}"));
    }
}

using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace EscalationDesk.Tests.EndToEnd;

// The team lead's queue: filters by their visible names, rows by their text.
public sealed class QueuePageObject(IPage page)
{
    public IPage Page { get; } = page;

    public ILocator Rows => Page.Locator("tr.queue-row");

    public async Task OpenAsync()
    {
        await Page.GotoAsync("/queue");
        await Page.Locator("[data-interactive=true]").WaitForAsync(new() { State = WaitForSelectorState.Attached });
        await Expect(Page.Locator(".queue-table")).ToBeVisibleAsync();
    }

    public Task FilterStatusAsync(string status) => SelectAsync("Status", status, "status=");

    public Task FilterSeverityAsync(string severity) => SelectAsync("Severity", severity, "severity=");

    public Task FilterTargetAsync(string target) => SelectAsync("Target", target, "target=");

    public async Task SearchAsync(string text)
    {
        var field = Page.GetByLabel("Search", new() { Exact = true });
        await field.FillAsync(text);
        await field.BlurAsync();
        await Expect(Page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("[?&]q="));
    }

    private async Task SelectAsync(string filter, string option, string inUrl)
    {
        await Page.GetByRole(AriaRole.Combobox, new() { Name = filter }).ClickAsync();
        await Page.GetByRole(AriaRole.Option, new() { Name = option, Exact = true }).ClickAsync();
        await Expect(Page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex($"[?&]{inUrl}"));
    }
}

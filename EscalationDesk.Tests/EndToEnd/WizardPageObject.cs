using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace EscalationDesk.Tests.EndToEnd;

// What a support agent does in the wizard, in their words; locators go by role and label.
public sealed class WizardPageObject(IPage page)
{
    public IPage Page { get; } = page;

    public int DraftId => int.Parse(Regex.Match(Page.Url, @"/escalations/(\d+)/edit").Groups[1].Value);

    public async Task OpenHomeAsync()
    {
        await Page.GotoAsync("/");
        await WaitInteractiveAsync();
    }

    public async Task StartNewEscalationAsync()
    {
        await Page.GetByRole(AriaRole.Button, new() { Name = "New escalation" }).ClickAsync();
        // Blazor navigates inside the page (no load event), so poll the URL rather than wait for a navigation.
        await Assertions.Expect(Page).ToHaveURLAsync(new Regex(@"/escalations/\d+/edit\?step=1"), new() { Timeout = 15_000 });
        await WaitInteractiveAsync();
    }

    public Task OpenAsync(int id, int step) => GotoAndWaitAsync($"/escalations/{id}/edit?step={step}");

    public async Task FillAsync(string label, string text)
    {
        var field = Field(label);
        await field.FillAsync(text);
        await field.BlurAsync();
    }

    public ILocator Field(string label) => Page.GetByLabel(label, new() { Exact = true });

    public Task FillSummaryAsync(string text) => FillAsync("Summary", text);

    public async Task CreateCustomerAsync(string name, string plan)
    {
        await Page.GetByRole(AriaRole.Button, new() { Name = "New customer" }).ClickAsync();
        var dialog = Page.GetByRole(AriaRole.Dialog);
        await dialog.GetByLabel("Name", new() { Exact = true }).FillAsync(name);
        await dialog.GetByLabel("Plan", new() { Exact = true }).FillAsync(plan);
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Create customer" }).ClickAsync();
        await Assertions.Expect(dialog).ToHaveCountAsync(0);
    }

    public async Task GoToStepAsync(string stepName)
    {
        await Page.GetByRole(AriaRole.Tab, new() { Name = stepName }).Or(Page.Locator(".mud-step", new() { HasText = stepName })).First.ClickAsync();
    }

    public Task ChooseAsync(string group, string option) =>
        Page.GetByRole(AriaRole.Radiogroup, new() { Name = group, Exact = true }).GetByLabel(option, new() { Exact = true }).CheckAsync();

    public Task ClickAsync(string button) => Page.GetByRole(AriaRole.Button, new() { Name = button, Exact = true }).ClickAsync();

    public Task TickAsync(string label) => Page.GetByLabel(label, new() { Exact = true }).CheckAsync();

    public Task NextAsync() => Page.GetByRole(AriaRole.Button, new() { Name = "Next", Exact = true }).ClickAsync();

    public Task BackAsync() => Page.GetByRole(AriaRole.Button, new() { Name = "Back", Exact = true }).ClickAsync();

    public ILocator SaveState => Page.GetByRole(AriaRole.Status).Filter(new() { Has = Page.Locator("[data-save-state]") }).Or(Page.Locator("[data-save-state]"));

    public Task WaitSavedAsync() => Assertions.Expect(Page.Locator("[data-save-state]")).ToHaveAttributeAsync("data-save-state", "Saved");

    public async Task ReloadAsync()
    {
        await Page.ReloadAsync();
        await WaitInteractiveAsync();
    }

    private async Task GotoAndWaitAsync(string url)
    {
        await Page.GotoAsync(url);
        await WaitInteractiveAsync();
    }

    // To look at the pages a journey passes through: SCREENSHOTS=/tmp/shots bash scripts/test.sh --filter Journey
    public async Task SnapAsync(string name)
    {
        if (Environment.GetEnvironmentVariable("SCREENSHOTS") is { Length: > 0 } folder)
            await Page.ScreenshotAsync(new() { Path = Path.Combine(folder, $"{name}.png"), FullPage = true });
    }

    public Task WaitInteractiveAsync() =>
        Page.Locator("[data-interactive=true]").WaitForAsync(new() { State = WaitForSelectorState.Attached });
}

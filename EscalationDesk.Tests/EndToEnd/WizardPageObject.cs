using System.Text.RegularExpressions;
using Microsoft.Playwright;
using EscalationDesk.Tests.Infrastructure;

namespace EscalationDesk.Tests.EndToEnd;

// What a support agent does in the wizard, in their words; locators go by role and label.
public sealed class WizardPageObject(IPage page)
{
    public IPage Page { get; } = page;

    public int DraftId => int.Parse(Regex.Match(Page.Url, @"/escalations/(\d+)/edit").Groups[1].Value);

    // My drafts, where New escalation is (an agent's home; leads land on the dashboard).
    public async Task OpenDraftsAsync()
    {
        await Page.GotoAsync("/drafts");
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

    // A landmark of each step, visible once that step is shown.
    private static readonly string[] StepLandmarks =
        ["Summary", "Related tickets", "Customers affected", "Target signals", "Not a bug — skip reproduction", "Brief preview", "Post to chat"];

    public ILocator StepLandmark(int step) => step switch
    {
        2 => Page.GetByRole(AriaRole.Group, new() { Name = StepLandmarks[1], Exact = true }),
        4 => Page.GetByText(StepLandmarks[3], new() { Exact = true }),
        6 => Page.GetByRole(AriaRole.Heading, new() { Name = StepLandmarks[5] }),
        7 => Page.GetByRole(AriaRole.Button, new() { Name = StepLandmarks[6] }),
        _ => Page.GetByLabel(StepLandmarks[step - 1], new() { Exact = true }),
    };

    // Next, confirmed by the next step's address and its content on screen.
    public async Task NextToAsync(int step)
    {
        await NextAsync();
        await Assertions.Expect(Page).ToHaveURLAsync(new Regex($@"/escalations/{DraftId}/edit\?step={step}$"));
        await Assertions.Expect(StepLandmark(step)).ToBeVisibleAsync();
    }

    public async Task AddTriedStepAsync(string step, string result)
    {
        var row = await AddRowAsync("What's been tried");
        await FillInAsync(row, "Step", step);
        await FillInAsync(row, "Result", result);
    }

    public async Task AddLinkAsync(string list, string reference, string note)
    {
        var row = await AddRowAsync(list);
        await FillInAsync(row, "Reference", reference);
        await FillInAsync(row, list == "Related bugs or feature requests" ? "Status" : "Note", note);
    }

    public async Task AddReproStepAsync(string text)
    {
        var row = await AddRowAsync("Steps");
        await row.GetByRole(AriaRole.Textbox).FillAsync(text);
        await row.GetByRole(AriaRole.Textbox).BlurAsync();
    }

    public async Task TickAllAsync(IEnumerable<string> labels)
    {
        foreach (var label in labels) await TickAsync(label);
    }

    public async Task SkipReproductionAsync(string reason)
    {
        await Page.GetByLabel("Not a bug — skip reproduction").CheckAsync();
        await FillAsync("Reason for skipping", reason);
    }

    // Picks a severity other than the suggested one and says why.
    public async Task SetSeverityAsync(string severity, string reason)
    {
        await ChooseAsync("Severity", severity);
        await FillAsync("Reason for the severity", reason);
    }

    // Waits for the edit to reach the database: the indicator leaves "Saved", then comes back to it.
    public async Task WaitSaveRoundtripAsync()
    {
        await Page.Locator("[data-save-state=Pending], [data-save-state=Saving]").WaitForAsync(new() { State = WaitForSelectorState.Attached });
        await WaitSavedAsync();
    }

    public Task<string> DownloadMarkdownAsync() => DownloadAsync("Download Markdown", path => File.ReadAllTextAsync(path));

    public Task<string> DownloadPdfAsync() => DownloadAsync("Download PDF", PdfText.ExtractAsync);

    // The audience beside the download buttons (Standard until chosen).
    public async Task ChooseAudienceAsync(string audience)
    {
        await Page.GetByRole(AriaRole.Combobox, new() { Name = "Audience", Exact = true }).ClickAsync();
        await Page.GetByRole(AriaRole.Option, new() { Name = audience, Exact = true }).ClickAsync();
    }

    private async Task<string> DownloadAsync(string button, Func<string, Task<string>> read)
    {
        var download = await Page.RunAndWaitForDownloadAsync(() => ClickAsync(button));
        var path = Path.Combine(Path.GetTempPath(), $"{Guid.NewGuid():N}-{download.SuggestedFilename}");
        await download.SaveAsAsync(path);
        try { return await read(path); }
        finally { File.Delete(path); }
    }

    // Escalate asks first, then lands on Next steps; the journeys carry on from the escalation's page.
    public async Task<int> EscalateAsync()
    {
        var id = DraftId;
        await ClickAsync("Escalate");
        await ConfirmEscalateAsync(clicks: 1);
        await ExpectEscalatedOnNextStepsAsync(id);
        await Page.GotoAsync($"/escalations/{id}");
        await WaitInteractiveAsync();
        return id;
    }

    public ILocator EscalateDialog => Page.GetByRole(AriaRole.Dialog).Filter(new() { Has = Page.GetByTestId("escalate-summary") });

    // Clicks in one burst reach the server before it renders the first one's result.
    public async Task ConfirmEscalateAsync(int clicks)
    {
        var confirm = EscalateDialog.GetByRole(AriaRole.Button, new() { Name = "Escalate now", Exact = true });
        await Assertions.Expect(confirm).ToBeVisibleAsync();
        await confirm.EvaluateAsync($"button => {{ for (let i = 0; i < {clicks}; i++) button.click(); }}");
    }

    public async Task ExpectEscalatedOnNextStepsAsync(int id)
    {
        await Assertions.Expect(Page).ToHaveURLAsync(new Regex($@"/escalations/{id}/edit\?step=7$"));
        await Assertions.Expect(Page.GetByTestId("escalated-message")).ToContainTextAsync($"Escalated as ESC-{id}");
    }

    private async Task<ILocator> AddRowAsync(string list)
    {
        var fieldset = Page.GetByRole(AriaRole.Group, new() { Name = list, Exact = true });
        var count = await fieldset.Locator(".list-row").CountAsync();
        await fieldset.GetByRole(AriaRole.Button, new() { NameRegex = new Regex("^Add a ") }).ClickAsync();
        var row = Page.GetByRole(AriaRole.Group, new() { Name = $"{list}, item {count + 1}", Exact = true });
        await row.WaitForAsync();
        return row;
    }

    private static async Task FillInAsync(ILocator scope, string label, string text)
    {
        var field = scope.GetByLabel(label, new() { Exact = true });
        await field.FillAsync(text);
        await field.BlurAsync();
    }

    public Task WaitInteractiveAsync() =>
        Page.Locator("[data-interactive=true]").WaitForAsync(new() { State = WaitForSelectorState.Attached });
}

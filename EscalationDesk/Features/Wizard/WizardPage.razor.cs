using EscalationDesk.Features.Escalations;
using EscalationDesk.Features.Judgment;
using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;

namespace EscalationDesk.Features.Wizard;

public sealed partial class WizardPage : IAsyncDisposable
{
    [Inject] private WizardService Wizard { get; set; } = default!;
    [Inject] private NavigationManager Navigation { get; set; } = default!;
    [Inject] private TimeProvider Clock { get; set; } = default!;
    [Inject] private ILogger<WizardPage> Logger { get; set; } = default!;
    [Inject] private IJSRuntime JS { get; set; } = default!;
    [Inject] private Operations.PendingSaves PendingSaves { get; set; } = default!;

    [Parameter] public int Id { get; set; }
    [SupplyParameterFromQuery(Name = "step")] public int? Step { get; set; }

    private DraftContent? _content;
    private DraftFacts? _facts;
    private Assessment? _assessment;
    private IReadOnlyList<Finding> _blockers = [];
    private Autosave? _autosave;
    private IDisposable? _pendingSave;
    private int _version;
    private EscalationStatus _status;
    private int _step = 1;
    private int _loadedId;
    private bool _leaving;
    private bool _focusStep;

    private const int BriefStep = 6;

    private string Title => _content?.Understand.Summary is { Length: > 0 } summary ? summary : "New escalation";

    private string StepPosition => $"Step {_step} of {WizardService.StepCount} · {Vocabulary.WizardSteps[_step - 1]}";

    protected override async Task OnParametersSetAsync()
    {
        if (_loadedId != Id) await LoadAsync();
        if (Step is int step) _step = Math.Clamp(step, 1, WizardService.StepCount);
        // Saved with the next save: opening a step is no edit of its own.
        _content?.VisitedSteps.Add(_step);
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (!_focusStep) return;
        _focusStep = false;
        // The new step starts at its top, its heading focused, so keyboard and screen reader users start there too.
        try { await JS.InvokeVoidAsync("escalationDesk.focusStepHeading", _step); }
        catch (JSDisconnectedException) { }
    }

    private async Task LoadAsync()
    {
        _loadedId = Id;
        var draft = await Wizard.LoadAsync(Id);
        if (draft is null)
        {
            // Missing, discarded, no longer editable or not this user's: one answer, 404 (the Router's not-found page).
            Navigation.NotFound();
            return;
        }
        _content = draft.Content;
        _version = draft.Version;
        _status = draft.Status;
        _step = draft.CurrentStep;
        await RefreshFactsAsync();
        _autosave?.Dispose();
        _autosave = new Autosave(Clock, SaveAsync, InvokeAsync, () => _ = InvokeAsync(StateHasChanged));
        // When the app stops (SIGTERM), what is typed is saved at once instead of after the debounce.
        _pendingSave ??= PendingSaves.Register(() => InvokeAsync(SaveBeforeStopAsync));
    }

    private async Task SaveBeforeStopAsync()
    {
        // A save under way finishes first (Autosave never overlaps saves); then what was typed during it.
        for (var tries = 0; tries < 100 && _autosave is { HasUnsavedEdits: true, State: not (SaveState.Conflict or SaveState.Gone) }; tries++)
        {
            await _autosave.SaveNowAsync();
            if (_autosave.HasUnsavedEdits) await Task.Delay(20);
        }
    }

    private async Task<SaveOutcome> SaveAsync()
    {
        var result = await Wizard.SaveAsync(Id, _content!, _step, _version);
        if (result.Outcome != SaveOutcome.Saved) return result.Outcome;
        _version = result.Version;
        // Similar reports live in the database: refresh them once the text they follow is saved. The save itself
        // succeeded, so a failure here only leaves the previous suggestions on screen.
        try { await RefreshFactsAsync(); }
        catch (Exception ex) { Logger.LogWarning(ex, "Could not refresh similar reports for draft {Id}", Id); }
        return result.Outcome;
    }

    private async Task RefreshFactsAsync()
    {
        _facts = await Wizard.FactsAsync(Id, _content!);
        Assess();
    }

    // All rules are pure and cheap: re-judge on every change so each step's advice is live.
    private void Assess()
    {
        _assessment = Assessment.Of(_content!, _facts!.Judgment);
        _blockers = EscalationReadiness.MissingToEscalate(_content!);
    }

    private async Task<bool> SaveBeforeExportAsync()
    {
        await _autosave!.SaveNowAsync();
        return !_autosave.HasUnsavedEdits;
    }

    // Calm: a step is marked once the agent has been there and moved on, or has reached the Brief, never ahead of them.
    private bool HasWarnings(int step) => IsMarked(step) && _assessment!.Readiness.Any(f => f.Step == step);

    private bool IsMarked(int step) =>
        _content!.VisitedSteps.Contains(BriefStep) || (_content.VisitedSteps.Contains(step) && step != _step);

    private void OnChanged()
    {
        Assess();
        _autosave?.Changed();
    }

    private Task GoToStepAsync(int index)
    {
        var step = Math.Clamp(index + 1, 1, WizardService.StepCount);
        // The stepper also reports index changes while the page is being left (e.g. after Escalate, or when the tab
        // closes and the circuit takes the stepper apart step by step): ignore those.
        if (step == _step || _leaving || !new Uri(Navigation.Uri).AbsolutePath.EndsWith($"/escalations/{Id}/edit", StringComparison.Ordinal))
            return Task.CompletedTask;
        _step = step;
        _focusStep = true;
        _autosave?.Changed();
        Navigation.NavigateTo(WizardRoutes.Edit(Id, step));
        return Task.CompletedTask;
    }

    // Escalated from the Brief: the record is now an escalation; its next steps (chat post, customer reply) come next.
    private async Task OnEscalatedAsync()
    {
        await ReloadAsync();
        _focusStep = true;
        Navigation.NavigateTo(WizardRoutes.Edit(Id, WizardService.StepCount));
    }

    private async Task ReloadAsync()
    {
        _content = null;
        _loadedId = 0;
        await LoadAsync();
        Navigation.NavigateTo(WizardRoutes.Edit(Id, _step), replace: true);
    }

    public async ValueTask DisposeAsync()
    {
        _leaving = true;
        _pendingSave?.Dispose();
        if (_autosave is null) return;
        // Leaving the page must not drop the last keystrokes.
        if (_autosave.HasUnsavedEdits) await _autosave.SaveNowAsync();
        _autosave.Dispose();
    }
}

namespace EscalationDesk.Features.Wizard;

public enum SaveState { Saved, Pending, Saving, Failed, Conflict, Gone }

// Debounced autosave: a save starts once typing pauses (Quiet) and never later than MaxDelay after the
// first unsaved edit. Saves never overlap; edits made during a save are saved right after it.
// State is only "Saved" when the database acknowledged every edit made so far.
public sealed class Autosave(TimeProvider clock, Func<Task<SaveOutcome>> save, Func<Func<Task>, Task> dispatch, Action stateChanged) : IDisposable
{
    public static readonly TimeSpan Quiet = TimeSpan.FromMilliseconds(400);
    public static readonly TimeSpan MaxDelay = TimeSpan.FromMilliseconds(1000);
    // A failed save is tried again by itself, less often the longer it fails (a database restarting, a failover).
    public static readonly TimeSpan FirstRetry = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan MaxRetry = TimeSpan.FromSeconds(8);

    private ITimer? _timer;
    private DateTimeOffset? _firstUnsavedAt;
    private long _edits;
    private long _savedEdits;
    private bool _running;
    private TimeSpan _retry = FirstRetry;

    public SaveState State { get; private set; } = SaveState.Saved;
    public string? FailureMessage { get; private set; }
    public bool HasUnsavedEdits => _edits != _savedEdits;

    public void Changed()
    {
        _edits++;
        if (State is SaveState.Conflict or SaveState.Gone) return;
        var now = clock.GetUtcNow();
        _firstUnsavedAt ??= now;
        var wait = MaxDelay - (now - _firstUnsavedAt.Value);
        if (wait > Quiet) wait = Quiet;
        if (wait < TimeSpan.Zero) wait = TimeSpan.Zero;
        if (State != SaveState.Failed) State = SaveState.Pending;
        _timer?.Dispose();
        _timer = clock.CreateTimer(_ => _ = dispatch(SaveNowAsync), null, wait, Timeout.InfiniteTimeSpan);
        stateChanged();
    }

    public async Task SaveNowAsync()
    {
        _timer?.Dispose();
        _timer = null;
        if (_running || !HasUnsavedEdits || State is SaveState.Conflict or SaveState.Gone) return;

        _running = true;
        var edits = _edits;
        State = SaveState.Saving;
        stateChanged();
        try
        {
            var outcome = await save();
            State = outcome switch
            {
                SaveOutcome.Saved => SaveState.Saved,
                SaveOutcome.Conflict => SaveState.Conflict,
                _ => SaveState.Gone,
            };
            if (outcome == SaveOutcome.Saved)
            {
                _savedEdits = edits;
                _firstUnsavedAt = null;
                FailureMessage = null;
                _retry = FirstRetry;
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            State = SaveState.Failed;
            FailureMessage = ex.Message;
        }
        finally
        {
            _running = false;
        }

        if (State == SaveState.Failed)
        {
            _timer = clock.CreateTimer(_ => _ = dispatch(SaveNowAsync), null, _retry, Timeout.InfiniteTimeSpan);
            _retry = _retry * 2 < MaxRetry ? _retry * 2 : MaxRetry;
        }
        else if (State == SaveState.Saved && HasUnsavedEdits)
        {
            State = SaveState.Pending;
            _firstUnsavedAt = clock.GetUtcNow();
            await SaveNowAsync();
            return;
        }
        stateChanged();
    }

    public void Dispose() => _timer?.Dispose();
}

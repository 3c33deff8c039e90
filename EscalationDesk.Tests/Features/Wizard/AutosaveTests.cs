using EscalationDesk.Features.Wizard;
using Microsoft.Extensions.Time.Testing;

namespace EscalationDesk.Tests.Features.Wizard;

public sealed class AutosaveTests
{
    private readonly FakeTimeProvider _clock = new();
    private readonly List<SaveOutcome> _outcomes = [];
    private int _saves;
    private Func<Task<SaveOutcome>>? _saveOverride;

    private Autosave Create() => new(_clock, () =>
    {
        _saves++;
        return _saveOverride?.Invoke() ?? Task.FromResult(SaveOutcome.Saved);
    }, work => work(), () => { });

    [Fact]
    public void An_edit_is_not_saved_while_typing_continues_but_is_pending()
    {
        using var autosave = Create();
        autosave.Changed();
        _clock.Advance(TimeSpan.FromMilliseconds(300));

        Assert.Equal(0, _saves);
        Assert.Equal(SaveState.Pending, autosave.State);
    }

    [Fact]
    public void A_pause_in_typing_saves_once()
    {
        using var autosave = Create();
        autosave.Changed();
        autosave.Changed();
        _clock.Advance(Autosave.Quiet);

        Assert.Equal(1, _saves);
        Assert.Equal(SaveState.Saved, autosave.State);
    }

    [Fact]
    public void Continuous_typing_is_saved_no_later_than_one_second_after_the_first_unsaved_edit()
    {
        using var autosave = Create();
        for (var i = 0; i < 10; i++)
        {
            autosave.Changed();
            _clock.Advance(TimeSpan.FromMilliseconds(150));
        }

        Assert.True(_saves >= 1);
    }

    [Fact]
    public async Task A_failed_save_says_not_saved_and_retry_saves()
    {
        using var autosave = Create();
        _saveOverride = () => throw new IOException("disk is full");
        autosave.Changed();
        _clock.Advance(Autosave.Quiet);
        Assert.Equal(SaveState.Failed, autosave.State);
        Assert.True(autosave.HasUnsavedEdits);

        _saveOverride = null;
        await autosave.SaveNowAsync();

        Assert.Equal(SaveState.Saved, autosave.State);
        Assert.False(autosave.HasUnsavedEdits);
    }

    [Fact]
    public void A_failing_save_is_tried_again_by_itself_less_often_and_saves_once_the_database_is_back()
    {
        using var autosave = Create();
        _saveOverride = () => throw new IOException("the database is restarting");
        autosave.Changed();
        _clock.Advance(Autosave.Quiet);
        Assert.Equal((SaveState.Failed, 1), (autosave.State, _saves));

        _clock.Advance(Autosave.FirstRetry);
        Assert.Equal((SaveState.Failed, 2), (autosave.State, _saves));
        _clock.Advance(Autosave.FirstRetry);
        Assert.Equal(2, _saves);                                         // the second retry waits twice as long
        _clock.Advance(Autosave.FirstRetry);
        Assert.Equal(3, _saves);
        for (var i = 0; i < 10; i++) _clock.Advance(Autosave.MaxRetry);
        Assert.Equal(13, _saves);                                        // never less often than MaxRetry

        _saveOverride = null;
        _clock.Advance(Autosave.MaxRetry);
        Assert.Equal((SaveState.Saved, 14), (autosave.State, _saves));
        _clock.Advance(Autosave.MaxRetry * 3);
        Assert.Equal(14, _saves);
        Assert.False(autosave.HasUnsavedEdits);
    }

    [Fact]
    public void Edits_made_during_a_save_are_saved_after_it_and_only_then_is_it_saved()
    {
        var gate = new TaskCompletionSource<SaveOutcome>();
        using var autosave = Create();
        _saveOverride = () => gate.Task;
        autosave.Changed();
        _clock.Advance(Autosave.Quiet);
        Assert.Equal(SaveState.Saving, autosave.State);

        autosave.Changed();
        _saveOverride = null;
        gate.SetResult(SaveOutcome.Saved);

        Assert.Equal(2, _saves);
        Assert.Equal(SaveState.Saved, autosave.State);
    }

    [Fact]
    public void A_conflict_stops_autosaving_so_nothing_is_overwritten()
    {
        using var autosave = Create();
        _saveOverride = () => Task.FromResult(SaveOutcome.Conflict);
        autosave.Changed();
        _clock.Advance(Autosave.Quiet);
        autosave.Changed();
        _clock.Advance(TimeSpan.FromSeconds(5));

        Assert.Equal(SaveState.Conflict, autosave.State);
        Assert.Equal(1, _saves);
    }
}

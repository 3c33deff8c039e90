using EscalationDesk.Data;
using EscalationDesk.Features.Escalations;
using EscalationDesk.Features.Judgment;
using EscalationDesk.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace EscalationDesk.Tests.Features.Escalations;

public sealed class EscalationLifecycleTests : IDisposable
{
    private readonly TestDatabase _db = new();
    private readonly EscalationScenario _s;

    public EscalationLifecycleTests() => _s = new EscalationScenario(_db);

    private async Task<EscalationView> ViewAsync(int id) => (await _s.Reader.GetAsync(id))!;

    [Fact]
    public async Task Escalating_needs_a_summary_a_primary_target_whats_needed_and_a_deadline_each_pointing_at_its_step()
    {
        var id = await _s.ReadyDraftAsync(c =>
        {
            c.Understand.Summary = "";
            c.Target.Signals.Clear();
            c.Brief.WhatsNeeded = "";
            c.Brief.Deadline = null;
        });

        var result = await _s.Escalate.EscalateAsync(id);

        Assert.False(result.Ok);
        Assert.Equal([(1, "Summary"), (4, "Primary target"), (6, "What's needed"), (6, "Deadline")],
            result.Missing!.Take(4).Select(m => (m.Step, m.Field)));
        Assert.Equal(EscalationStatus.Draft, (await ViewAsync(id)).Status);
    }

    [Fact]
    public async Task Overrides_without_reasons_and_text_over_its_limit_block_escalating()
    {
        var id = await _s.ReadyDraftAsync(c =>
        {
            c.Impact.ChosenSeverity = Severity.Critical;
            c.Understand.Summary = new string('s', 121);
        });

        var missing = (await _s.Escalate.EscalateAsync(id)).Missing!;

        Assert.Contains(missing, m => m.Field == "Reason for the severity");
        Assert.Contains(missing, m => m.Message == "Summary must be at most 120 characters.");
    }

    [Fact]
    public async Task Escalating_stamps_the_time_starts_both_timers_and_records_the_event()
    {
        var id = await _s.ReadyDraftAsync();
        var now = _db.Clock.GetUtcNow().UtcDateTime;

        Assert.True((await _s.Escalate.EscalateAsync(id)).Ok);

        var view = await ViewAsync(id);
        Assert.Equal(EscalationStatus.Escalated, view.Status);
        Assert.Equal(now, view.EscalatedAt);
        Assert.Equal(Severity.High, view.Severity);
        Assert.Equal("Engineering", view.Targets);
        Assert.Equal(new FollowUpTimer(now.AddHours(4), now.AddHours(4)), view.InternalTimer);
        Assert.Equal(new FollowUpTimer(now.AddHours(4), now.AddHours(8)), view.CustomerTimer);
        Assert.Contains(view.Timeline, t => t.Kind == TimelineKinds.StatusChanged && t.Detail.StartsWith("Escalated: High to Engineering"));
    }

    [Fact]
    public async Task Ten_concurrent_escalate_calls_make_one_escalation_and_one_event()
    {
        using var disk = TestDatabase.OnDisk();
        var scenario = new EscalationScenario(disk);
        var id = await scenario.ReadyDraftAsync();

        var results = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => Task.Run(() => scenario.Escalate.EscalateAsync(id))));

        Assert.Single(results, r => r.Ok);
        Assert.All(results.Where(r => !r.Ok), r => Assert.Equal("This is already escalated.", r.Error));
        await using var db = disk.CreateDbContext();
        Assert.Equal(1, await db.Timeline.CountAsync(t => t.EscalationId == id && t.Kind == TimelineKinds.StatusChanged));
    }

    [Fact]
    public async Task Two_escalations_of_one_draft_loaded_together_save_once_the_second_is_a_conflict()
    {
        using var disk = TestDatabase.OnDisk();
        var id = await new EscalationScenario(disk).ReadyDraftAsync();
        // Both commands load the draft before either saves; the second save finds the Version moved on (no hand-written UPDATE).
        var together = new BothLoadedBeforeSaving();
        var contexts = new ContextsWith(disk, together);
        var results = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => Task.Run(() =>
            new EscalateCommand(contexts, new FixedUser("Ana Agent"), disk.Clock).EscalateAsync(id))));

        Assert.Single(results, r => r.Ok);
        Assert.Equal("This is already escalated.", Assert.Single(results, r => !r.Ok).Error);
        Assert.Equal(2, together.Arrived);
        await using var db = disk.CreateDbContext();
        Assert.Equal(1, await db.Timeline.CountAsync(t => t.EscalationId == id && t.Kind == TimelineKinds.StatusChanged));
        Assert.Equal(EscalationStatus.Escalated, (await db.Escalations.SingleAsync(e => e.Id == id)).Status);
    }

    // Holds the first two commands at their transaction (after each loaded the draft) until both have arrived.
    private sealed class BothLoadedBeforeSaving : DbTransactionInterceptor
    {
        private readonly TaskCompletionSource _both = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _arrived;
        public int Arrived => Math.Min(_arrived, 2);

        public override async ValueTask<InterceptionResult<System.Data.Common.DbTransaction>> TransactionStartingAsync(System.Data.Common.DbConnection connection,
            TransactionStartingEventData eventData, InterceptionResult<System.Data.Common.DbTransaction> result, CancellationToken cancellationToken = default)
        {
            var arrived = Interlocked.Increment(ref _arrived);
            if (arrived == 2) _both.TrySetResult();
            if (arrived <= 2) await _both.Task.WaitAsync(TimeSpan.FromSeconds(10), cancellationToken);
            return result;
        }
    }

    private sealed class ContextsWith(TestDatabase db, IInterceptor interceptor) : IDbContextFactory<EscalationDeskDbContext>
    {
        public EscalationDeskDbContext CreateDbContext()
        {
            var options = new DbContextOptionsBuilder<EscalationDeskDbContext>();
            db.Database.ConfigureDbContext(options);
            return new(options.AddInterceptors(interceptor).Options);
        }
    }

    public static TheoryData<string, string> InvalidTransitions => new()
    {
        { "acknowledge-draft", "This is still a draft: escalate it first." },
        { "close-draft", "This is still a draft: escalate it first." },
        { "acknowledge-twice", "This was already acknowledged." },
        { "close-open", "Resolve or de-escalate it before closing the loop." },
        { "resolve-closed", "This escalation is closed." },
        { "escalate-twice", "This is already escalated." },
        { "follow-up-after-de-escalation", "This escalation was de-escalated: close the loop instead." },
    };

    [Theory]
    [MemberData(nameof(InvalidTransitions))]
    public async Task Invalid_transitions_are_refused_with_a_clear_message(string scenario, string message)
    {
        var svc = _s.Lifecycle;
        ActionResult result;
        switch (scenario)
        {
            case "acknowledge-draft": result = await svc.AcknowledgeAsync(await _s.ReadyDraftAsync()); break;
            case "close-draft": result = await svc.CloseAsync(await _s.ReadyDraftAsync(), true, true, "x"); break;
            case "acknowledge-twice": { var id = await _s.EscalatedAsync(); await svc.AcknowledgeAsync(id); result = await svc.AcknowledgeAsync(id); break; }
            case "close-open": result = await svc.CloseAsync(await _s.EscalatedAsync(), true, true, "x"); break;
            case "resolve-closed":
            {
                var id = await _s.EscalatedAsync();
                await svc.ResolveAsync(id, "fixed");
                await svc.CloseAsync(id, true, true, "learned");
                result = await svc.ResolveAsync(id, "again");
                break;
            }
            case "escalate-twice": result = await _s.Escalate.EscalateAsync(await _s.EscalatedAsync()); break;
            default:
            {
                var id = await _s.EscalatedAsync();
                await svc.DeEscalateAsync(id, "workaround", [], "");
                result = await svc.LogFollowUpAsync(id, "checking");
                break;
            }
        }

        Assert.False(result.Ok);
        Assert.Equal(message, result.Error);
    }

    [Fact]
    public async Task The_whole_lifecycle_is_on_the_timeline_newest_first()
    {
        var svc = _s.Lifecycle;
        var id = await _s.EscalatedAsync();
        foreach (var act in new Func<Task<ActionResult>>[]
        {
            () => svc.AcknowledgeAsync(id),
            () => svc.LogFollowUpAsync(id, "Engineering found the gateway config"),
            () => svc.LogCustomerUpdateAsync(id, "Email", "Told them a fix is coming"),
            () => svc.ChangeSeverityAsync(id, Severity.Critical, "Second region affected"),
            () => svc.ResolveAsync(id, "Gateway timeout raised"),
            () => svc.CloseAsync(id, true, true, "Alert on gateway latency"),
        })
        {
            _db.Clock.Advance(TimeSpan.FromMinutes(5));
            Assert.True((await act()).Ok);
        }

        var view = await ViewAsync(id);
        Assert.Equal(EscalationStatus.Closed, view.Status);
        Assert.Equal("Alert on gateway latency", view.Outcome.Learnings);
        string[] expected = ["Closed", "Resolved", "Severity High → Critical", "Customer update by email", "Internal follow-up", "Acknowledged", "Escalated"];
        var details = view.Timeline.Where(t => t.Kind is not (TimelineKinds.Created or TimelineKinds.Edited)).Select(t => t.Detail).ToList();
        Assert.Equal(expected.Length, details.Count);
        Assert.All(expected.Zip(details), pair => Assert.StartsWith(pair.First, pair.Second));
        Assert.Equal("Told them a fix is coming", Assert.Single(view.Communications).Note);
        Assert.Null(view.InternalTimer);
        Assert.Null(view.CustomerTimer);
    }

    [Fact]
    public async Task Closing_requires_learnings_and_de_escalating_a_reason_from_the_four()
    {
        var id = await _s.EscalatedAsync();
        Assert.Equal("Pick the reason for de-escalating.", (await _s.Lifecycle.DeEscalateAsync(id, "bored", [], "")).Error);
        Assert.True((await _s.Lifecycle.DeEscalateAsync(id, "workaround", ["notify-team", "inform-customer"], "CSV split works")).Ok);
        Assert.Equal("Learnings is required.", (await _s.Lifecycle.CloseAsync(id, true, true, " ")).Error);

        var view = await ViewAsync(id);
        Assert.Equal(EscalationStatus.DeEscalated, view.Status);
        Assert.Equal(["notify-team", "inform-customer"], view.Outcome.DeEscalationActions);
        Assert.Contains("(2 still to do)", view.Timeline.First().Detail);
        Assert.Null(view.InternalTimer);
    }

    [Fact]
    public async Task A_follow_up_restarts_the_internal_timer_and_a_customer_update_the_customer_timer()
    {
        var id = await _s.EscalatedAsync();
        var start = _db.Clock.GetUtcNow().UtcDateTime;
        _db.Clock.Advance(TimeSpan.FromHours(3));

        await _s.Lifecycle.LogFollowUpAsync(id, "Checked with Engineering");
        var afterFollowUp = await ViewAsync(id);
        Assert.Equal(start.AddHours(3 + 4), afterFollowUp.InternalTimer!.DueAt);
        Assert.Equal(start.AddHours(4), afterFollowUp.CustomerTimer!.DueAt);

        _db.Clock.Advance(TimeSpan.FromHours(1));
        await _s.Lifecycle.LogCustomerUpdateAsync(id, "Phone", "Still investigating");
        Assert.Equal(start.AddHours(4 + 4), (await ViewAsync(id)).CustomerTimer!.DueAt);
    }

    [Fact]
    public async Task A_severity_change_recomputes_both_timers_with_business_days_for_Medium()
    {
        _db.Clock.SetUtcNow(new DateTimeOffset(2026, 11, 27, 16, 0, 0, TimeSpan.Zero)); // a Friday
        var id = await _s.EscalatedAsync();
        Assert.Equal(new DateTime(2026, 11, 27, 20, 0, 0), (await ViewAsync(id)).InternalTimer!.DueAt);

        Assert.True((await _s.Lifecycle.ChangeSeverityAsync(id, Severity.Medium, "Workaround found")).Ok);

        var view = await ViewAsync(id);
        Assert.Equal(Severity.Medium, view.Severity);
        Assert.Equal(new DateTime(2026, 11, 30, 16, 0, 0), view.InternalTimer!.DueAt);
        Assert.Equal(new DateTime(2026, 12, 1, 16, 0, 0), view.CustomerTimer!.OverdueAt);
        Assert.Equal("A reason is required.", (await _s.Lifecycle.ChangeSeverityAsync(id, Severity.High, "")).Error);
    }

    [Fact]
    public async Task Edits_after_escalation_are_recorded_field_by_field_in_the_products_words()
    {
        var id = await _s.EscalatedAsync();
        var record = (await _s.Wizard.LoadAsync(id))!;
        record.Content.Brief.WhatsNeeded = "Fix the gateway timeout";
        record.Content.Impact.CustomersAffected = 12;

        Assert.Equal(EscalationDesk.Features.Wizard.SaveOutcome.Saved, (await _s.Wizard.SaveAsync(id, record.Content, 6, record.Version)).Outcome);

        var edit = (await ViewAsync(id)).Timeline.First(t => t.Kind == TimelineKinds.Edited);
        Assert.Contains("What's needed changed", edit.Detail);
        Assert.Contains("Customers affected set to 12", edit.Detail);
    }

    [Fact]
    public async Task Draft_edits_fold_into_one_event_per_person_and_ten_minutes()
    {
        var id = await _s.ReadyDraftAsync();
        async Task EditAsync(Action<EscalationDesk.Features.Wizard.DraftContent> change)
        {
            var record = (await _s.Wizard.LoadAsync(id))!;
            change(record.Content);
            await _s.Wizard.SaveAsync(id, record.Content, 3, record.Version);
        }

        await EditAsync(c => c.Impact.ChosenSeverity = Severity.Critical);
        _db.Clock.Advance(TimeSpan.FromMinutes(2));
        await EditAsync(c => c.Impact.SeverityReason = "Two regions down");
        _db.Clock.Advance(TimeSpan.FromMinutes(11));
        await EditAsync(c => c.Impact.CustomersAffected = 40);

        var edits = (await ViewAsync(id)).Timeline.Where(t => t.Kind == TimelineKinds.Edited).ToList();
        Assert.Equal(2, edits.Count);
        Assert.Equal("Customers affected set to 40", edits[0].Detail);
        Assert.Contains("Severity: Critical", edits[1].Detail);
        Assert.Contains("Reason for the severity added", edits[1].Detail);
        Assert.Contains("Summary added", edits[1].Detail);
        Assert.Contains("Target signals added;", edits[1].Detail);
        Assert.DoesNotContain("(empty)", edits[1].Detail);
    }

    [Fact]
    public async Task My_escalations_list_my_open_ones_next_customer_update_first_and_not_drafts_or_closed()
    {
        var sooner = await _s.EscalatedAsync();
        _db.Clock.Advance(TimeSpan.FromMinutes(30));
        var later = await _s.EscalatedAsync();
        await _s.ReadyDraftAsync();
        var closed = await _s.EscalatedAsync();
        await _s.Lifecycle.ResolveAsync(closed, "fixed");
        await _s.Lifecycle.CloseAsync(closed, true, true, "learned");

        var mine = await new EscalationDesk.Features.Drafts.DraftsService(_db, _s.Agent, _db.Clock, _db.Search)
            .ListMyOpenEscalationsAsync();

        Assert.Equal([sooner, later], mine.Select(m => m.Id));
    }

    public void Dispose() => _db.Dispose();
}

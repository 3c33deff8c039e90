using System.ComponentModel.DataAnnotations;
using EscalationDesk.Data;
using EscalationDesk.Features.Judgment;
using EscalationDesk.Features.Users;
using EscalationDesk.Features.Wizard;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace EscalationDesk.Features.Escalations;

public sealed record ActionResult(bool Ok, string? Error = null, IReadOnlyList<Finding>? Missing = null)
{
    public static readonly ActionResult Done = new(true);
    public static ActionResult Refused(string error) => new(false, error);
}

public sealed record TimelineItem(DateTime At, string Actor, string Kind, string Detail);
public sealed record CommunicationItem(DateTime At, string Actor, string Channel, string Note);

public sealed record EscalationView(
    int Id, EscalationStatus Status, string Summary, string? Customer, Severity? Severity, string Targets, string Owner,
    DateTime? EscalatedAt, FollowUpTimer? InternalTimer, FollowUpTimer? CustomerTimer, Outcome Outcome, DraftContent Content,
    IReadOnlyList<CommunicationItem> Communications, IReadOnlyList<TimelineItem> Timeline, bool CanAct = false, bool CanReassign = false);

// The escalation after the brief (PRODUCT.md §3, §4): escalate, acknowledge, follow-ups, customer updates, severity
// changes, de-escalation, resolution and closing the loop. Every action is a timeline event; timers are stored.
public sealed class EscalationService(
    IDbContextFactory<EscalationDeskDbContext> dbFactory, ICurrentUser user, TimeProvider clock, IOptions<CadenceOptions> cadence)
{
    // What escalating needs: PRODUCT.md §1 and issue 4/7, plus the reasons overrides require and the field limits.
    public static IReadOnlyList<Finding> MissingToEscalate(DraftContent c)
    {
        var a = Assessment.Of(c, JudgmentFacts.None);
        var missing = new List<Finding>();
        if (string.IsNullOrWhiteSpace(c.Understand.Summary)) missing.Add(new(1, "Summary", "Summary is required."));
        if (a.Targets.Primary is null) missing.Add(new(4, "Primary target", "Choose a primary target."));
        if (string.IsNullOrWhiteSpace(c.Brief.WhatsNeeded)) missing.Add(new(6, "What's needed", "Say what is needed."));
        if (c.Brief.Deadline is null) missing.Add(new(6, "Deadline", "Set a deadline."));
        missing.AddRange(a.Readiness.Where(f => f.Field.StartsWith("Reason", StringComparison.Ordinal)));
        var steps = new object[] { c.Understand, c.Context, c.Impact, c.Target, c.Reproduce, c.Brief, c.NextSteps };
        for (var i = 0; i < steps.Length; i++) missing.AddRange(Invalid(steps[i], i + 1));
        return missing.DistinctBy(f => (f.Step, f.Field, f.Message)).ToList();
    }

    private static IEnumerable<Finding> Invalid(object model, int step)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(model, new ValidationContext(model), results, validateAllProperties: true);
        foreach (var item in model.GetType().GetProperties().Select(p => p.GetValue(model)).OfType<System.Collections.IEnumerable>().Where(v => v is not string))
            foreach (var element in item)
                if (element is not null && element.GetType().Namespace == typeof(DraftContent).Namespace)
                    Validator.TryValidateObject(element, new ValidationContext(element), results, validateAllProperties: true);
        return results.Select(r => new Finding(step, r.MemberNames.FirstOrDefault() ?? "", r.ErrorMessage ?? "Invalid value."));
    }

    // Ten quick clicks make one escalation: the status changes only where it is still Draft, in one UPDATE.
    public async Task<ActionResult> EscalateAsync(int id, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var draft = await db.Escalations.AsNoTracking().EditableBy(user).SingleOrDefaultAsync(e => e.Id == id && e.DiscardedAt == null, ct);
        if (draft is null) return ActionResult.Refused("This draft does not exist.");
        if (LifecycleRules.Refusal(draft.Status, LifecycleAction.Escalate) is { } refusal) return ActionResult.Refused(refusal);
        var missing = MissingToEscalate(draft.Content);
        if (missing.Count > 0) return new ActionResult(false, "Some things are missing before this can be escalated.", missing);

        var now = Now;
        var a = Assessment.Of(draft.Content, JudgmentFacts.None);
        var severity = a.Severity.Effective;
        var schedule = CadenceRules.Next(cadence.Value, severity, now);
        // The queue's derived columns, as SaveChanges would set them (ExecuteUpdate bypasses it).
        var derived = new Escalation
        {
            Status = EscalationStatus.Escalated, Targets = a.Targets.TeamText, NextInternalDueAt = schedule.Internal.DueAt, NextInternalOverdueAt = schedule.Internal.OverdueAt,
            NextCustomerDueAt = schedule.Customer.DueAt, NextCustomerOverdueAt = schedule.Customer.OverdueAt,
        };
        derived.UpdateQueueColumns();
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var changed = await db.Escalations
            .Where(e => e.Id == id && e.Status == EscalationStatus.Draft && e.DiscardedAt == null)
            .ExecuteUpdateAsync(u => u
                .SetProperty(e => e.Status, EscalationStatus.Escalated)
                .SetProperty(e => e.EscalatedAt, now)
                .SetProperty(e => e.UpdatedAt, now)
                .SetProperty(e => e.Severity, severity)
                .SetProperty(e => e.PrimaryTarget, a.Targets.Primary)
                .SetProperty(e => e.Targets, a.Targets.TeamText)
                .SetProperty(e => e.NextInternalDueAt, schedule.Internal.DueAt)
                .SetProperty(e => e.NextInternalOverdueAt, schedule.Internal.OverdueAt)
                .SetProperty(e => e.NextCustomerDueAt, schedule.Customer.DueAt)
                .SetProperty(e => e.NextCustomerOverdueAt, schedule.Customer.OverdueAt)
                .SetProperty(e => e.TargetL2Support, derived.TargetL2Support)
                .SetProperty(e => e.TargetEngineering, derived.TargetEngineering)
                .SetProperty(e => e.TargetProduct, derived.TargetProduct)
                .SetProperty(e => e.TargetSecurity, derived.TargetSecurity)
                .SetProperty(e => e.TargetLeadership, derived.TargetLeadership)
                .SetProperty(e => e.StatusOrder, derived.StatusOrder)
                .SetProperty(e => e.OverdueFrom, derived.OverdueFrom)
                .SetProperty(e => e.Version, e => e.Version + 1), ct);
        if (changed == 0) return ActionResult.Refused("This is already escalated.");
        db.Timeline.Add(Event(id, now, TimelineKinds.StatusChanged,
            $"Escalated: {severity.Text()} to {a.Targets.TeamText}; internal follow-up due {schedule.Internal.DueAt:yyyy-MM-dd HH:mm} UTC, customer update due {schedule.Customer.DueAt:yyyy-MM-dd HH:mm} UTC"));
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return ActionResult.Done;
    }

    public Task<ActionResult> AcknowledgeAsync(int id, CancellationToken ct = default) =>
        ActAsync(id, LifecycleAction.Acknowledge, (e, now) =>
        {
            e.Status = EscalationStatus.Acknowledged;
            e.AcknowledgedAt = now;
            return (TimelineKinds.StatusChanged, "Acknowledged by the receiving team");
        }, ct);

    public Task<ActionResult> LogFollowUpAsync(int id, string note, CancellationToken ct = default) =>
        Required(note, "A note") ?? ActAsync(id, LifecycleAction.LogFollowUp, (e, now) =>
        {
            e.LastInternalFollowUpAt = now;
            return (TimelineKinds.FollowUp, $"Internal follow-up: {note.Trim()}");
        }, ct);

    public Task<ActionResult> LogCustomerUpdateAsync(int id, string channel, string note, CancellationToken ct = default)
    {
        if (!LifecycleRules.Channels.Contains(channel)) return Task.FromResult(ActionResult.Refused("Pick the channel: email, phone, chat or ticket."));
        return Required(note, "A note") ?? ActAsync(id, LifecycleAction.LogCustomerUpdate, (e, now) =>
        {
            e.LastCustomerUpdateAt = now;
            return (TimelineKinds.CustomerUpdate, $"Customer update by {channel.ToLowerInvariant()}: {note.Trim()}");
        }, ct, communication: (channel, note.Trim()));
    }

    public Task<ActionResult> ChangeSeverityAsync(int id, Severity severity, string reason, CancellationToken ct = default) =>
        Required(reason, "A reason") ?? ActAsync(id, LifecycleAction.ChangeSeverity, (e, now) =>
        {
            var before = e.Severity;
            e.Content.Impact.ChosenSeverity = severity;
            e.Content.Impact.SeverityReason = reason.Trim();
            e.Severity = SeverityRules.Decide(e.Content).Effective;
            return (TimelineKinds.SeverityChanged, $"Severity {before?.Text() ?? "none"} → {severity.Text()}: {reason.Trim()}");
        }, ct);

    public Task<ActionResult> DeEscalateAsync(int id, string reason, IReadOnlyCollection<string> actions, string note, CancellationToken ct = default)
    {
        var reasonItem = LifecycleRules.DeEscalationReasons.FirstOrDefault(r => r.Key == reason);
        if (reasonItem is null) return Task.FromResult(ActionResult.Refused("Pick the reason for de-escalating."));
        var done = LifecycleRules.DeEscalationActions.Where(a => actions.Contains(a.Key)).ToList();
        return ActAsync(id, LifecycleAction.DeEscalate, (e, now) =>
        {
            e.Status = EscalationStatus.DeEscalated;
            e.Outcome.DeEscalationReason = reason;
            e.Outcome.DeEscalationActions = done.Select(a => a.Key).ToList();
            e.Outcome.DeEscalationNote = note.Trim();
            var open = LifecycleRules.DeEscalationActions.Count - done.Count;
            return (TimelineKinds.StatusChanged, $"De-escalated: {reasonItem.Text}. Done: {(done.Count == 0 ? "none" : string.Join(", ", done.Select(a => a.Text)))}" +
                (open > 0 ? $" ({open} still to do)" : "") + (note.Trim().Length > 0 ? $". {note.Trim()}" : ""));
        }, ct);
    }

    public Task<ActionResult> ResolveAsync(int id, string resolution, CancellationToken ct = default) =>
        Required(resolution, "A resolution note") ?? ActAsync(id, LifecycleAction.Resolve, (e, now) =>
        {
            e.Status = EscalationStatus.Resolved;
            e.ResolvedAt = now;
            e.Outcome.Resolution = resolution.Trim();
            return (TimelineKinds.StatusChanged, $"Resolved: {resolution.Trim()}");
        }, ct);

    public Task<ActionResult> CloseAsync(int id, bool confirmedWithCustomer, bool trackingUpdated, string learnings, CancellationToken ct = default) =>
        Required(learnings, "Learnings") ?? ActAsync(id, LifecycleAction.Close, (e, now) =>
        {
            e.Status = EscalationStatus.Closed;
            e.ClosedAt = now;
            e.Outcome.ConfirmedWithCustomer = confirmedWithCustomer;
            e.Outcome.TrackingUpdated = trackingUpdated;
            e.Outcome.Learnings = learnings.Trim();
            return (TimelineKinds.StatusChanged, $"Closed. Confirmed with customer: {(confirmedWithCustomer ? "yes" : "no")}; tracking updated: {(trackingUpdated ? "yes" : "no")}. Learnings: {learnings.Trim()}");
        }, ct);

    private static Task<ActionResult>? Required(string? text, string what) =>
        string.IsNullOrWhiteSpace(text) ? Task.FromResult(ActionResult.Refused($"{what} is required.")) : null;

    private async Task<ActionResult> ActAsync(int id, LifecycleAction action, Func<Escalation, DateTime, (string Kind, string Detail)> apply,
        CancellationToken ct, (string Channel, string Note)? communication = null)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var escalation = await db.Escalations.EditableBy(user).SingleOrDefaultAsync(e => e.Id == id && e.DiscardedAt == null, ct);
        if (escalation is null) return ActionResult.Refused("This escalation does not exist.");
        if (LifecycleRules.Refusal(escalation.Status, action) is { } refusal) return ActionResult.Refused(refusal);

        var now = Now;
        var (kind, detail) = apply(escalation, now);
        Schedule(escalation, cadence.Value);
        escalation.UpdatedAt = now;
        escalation.Version++;
        db.Timeline.Add(Event(id, now, kind, detail));
        if (communication is { } c)
            db.Communications.Add(new CommunicationEntry { EscalationId = id, At = now, Actor = user.Name, Channel = c.Channel, Note = c.Note });
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return ActionResult.Refused("Someone else changed this escalation at the same moment; reload and try again.");
        }
        return ActionResult.Done;
    }

    // Recomputes both timers from the escalation time and the last logged follow-up and update; stopped once closed or de-escalated.
    public static void Schedule(Escalation e, CadenceOptions options)
    {
        if (!LifecycleRules.TimersRun(e.Status) || e.EscalatedAt is not DateTime escalatedAt || e.Severity is not Severity severity)
        {
            e.NextInternalDueAt = e.NextInternalOverdueAt = e.NextCustomerDueAt = e.NextCustomerOverdueAt = null;
            return;
        }
        var schedule = CadenceRules.Next(options, severity, escalatedAt, e.LastInternalFollowUpAt, e.LastCustomerUpdateAt);
        e.NextInternalDueAt = schedule.Internal.DueAt;
        e.NextInternalOverdueAt = schedule.Internal.OverdueAt;
        e.NextCustomerDueAt = schedule.Customer.DueAt;
        e.NextCustomerOverdueAt = schedule.Customer.OverdueAt;
    }

    public async Task<EscalationView?> GetAsync(int id, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var e = await db.Escalations.AsNoTracking().ReadableBy(user).Include(x => x.Account).SingleOrDefaultAsync(x => x.Id == id && x.DiscardedAt == null, ct);
        if (e is null) return null;
        var communications = await db.Communications.AsNoTracking().Where(c => c.EscalationId == id).OrderByDescending(c => c.At).ThenByDescending(c => c.Id)
            .Select(c => new CommunicationItem(c.At, c.Actor, c.Channel, c.Note)).ToListAsync(ct);
        var timeline = await db.Timeline.AsNoTracking().Where(t => t.EscalationId == id).OrderByDescending(t => t.At).ThenByDescending(t => t.Id)
            .Select(t => new TimelineItem(t.At, t.Actor, t.Kind, t.Detail)).ToListAsync(ct);
        return new EscalationView(e.Id, e.Status, e.Summary, e.Account?.Name, e.Severity, e.Targets, e.Owner, e.EscalatedAt,
            e.NextInternalDueAt is DateTime i ? new FollowUpTimer(i, e.NextInternalOverdueAt ?? i) : null,
            e.NextCustomerDueAt is DateTime c ? new FollowUpTimer(c, e.NextCustomerOverdueAt ?? c) : null,
            e.Outcome, e.Content, communications, timeline, user.SeesAll() || (e.OwnerId == user.Id && user.IsSignedIn()), user.SeesAll());
    }

    public sealed record Assignee(string Id, string Name);

    // Leads and Admins hand an escalation to someone else: the owner's account and display name change together.
    public async Task<IReadOnlyList<Assignee>> AssigneesAsync(CancellationToken ct = default)
    {
        user.RequireLead();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Users.AsNoTracking().Where(u => u.DisabledAt == null).OrderBy(u => u.DisplayName)
            .Select(u => new Assignee(u.Id, u.DisplayName)).ToListAsync(ct);
    }

    public async Task<ActionResult> ReassignAsync(int id, string ownerId, CancellationToken ct = default)
    {
        user.RequireLead();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var owner = await db.Users.AsNoTracking().Where(u => u.Id == ownerId && u.DisabledAt == null).Select(u => u.DisplayName).SingleOrDefaultAsync(ct);
        if (owner is null) return ActionResult.Refused("Pick someone who can sign in.");
        var escalation = await db.Escalations.SingleOrDefaultAsync(e => e.Id == id && e.DiscardedAt == null, ct);
        if (escalation is null) return ActionResult.Refused("This escalation does not exist.");
        if (escalation.OwnerId == ownerId) return ActionResult.Done;
        var now = Now;
        var before = escalation.Owner;
        escalation.Owner = owner;
        escalation.OwnerId = ownerId;
        escalation.UpdatedAt = now;
        escalation.Version++;
        db.Timeline.Add(Event(id, now, TimelineKinds.OwnerChanged, $"Owner {(before.Length > 0 ? before : "none")} → {owner}"));
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return ActionResult.Refused("Someone else changed this escalation at the same moment; reload and try again.");
        }
        return ActionResult.Done;
    }

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    private TimelineEvent Event(int id, DateTime at, string kind, string detail) =>
        new() { EscalationId = id, At = at, Actor = user.Name, Kind = kind, Detail = detail.Length > 4_000 ? detail[..4_000] + "…" : detail };
}

using EscalationDesk.Data;
using EscalationDesk.Features.Judgment;
using EscalationDesk.Features.Users;
using EscalationDesk.Features.Wizard;
using Microsoft.EntityFrameworkCore;

namespace EscalationDesk.Features.Escalations;

// The escalation after it is escalated (PRODUCT.md §3, §4): acknowledge, follow-ups, customer updates, severity changes,
// de-escalation, resolution, closing the loop and reopening. Each is one timeline event; the save derives the timers again.
public sealed class LifecycleCommands(IDbContextFactory<EscalationDeskDbContext> dbFactory, ICurrentUser user, TimeProvider clock)
{
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
        if (!LifecycleRules.Channels.Contains(channel)) return Task.FromResult(ActionResult.Invalid("Pick the channel: email, phone, chat or ticket."));
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
            return (TimelineKinds.SeverityChanged, $"Severity {before?.Text() ?? "none"} → {severity.Text()}: {reason.Trim()}");
        }, ct);

    public Task<ActionResult> DeEscalateAsync(int id, string reason, IReadOnlyCollection<string> actions, string note, CancellationToken ct = default)
    {
        var reasonItem = LifecycleRules.DeEscalationReasons.FirstOrDefault(r => r.Key == reason);
        if (reasonItem is null) return Task.FromResult(ActionResult.Invalid("Pick the reason for de-escalating."));
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

    // A closed escalation back with its team: the timers run again from now (their starting points are the last follow-up
    // and customer update), and the reason is on the timeline.
    public Task<ActionResult> ReopenAsync(int id, string reason, CancellationToken ct = default) =>
        Required(reason, "A reason") ?? ActAsync(id, LifecycleAction.Reopen, (e, now) =>
        {
            e.Status = LifecycleRules.ReopenedStatus(e.AcknowledgedAt is not null);
            e.ClosedAt = null;
            e.LastInternalFollowUpAt = now;
            e.LastCustomerUpdateAt = now;
            return (TimelineKinds.StatusChanged, $"Reopened, back to {e.Status.Text()}: {reason.Trim()}");
        }, ct);

    private static Task<ActionResult>? Required(string? text, string what) =>
        string.IsNullOrWhiteSpace(text) ? Task.FromResult(ActionResult.Invalid($"{what} is required.")) : null;

    private async Task<ActionResult> ActAsync(int id, LifecycleAction action, Func<Escalation, DateTime, (string Kind, string Detail)> apply,
        CancellationToken ct, (string Channel, string Note)? communication = null)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var escalation = await db.Escalations.EditableBy(user).SingleOrDefaultAsync(e => e.Id == id && e.DiscardedAt == null, ct);
        if (escalation is null) return ActionResult.NotFound("This escalation does not exist.");
        if (LifecycleRules.Refusal(escalation.Status, action, user.SeesAll()) is { } refusal) return ActionResult.Refused(refusal);

        var now = clock.GetUtcNow().UtcDateTime;
        var (kind, detail) = apply(escalation, now);
        escalation.UpdatedAt = now;
        escalation.Version++;
        db.Timeline.Add(EscalationChange.Event(id, now, user.Name, kind, detail));
        if (communication is { } c)
            db.Communications.Add(new CommunicationEntry { EscalationId = id, At = now, Actor = user.Name, Channel = c.Channel, Note = c.Note });
        return await EscalationChange.TrySaveAsync(db, ct) ? ActionResult.Done : ActionResult.Refused(EscalationChange.ChangedMeanwhile);
    }
}

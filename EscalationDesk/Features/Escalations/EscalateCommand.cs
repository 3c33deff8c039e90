using EscalationDesk.Data;
using EscalationDesk.Features.Judgment;
using EscalationDesk.Features.Users;
using EscalationDesk.Features.Wizard;
using Microsoft.EntityFrameworkCore;

namespace EscalationDesk.Features.Escalations;

// Draft → Escalated (PRODUCT.md §4). The draft is loaded, changed and saved under its Version token, so of ten quick
// clicks one lands: the others find it escalated, or, loaded before it was, fail to save (a concurrency conflict).
// An escalation started from a ticket also queues the ticket's internal note in the same transaction (TicketWriteBacks),
// posted after the commit, so the helpdesk can neither hold up nor undo the escalation. snapshots: the brief as it was
// escalated is kept in the same transaction. Both are absent where a test builds the command alone.
public sealed class EscalateCommand(IDbContextFactory<EscalationDeskDbContext> dbFactory, ICurrentUser user, TimeProvider clock,
    Chat.ChatOptions? chat = null, Tickets.TicketWriteBackWorker? writeBacks = null, Briefs.BriefSnapshots? snapshots = null)
{
    public const string AlreadyEscalated = "This is already escalated.";

    public Task<ActionResult> EscalateAsync(int id, CancellationToken ct = default) => EscalateAsync(id, null, ct);

    // appBaseUrl: the app's address as the caller reached it, for the link in the ticket's note (Chat:BaseUrl wins).
    public async Task<ActionResult> EscalateAsync(int id, string? appBaseUrl, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var draft = await db.Escalations.EditableBy(user).SingleOrDefaultAsync(e => e.Id == id && e.DiscardedAt == null, ct);
        if (draft is null) return ActionResult.NotFound("This draft does not exist.");
        if (LifecycleRules.Refusal(draft.Status, LifecycleAction.Escalate) is { } refusal) return ActionResult.Refused(refusal);
        var missing = EscalationReadiness.MissingToEscalate(draft.Content);
        if (missing.Count > 0) return new ActionResult(false, "Some things are missing before this can be escalated.", missing) { Kind = RefusalKind.Invalid };

        var now = clock.GetUtcNow().UtcDateTime;
        draft.Status = EscalationStatus.Escalated;
        draft.EscalatedAt = now;
        draft.UpdatedAt = now;
        draft.Version++;
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        if (!await EscalationChange.TrySaveAsync(db, ct)) return ActionResult.Refused(AlreadyEscalated);
        // The event tells what the save derived: the severity, the targets and the first timers.
        db.Timeline.Add(EscalationChange.Event(id, now, user.Name, TimelineKinds.StatusChanged,
            $"Escalated: {draft.Severity?.Text()} to {draft.Targets}; internal follow-up due {draft.NextInternalDueAt:yyyy-MM-dd HH:mm} UTC, customer update due {draft.NextCustomerDueAt:yyyy-MM-dd HH:mm} UTC"));
        if (snapshots is not null) await snapshots.AddAsync(db, id, Briefs.SnapshotReasons.Escalated, EscalationStatus.Escalated, ct);
        var baseUrl = chat?.BaseUrl is { Length: > 0 } configured ? configured : appBaseUrl;
        var noted = await Tickets.TicketWriteBacks.AddEscalatedNoteAsync(db, draft, baseUrl is { Length: > 0 } ? $"{baseUrl.TrimEnd('/')}/escalations/{id}" : null,
            user.Name, now, ct);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        if (noted) writeBacks?.Wake();
        Operations.EscalationDeskMetrics.EscalationsEscalated.Add(1);
        return ActionResult.Done;
    }
}

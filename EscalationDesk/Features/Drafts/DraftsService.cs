using EscalationDesk.Data;
using EscalationDesk.Features.Escalations;
using EscalationDesk.Features.Judgment;
using EscalationDesk.Features.Users;
using EscalationDesk.Features.Wizard;
using Microsoft.EntityFrameworkCore;

namespace EscalationDesk.Features.Drafts;

public sealed record DraftListItem(int Id, string Summary, string? Customer, DateTime UpdatedAt, int CurrentStep);

public sealed class DraftsService(IDbContextFactory<EscalationDeskDbContext> dbFactory, ICurrentUser user, TimeProvider clock, IEscalationSearch search)
{
    // An untouched draft older than this is removed when its owner starts a new one. Not on leaving the wizard: a reload
    // leaves it too, and would find its draft gone.
    public static readonly TimeSpan UntouchedKept = TimeSpan.FromMinutes(10);

    public async Task<int> CreateAsync(CancellationToken ct = default)
    {
        user.RequireSignedIn();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var now = clock.GetUtcNow().UtcDateTime;
        await RemoveUntouchedAsync(db, now, ct);
        var draft = new Escalation
        {
            Status = EscalationStatus.Draft,
            Owner = user.Name,
            OwnerId = user.Id,
            ReportedBy = user.Name,
            CreatedAt = now,
            UpdatedAt = now,
            Version = 1,
        };
        draft.Timeline.Add(new TimelineEvent { At = now, Actor = user.Name, Kind = TimelineKinds.Created, Detail = "Draft created" });
        db.Escalations.Add(draft);
        await db.SaveChangesAsync(ct);
        Operations.EscalationDeskMetrics.EscalationsCreated.Add(1);
        return draft.Id;
    }

    // The owner's drafts older than UntouchedKept that nobody typed into (AbandonAsync checks that), removed: when the
    // owner starts another or looks at My drafts, so an abandoned empty draft is not left behind.
    private async Task RemoveUntouchedAsync(EscalationDeskDbContext db, DateTime now, CancellationToken ct)
    {
        var me = user.Id;
        var stale = await db.Escalations.AsNoTracking()
            .Where(e => e.OwnerId == me && e.Status == EscalationStatus.Draft && e.DiscardedAt == null && e.UpdatedAt < now - UntouchedKept)
            .Select(e => e.Id).ToListAsync(ct);
        foreach (var id in stale) await AbandonAsync(id, ct);
    }

    // My drafts never lists a draft left untouched: one nobody typed into is removed once it is older than UntouchedKept.
    public async Task<IReadOnlyList<DraftListItem>> ListMineAsync(CancellationToken ct = default)
    {
        var me = user.Id;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (me != "") await RemoveUntouchedAsync(db, clock.GetUtcNow().UtcDateTime, ct);
        return await db.Escalations.AsNoTracking()
            .Where(e => e.OwnerId == me && me != "" && e.Status == EscalationStatus.Draft && e.DiscardedAt == null)
            .OrderByDescending(e => e.UpdatedAt).ThenByDescending(e => e.Id)
            .Select(e => new DraftListItem(e.Id, e.Summary, e.Account != null ? e.Account.Name : null, e.UpdatedAt, e.CurrentStep))
            .ToListAsync(ct);
    }

    public sealed record OpenEscalationItem(int Id, string Summary, string? Customer, Severity? Severity, EscalationStatus Status, DateTime? NextCustomerDueAt);

    // The agent keeps owning the customer relationship after escalating: their open escalations, next customer update first.
    public async Task<IReadOnlyList<OpenEscalationItem>> ListMyOpenEscalationsAsync(CancellationToken ct = default)
    {
        var me = user.Id;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Escalations.AsNoTracking()
            .Where(e => e.OwnerId == me && me != "" && (e.Status == EscalationStatus.Escalated || e.Status == EscalationStatus.Acknowledged || e.Status == EscalationStatus.Resolved || e.Status == EscalationStatus.DeEscalated))
            .OrderBy(e => e.NextCustomerDueAt == null).ThenBy(e => e.NextCustomerDueAt).ThenBy(e => e.Id).Take(50)
            .Select(e => new OpenEscalationItem(e.Id, e.Summary, e.CustomerName, e.Severity, e.Status, e.NextCustomerDueAt))
            .ToListAsync(ct);
    }

    // A draft left untouched (nothing typed, nothing attached, no edit on its timeline) is removed rather than discarded:
    // it holds nothing to keep, and would otherwise sit in My drafts forever.
    public async Task<bool> AbandonAsync(int id, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var draft = await db.Escalations.AsNoTracking().EditableBy(user)
            .Where(e => e.Id == id && e.Status == EscalationStatus.Draft && e.DiscardedAt == null)
            .Select(e => new { e.Content, e.Version }).SingleOrDefaultAsync(ct);
        if (draft is null || ContentDiff.Changes(new DraftContent(), draft.Content).Count > 0) return false;
        if (await db.Attachments.AnyAsync(a => a.EscalationId == id, ct)) return false;
        if (await db.Timeline.AnyAsync(t => t.EscalationId == id && t.Kind != TimelineKinds.Created, ct)) return false;
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        // Only the version judged untouched: a save from another tab in between keeps the draft. Its timeline goes with it.
        if (await db.Escalations.Where(e => e.Id == id && e.Version == draft.Version).ExecuteDeleteAsync(ct) == 0) return false;
        await search.RemoveAsync(db, id, ct);
        await transaction.CommitAsync(ct);
        return true;
    }

    // A discarded draft is kept and marked, never deleted: the timeline says who discarded it and when.
    public async Task<bool> DiscardAsync(int id, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var draft = await db.Escalations.EditableBy(user).SingleOrDefaultAsync(
            e => e.Id == id && e.Status == EscalationStatus.Draft && e.DiscardedAt == null, ct);
        if (draft is null) return false;
        var now = clock.GetUtcNow().UtcDateTime;
        draft.DiscardedAt = now;
        draft.UpdatedAt = now;
        draft.Version++;
        db.Timeline.Add(new TimelineEvent { EscalationId = id, At = now, Actor = user.Name, Kind = TimelineKinds.Discarded, Detail = "Draft discarded" });
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await db.SaveChangesAsync(ct);
        await search.RemoveAsync(db, id, ct);
        await transaction.CommitAsync(ct);
        return true;
    }
}

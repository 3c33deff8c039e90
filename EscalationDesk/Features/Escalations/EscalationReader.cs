using EscalationDesk.Data;
using EscalationDesk.Features.Judgment;
using EscalationDesk.Features.Users;
using EscalationDesk.Features.Wizard;
using Microsoft.EntityFrameworkCore;

namespace EscalationDesk.Features.Escalations;

public sealed record TimelineItem(DateTime At, string Actor, string Kind, string Detail);
public sealed record CommunicationItem(DateTime At, string Actor, string Channel, string Note);

public sealed record EscalationView(
    int Id, EscalationStatus Status, string Summary, string? Customer, Severity? Severity, string Targets, string Owner,
    DateTime? EscalatedAt, FollowUpTimer? InternalTimer, FollowUpTimer? CustomerTimer, Outcome Outcome, DraftContent Content,
    IReadOnlyList<CommunicationItem> Communications, IReadOnlyList<TimelineItem> Timeline, bool CanAct = false, bool CanReassign = false,
    Api.ExternalRef? External = null);

// One escalation as its page shows it: the record, its customer communications and its timeline, newest first.
public sealed class EscalationReader(IDbContextFactory<EscalationDeskDbContext> dbFactory, ICurrentUser user)
{
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
            e.Outcome, e.Content, communications, timeline, user.SeesAll() || (e.OwnerId == user.Id && user.IsSignedIn()), user.SeesAll(),
            Api.ExternalRef.Of(e));
    }
}

using EscalationDesk.Data;
using EscalationDesk.Features.Judgment;
using EscalationDesk.Features.Users;
using EscalationDesk.Features.Wizard;
using Microsoft.EntityFrameworkCore;

namespace EscalationDesk.Features.Escalations;

// Leads and Admins hand an escalation to someone else: the owner's account and display name change together.
public sealed class OwnerReassignment(IDbContextFactory<EscalationDeskDbContext> dbFactory, ICurrentUser user, TimeProvider clock)
{
    public sealed record Assignee(string Id, string Name);

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
        var now = clock.GetUtcNow().UtcDateTime;
        var before = escalation.Owner;
        escalation.Owner = owner;
        escalation.OwnerId = ownerId;
        escalation.UpdatedAt = now;
        escalation.Version++;
        db.Timeline.Add(EscalationChange.Event(id, now, user.Name, TimelineKinds.OwnerChanged, $"Owner {(before.Length > 0 ? before : "none")} → {owner}"));
        return await EscalationChange.TrySaveAsync(db, ct) ? ActionResult.Done : ActionResult.Refused(EscalationChange.ChangedMeanwhile);
    }
}

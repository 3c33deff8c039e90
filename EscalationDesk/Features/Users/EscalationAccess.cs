using System.Linq.Expressions;
using EscalationDesk.Data;
using EscalationDesk.Features.Judgment;

namespace EscalationDesk.Features.Users;

// Who may see and change which escalation, as query filters so a not-allowed row is never read: it is then
// reported exactly as a missing one. Leads and Admins: every escalation. Agents: their own (drafts included),
// and other agents' escalations once escalated, except those going to Security (owner, Leads and Admins only).
public static class EscalationAccess
{
    public static Expression<Func<Escalation, bool>> Readable(ICurrentUser user)
    {
        if (!user.IsSignedIn()) return e => false;
        if (user.SeesAll()) return e => true;
        var me = user.Id;
        return e => e.OwnerId == me || (e.Status != EscalationStatus.Draft && !e.TargetSecurity);
    }

    public static Expression<Func<Escalation, bool>> Editable(ICurrentUser user)
    {
        if (!user.IsSignedIn()) return e => false;
        if (user.SeesAll()) return e => true;
        var me = user.Id;
        return e => e.OwnerId == me;
    }

    public static IQueryable<Escalation> ReadableBy(this IQueryable<Escalation> query, ICurrentUser user) => query.Where(Readable(user));
    public static IQueryable<Escalation> EditableBy(this IQueryable<Escalation> query, ICurrentUser user) => query.Where(Editable(user));
}

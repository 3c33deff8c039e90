using EscalationDesk.Data;
using EscalationDesk.Features.Judgment;
using EscalationDesk.Features.Users;
using Microsoft.EntityFrameworkCore;

namespace EscalationDesk.Features.Queue;

public sealed record Count<T>(T Key, int Value);
public sealed record OldEscalation(int Id, string Summary, string? Customer, Severity? Severity, DateTime EscalatedAt);
public sealed record PatternGroup(IReadOnlyList<OldEscalation> Members, int Customers);
public sealed record WeekCount(DateOnly WeekStart, int Opened);

public sealed record Dashboard(
    IReadOnlyList<Count<Severity>> BySeverity, IReadOnlyList<Count<EscalationTarget>> ByTarget, IReadOnlyList<Count<EscalationStatus>> ByStatus,
    decimal OpenArrAtRisk, int OpenCount, int OverdueInternal, int OverdueCustomer, IReadOnlyList<OldEscalation> Oldest,
    IReadOnlyList<PatternGroup> Patterns, IReadOnlyList<WeekCount> OpenedPerWeek, DateTime CountedAt);

// The lead's overview (PRODUCT.md §5): counts, ARR at risk, overdue timers, the oldest open escalations and patterns.
// With a DashboardSnapshot (the app), a database of DashboardSnapshot.From open escalations or more is counted in the
// background and every viewer reads the latest snapshot; the page says when it was counted. A smaller one is counted live.
public sealed class DashboardService(IDbContextFactory<EscalationDeskDbContext> dbFactory, TimeProvider clock, ICurrentUser user, DashboardSnapshot? snapshot = null)
{
    public const int Weeks = 12;

    public async Task<Dashboard> LoadAsync(CancellationToken ct = default)
    {
        user.RequireLead();
        if (snapshot is null) return await CountAsync(dbFactory, clock, ct);
        // Only the first view after start-up waits, for the one count every viewer shares.
        var latest = snapshot.Latest ?? await snapshot.RefreshAsync().WaitAsync(ct);
        if (latest.OpenCount < snapshot.From) return await CountAsync(dbFactory, clock, ct);
        snapshot.RefreshIfStale();
        return latest;
    }

    // No user check: the background snapshot counts for every Lead; viewers come through LoadAsync.
    internal static async Task<Dashboard> CountAsync(IDbContextFactory<EscalationDeskDbContext> dbFactory, TimeProvider clock, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var now = clock.GetUtcNow().UtcDateTime;
        // Open by StatusOrder, letter for letter the open-row indexes' filter (EscalationDeskDbContext). Each count that links
        // to the queue counts with the queue's own filter, so following it shows exactly that many rows.
        var openOrders = LifecycleRules.OpenStatuses.Select(LifecycleRules.Order).ToList();
        var open = db.Escalations.AsNoTracking().Where(e => EF.Constant(openOrders).Contains(e.StatusOrder));

        // One count per value, not a GROUP BY: each is a range of one open-row index (docs/PERFORMANCE.md, "Why the indexes look as they do").
        var bySeverity = new List<Count<Severity>>();
        foreach (var severity in Enum.GetValues<Severity>())
            bySeverity.Add(new(severity, await open.CountAsync(e => e.Severity == severity, ct)));
        var byTarget = new List<Count<EscalationTarget>>();
        foreach (var target in TargetRules.Precedence)
            byTarget.Add(new(target, await open.CountAsync(e => e.PrimaryTarget == target, ct)));
        // Every status but drafts, in one walk of the (StatusOrder, Status) index.
        var byStatus = await db.Escalations.AsNoTracking().Where(e => e.StatusOrder > LifecycleRules.Order(EscalationStatus.Draft))
            .GroupBy(e => new { e.StatusOrder, e.Status }).Select(g => new Count<EscalationStatus>(g.Key.Status, g.Count())).ToListAsync(ct);
        var openCount = await open.CountAsync(ct);
        var arr = await open.SumAsync(e => e.ArrAtRisk ?? 0, ct);
        var overdueInternal = await open.CountAsync(QueueService.Overdue(OverdueFilter.Internal, now), ct);
        var overdueCustomer = await open.CountAsync(QueueService.Overdue(OverdueFilter.Customer, now), ct);
        // The oldest five of each open status from its index, then the five overall (see the same section).
        var oldestIds = new List<int>();
        foreach (var order in openOrders)
            oldestIds.AddRange(await open.Where(e => e.StatusOrder == order).OrderBy(e => e.EscalatedAt).ThenBy(e => e.Id).Select(e => e.Id).Take(5).ToListAsync(ct));
        var oldest = await db.Escalations.AsNoTracking().Where(e => EF.Constant(oldestIds).Contains(e.Id)).OrderBy(e => e.EscalatedAt).ThenBy(e => e.Id).Take(5)
            .Select(e => new OldEscalation(e.Id, e.Summary, e.CustomerName, e.Severity, e.EscalatedAt!.Value)).ToListAsync(ct);

        // Weeks start on Monday; each week is one range count on the EscalatedAt index.
        var first = WeekStart(now).AddDays(-7 * (Weeks - 1));
        var weeks = new List<WeekCount>(Weeks);
        for (var i = 0; i < Weeks; i++)
        {
            var (from, to) = (first.AddDays(7 * i), first.AddDays(7 * (i + 1)));
            weeks.Add(new WeekCount(DateOnly.FromDateTime(from), await db.Escalations.CountAsync(e => e.EscalatedAt >= from && e.EscalatedAt < to, ct)));
        }

        return new Dashboard(
            bySeverity, byTarget, byStatus.OrderBy(s => s.Key).ToList(),
            arr, openCount, overdueInternal, overdueCustomer, oldest, await PatternsAsync(db, ct), weeks, now);
    }

    // Open escalations joined by the similar reports their agents linked; a group is a pattern once it spans 3 customers.
    private static async Task<IReadOnlyList<PatternGroup>> PatternsAsync(EscalationDeskDbContext db, CancellationToken ct)
    {
        // The similar-report rows, one range of their (Kind, TargetId, EscalationId) index, each source's status by its key.
        var links = await db.EscalationLinks.AsNoTracking()
            .Where(l => l.Kind == LinkKind.SimilarReport && EF.Constant(LifecycleRules.OpenStatuses).Contains(l.Escalation!.Status))
            .Select(l => new { From = l.EscalationId, To = l.TargetId!.Value })
            .ToListAsync(ct);
        if (links.Count == 0) return [];

        var parent = new Dictionary<int, int>();
        int Find(int x) { while (parent.TryGetValue(x, out var p) && p != x) x = parent[x] = parent.GetValueOrDefault(p, p); return x; }
        foreach (var (from, to) in links.Select(l => (l.From, l.To)))
        {
            parent.TryAdd(from, from);
            parent.TryAdd(to, to);
            parent[Find(from)] = Find(to);
        }
        var ids = parent.Keys.ToList();
        var members = await db.Escalations.AsNoTracking()
            .Where(e => ids.Contains(e.Id) && EF.Constant(LifecycleRules.OpenStatuses).Contains(e.Status))
            .Select(e => new { e.Id, e.AccountId, Row = new OldEscalation(e.Id, e.Summary, e.CustomerName, e.Severity, e.EscalatedAt ?? e.CreatedAt) })
            .ToListAsync(ct);
        return members.GroupBy(m => Find(m.Id))
            .Select(g => new PatternGroup(g.Select(m => m.Row).OrderBy(r => r.Id).ToList(), g.Select(m => m.AccountId).OfType<int>().Distinct().Count()))
            .Where(g => g.Customers >= Assessment.PatternCustomers)
            .OrderByDescending(g => g.Customers).ThenByDescending(g => g.Members.Count)
            .ToList();
    }

    private static DateTime WeekStart(DateTime at) => at.Date.AddDays(-(((int)at.DayOfWeek + 6) % 7));

}

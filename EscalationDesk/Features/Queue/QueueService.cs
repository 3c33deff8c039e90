using System.Globalization;
using System.Linq.Expressions;
using CsvHelper;
using EscalationDesk.Data;
using EscalationDesk.Features.Judgment;
using EscalationDesk.Features.Users;
using Microsoft.EntityFrameworkCore;

namespace EscalationDesk.Features.Queue;

// Which overdue timers a view asks for: either of them, or one (the dashboard's two overdue counts link to these).
public enum OverdueFilter { None, Either, Internal, Customer }

public sealed record QueueQuery(
    IReadOnlyList<EscalationStatus>? Statuses = null, Severity? Severity = null, EscalationTarget? Target = null, string? OwnerId = null,
    string? Customer = null, OverdueFilter Overdue = OverdueFilter.None, string? Text = null, string? Sort = null, bool Descending = false,
    int Page = 0, int PageSize = QueueService.DefaultPageSize, EscalationTarget? PrimaryTarget = null)
{
    // OwnerId for "whoever is looking": a shared link to "my escalations" shows each reader their own.
    public const string Me = "me";
}

// Someone the queue can be filtered by: an active user, by account id (two people may share a display name).
public sealed record QueueOwner(string Id, string Name, string Email);

public sealed record QueueRow(
    int Id, string Summary, string? Customer, Severity? Severity, string Targets, EscalationStatus Status, string Owner, DateTime? EscalatedAt,
    DateTime? NextInternalDueAt, DateTime? NextInternalOverdueAt, DateTime? NextCustomerDueAt, DateTime? NextCustomerOverdueAt, decimal? ArrAtRisk)
{
    public FollowUpTimer? InternalTimer => NextInternalDueAt is DateTime d ? new(d, NextInternalOverdueAt ?? d) : null;
    public FollowUpTimer? CustomerTimer => NextCustomerDueAt is DateTime d ? new(d, NextCustomerOverdueAt ?? d) : null;
}

// Rows after a position, the position of the last of them (null when none), and whether more follow.
public sealed record QueueSlice(IReadOnlyList<QueueRow> Rows, IReadOnlyList<object?>? Last, bool HasMore);

// Total is exact unless Capped: then more than Total escalations match and only the first Total can be paged through.
public sealed record QueueResult(IReadOnlyList<QueueRow> Rows, int Total, int Page, int PageSize, bool Capped = false)
{
    // The view these rows answer.
    public QueueQuery? Query { get; init; }

    public int Pages => Math.Max(1, (Total + PageSize - 1) / PageSize);
}

// The team lead's queue (PRODUCT.md §5): every escalation that is not a draft, filtered, sorted and paged in the database.
// countCap bounds the work per view: a count stops after countCap + 1 rows and pages reach the first countCap rows.
public sealed class QueueService(
    IDbContextFactory<EscalationDeskDbContext> dbFactory, TimeProvider clock, ICurrentUser user, IEscalationSearch search, int countCap = QueueService.CountCap)
{
    public const int DefaultPageSize = 25, MinPageSize = 10, MaxPageSize = 100, MaxCsvRows = 50_000, CountCap = 10_000;

    // A customer filter matching more accounts than this (a letter or two typed) is read as a subquery instead of a list of ids.
    public const int MaxCustomerAccounts = 200;

    // The sortable columns; anything else falls back to the default order.
    public static readonly IReadOnlyList<string> SortKeys = ["summary", "customer", "severity", "targets", "status", "owner", "queue", "internal", "customer-update", "arr"];

    public Task<QueueResult> PageAsync(QueueQuery query, CancellationToken ct = default) => PageAsync(query, previous: null, ct);

    // previous: the page shown before this one. Turning to another page of the same view reuses its count (the filters and
    // order are the same, so only the page's own rows are read); anything else is counted again.
    public async Task<QueueResult> PageAsync(QueueQuery query, QueueResult? previous, CancellationToken ct = default)
    {
        user.RequireSignedIn();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var filtered = await FilterAsync(db, query, ct);
        var size = Math.Clamp(query.PageSize, MinPageSize, MaxPageSize);
        var reused = previous is not null && SameView(previous.Query, query);
        int counted;
        if (reused) counted = previous!.Capped ? countCap + 1 : previous.Total;
        else
        {
            // An exact count of half a million open rows costs more than the page itself, and nobody pages through 10,000 rows:
            // count at most one past the cap, and say "10,000+" when it is reached.
            // Filtered by status alone, the count seeks the statuses' StatusOrder (docs/PERFORMANCE.md, "Why the indexes look as they do").
            // The dashboard's overdue links count from the dashboard's own open-row index, by StatusOrder alone (the status
            // as well made PostgreSQL scan the table; docs/PERFORMANCE.md, "PostgreSQL at 1,000,000").
            var counting = OnlyByStatus(query) ? filtered.Where(e => EF.Constant(StatusOrders(query)).Contains(e.StatusOrder))
                : OpenTimerLink(query) ? await FilterAsync(db, query, ct, byStatusOrder: true) : filtered;
            counted = await counting.Take(countCap + 1).CountAsync(ct);
        }
        var capped = counted > countCap;
        var total = Math.Min(counted, countCap);
        var lastPage = Math.Max(0, (total - 1) / size);
        var page = Math.Clamp(query.Page, 0, lastPage);
        // Deferred read: the page's ids, then only those rows; a page in the second half of an exact count is read from the far
        // end, but never after a reused count, which may trail new escalations (docs/PERFORMANCE.md, "Why the indexes look as they do").
        var fromEnd = !capped && !reused && page * size > total / 2;
        var skip = fromEnd ? Math.Max(0, total - (page + 1) * size) : page * size;
        var take = Math.Max(0, Math.Min(size, total - page * size));
        // Sorted by status, the walk starts at the first status asked for (docs/PERFORMANCE.md, "Why the indexes look as they do").
        var ordered = query.Sort == "status" ? filtered.Where(e => EF.Constant(StatusOrders(query)).Contains(e.StatusOrder)) : filtered;
        // The ids are their own query, not a subquery (see the same section).
        var ids = await Sort(ordered, query.Sort, query.Descending ^ fromEnd).Select(e => e.Id).Skip(skip).Take(take).ToListAsync(ct);
        var rows = await Project(Sort(db.Escalations.AsNoTracking().Where(e => EF.Constant(ids).Contains(e.Id)), query.Sort, query.Descending)).ToListAsync(ct);
        return new QueueResult(rows, total, page, size, capped) { Query = query };
    }

    // The Owner filter's choices: everyone who can sign in, by display name.
    public async Task<IReadOnlyList<QueueOwner>> OwnersAsync(CancellationToken ct = default)
    {
        user.RequireSignedIn();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Users.AsNoTracking().Where(u => u.DisabledAt == null).OrderBy(u => u.DisplayName).ThenBy(u => u.Email)
            .Select(u => new QueueOwner(u.Id, u.DisplayName, u.Email ?? "")).ToListAsync(ct);
    }

    public async Task WriteCsvAsync(QueueQuery query, Stream output, CancellationToken ct = default)
    {
        user.RequireSignedIn();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var now = clock.GetUtcNow().UtcDateTime;
        // Cells starting with =, +, -, @, tab or CR are escaped (CsvHelper, as OWASP recommends) so a spreadsheet never runs them.
        // Every field is quoted: a spreadsheet in a locale whose separator is ";" would split an unquoted "x;=1+1" and run the rest.
        await using var csv = CsvWriter.Create(output, new CsvWriterOptions { Injection = CsvInjection.Escape, Quoting = CsvQuoting.Always }, true);
        csv.WriteHeader(["Id", "Summary", "Customer", "Severity", "Targets", "Status", "Owner", "Escalated (UTC)", "Time in queue (hours)",
            "Next internal follow-up (UTC)", "Internal overdue", "Next customer update (UTC)", "Customer overdue", "ARR at risk"]);
        var filtered = await FilterAsync(db, query, ct);
        await foreach (var r in Project(Sort(filtered, query.Sort, query.Descending)).Take(MaxCsvRows).AsAsyncEnumerable().WithCancellation(ct))
        {
            await csv.WriteRecordAsync(
            [
                $"ESC-{r.Id}", r.Summary, r.Customer ?? "", r.Severity?.Text() ?? "", r.Targets, r.Status.Text(), r.Owner, Time(r.EscalatedAt),
                r.EscalatedAt is DateTime at ? Math.Round((now - at).TotalHours, 1).ToString(CultureInfo.InvariantCulture) : "",
                Time(r.NextInternalDueAt), r.InternalTimer?.IsOverdue(now) == true ? "yes" : "no",
                Time(r.NextCustomerDueAt), r.CustomerTimer?.IsOverdue(now) == true ? "yes" : "no",
                r.ArrAtRisk?.ToString("0.##", CultureInfo.InvariantCulture) ?? "",
            ], ct);
        }
        await csv.FlushAsync(ct);
    }

    // The statuses shown: the open ones unless the view names others; never drafts.
    private static List<EscalationStatus> Statuses(QueueQuery q) =>
        (q.Statuses is { Count: > 0 } s ? s : LifecycleRules.OpenStatuses).Where(x => x != EscalationStatus.Draft).Distinct().ToList();

    private static List<int> StatusOrders(QueueQuery q) => Statuses(q).Select(LifecycleRules.Order).ToList();

    // The open escalations with one overdue timer, nothing else: a dashboard link.
    private static bool OpenTimerLink(QueueQuery q) =>
        q.Overdue is OverdueFilter.Internal or OverdueFilter.Customer && OnlyByStatus(q with { Overdue = OverdueFilter.None })
        && Statuses(q).Order().SequenceEqual(LifecycleRules.OpenStatuses.Order());

    private static bool OnlyByStatus(QueueQuery q) =>
        q is { Severity: null, Target: null, PrimaryTarget: null, Overdue: OverdueFilter.None } && string.IsNullOrWhiteSpace(q.OwnerId) && string.IsNullOrWhiteSpace(q.Customer)
        && string.IsNullOrWhiteSpace(q.Text);

    // Same filters, order and page size: only the page differs.
    private static bool SameView(QueueQuery? a, QueueQuery b) =>
        a is not null && a with { Statuses = null, Page = 0 } == b with { Statuses = null, Page = 0 } && Statuses(a).SequenceEqual(Statuses(b));

    private static string Time(DateTime? at) => at?.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) ?? "";

    // byStatusOrder: the statuses as their StatusOrder (the same rows: EscalationDerivation keeps it), for a count that an
    // index on StatusOrder answers.
    private async Task<IQueryable<Escalation>> FilterAsync(EscalationDeskDbContext db, QueueQuery q, CancellationToken ct, bool byStatusOrder = false)
    {
        var statuses = Statuses(q);
        var orders = StatusOrders(q).Order().ToList();
        // Statuses go into the SQL as constants (docs/PERFORMANCE.md, "Why the indexes look as they do"). Only drafts are ever discarded, and drafts never show here.
        var query = byStatusOrder ? db.Escalations.AsNoTracking().Where(e => EF.Constant(orders).Contains(e.StatusOrder))
            : db.Escalations.AsNoTracking().Where(e => EF.Constant(statuses).Contains(e.Status));
        // Agents see every escalation except Security ones they do not own (EscalationAccess).
        if (!user.SeesAll()) query = query.Where(EscalationAccess.Readable(user));
        if (q.Severity is Severity severity) query = query.Where(e => e.Severity == severity);
        if (q.Target is EscalationTarget target)
        {
            // One flag per target, each with its own default-order index (partial on the flag).
            query = target switch
            {
                EscalationTarget.L2Support => query.Where(e => e.TargetL2Support),
                EscalationTarget.Engineering => query.Where(e => e.TargetEngineering),
                EscalationTarget.Product => query.Where(e => e.TargetProduct),
                EscalationTarget.Security => query.Where(e => e.TargetSecurity),
                _ => query.Where(e => e.TargetLeadership),
            };
        }
        if (!string.IsNullOrWhiteSpace(q.OwnerId))
        {
            var ownerId = q.OwnerId == QueueQuery.Me ? user.Id : q.OwnerId.Trim();
            query = query.Where(e => e.OwnerId == ownerId);
        }
        if (!string.IsNullOrWhiteSpace(q.Customer))
        {
            // Part of the customer's name, matched in the accounts (a few thousand rows), then their escalations by account id:
            // the customer name on an escalation is always its account's name (EscalationDerivation).
            // The ids are read first (up to MaxCustomerAccounts) and go into the SQL as constants: as a subquery PostgreSQL guessed
            // the matches from the pattern and walked the default order for them (docs/PERFORMANCE.md, "PostgreSQL at 1,000,000").
            var pattern = $"%{Accounts.AccountService.EscapeLike(q.Customer.Trim())}%";
            var accounts = db.Accounts.Where(a => EF.Functions.Like(a.Name, pattern, "\\")).Select(a => (int?)a.Id);
            var ids = await accounts.OrderBy(id => id).Take(MaxCustomerAccounts + 1).ToListAsync(ct);
            query = ids.Count <= MaxCustomerAccounts ? query.Where(e => EF.Constant(ids).Contains(e.AccountId)) : query.Where(e => accounts.Contains(e.AccountId));
        }
        if (q.PrimaryTarget is EscalationTarget primary) query = query.Where(e => e.PrimaryTarget == primary);
        if (q.Overdue != OverdueFilter.None) query = query.Where(Overdue(q.Overdue, clock.GetUtcNow().UtcDateTime));
        if (!string.IsNullOrWhiteSpace(q.Text))
        {
            // Every word must appear, the last one also as the start of a word (IEscalationSearch.Matching).
            if (search.Matching(db, q.Text) is { } ids) query = query.Where(e => ids.Contains(e.Id));
        }
        return query;
    }

    // Overdue now, by FollowUpTimer's rule as the derivation stores it (OverdueFrom <= now); the dashboard counts with this too.
    public static Expression<Func<Escalation, bool>> Overdue(OverdueFilter which, DateTime now) => which switch
    {
        OverdueFilter.Internal => e => e.InternalOverdueFrom <= now,
        OverdueFilter.Customer => e => e.CustomerOverdueFrom <= now,
        _ => e => e.OverdueFrom <= now,
    };

    // Every order is key, status, id, as its index, and descending is the exact reverse of ascending (docs/PERFORMANCE.md, "Why the indexes look as they do").
    // The columns of each order, in order: sorting and the API's keyset pages (SliceAsync) both follow this one list.
    public static IReadOnlyList<LambdaExpression> OrderColumns(string? key) => key switch
    {
        "summary" => By(e => e.Summary),
        "customer" => By(e => e.CustomerName),
        "targets" => By(e => e.Targets),
        "status" => By(e => e.StatusOrder),                                // the lifecycle order: Escalated, Acknowledged, Resolved…
        "owner" => By(e => e.Owner),
        "queue" => By(e => e.EscalatedAt),                                 // ascending: longest in queue first
        // Each timer's overdue instant before the id only follows its index, so its overdue filter is read from the index alone.
        "internal" => By(e => e.NextInternalDueAt, e => e.InternalOverdueFrom),
        "customer-update" => By(e => e.NextCustomerDueAt, e => e.CustomerOverdueFrom),
        "arr" => By(e => e.ArrAtRisk),
        // Severity's names sort in its own order (Critical, High, Medium), then the longest in queue first.
        // The overdue instants before the id only follow the index (EscalationDeskDbContext), so each overdue filter is read from it alone.
        _ => DefaultOrder,
    };

    private static readonly IReadOnlyList<LambdaExpression> DefaultOrder =
    [
        Column(e => e.Severity), Column(e => e.EscalatedAt), Column(e => e.Status), Column(e => e.OverdueFrom),
        Column(e => e.InternalOverdueFrom), Column(e => e.CustomerOverdueFrom), Column(e => e.Id),
    ];

    private static LambdaExpression Column<TKey>(Expression<Func<Escalation, TKey>> column) => column;

    private static IReadOnlyList<LambdaExpression> By<TKey>(Expression<Func<Escalation, TKey>> key, Expression<Func<Escalation, DateTime?>>? tieBreak = null) =>
        tieBreak is null ? [key, Column(e => e.Status), Column(e => e.Id)] : [key, Column(e => e.Status), tieBreak, Column(e => e.Id)];

    private static IQueryable<Escalation> Sort(IQueryable<Escalation> q, string? key, bool descending)
    {
        var first = true;
        foreach (var column in OrderColumns(key))
        {
            var method = (first, descending) switch
            {
                (true, false) => nameof(Queryable.OrderBy), (true, true) => nameof(Queryable.OrderByDescending),
                (false, false) => nameof(Queryable.ThenBy), _ => nameof(Queryable.ThenByDescending),
            };
            q = q.Provider.CreateQuery<Escalation>(Expression.Call(typeof(Queryable), method, [typeof(Escalation), column.ReturnType], q.Expression, Expression.Quote(column)));
            first = false;
        }
        return q;
    }

    // One page of a view after a position (the order's column values of the row before it), for the API's cursor: a keyset
    // page, so rows added or removed before the position never shift or repeat the rows after it. No count.
    public async Task<QueueSlice> SliceAsync(QueueQuery query, IReadOnlyList<object?>? after, int limit, CancellationToken ct = default)
    {
        user.RequireSignedIn();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var filtered = await FilterAsync(db, query, ct);
        if (query.Sort == "status") filtered = filtered.Where(e => EF.Constant(StatusOrders(query)).Contains(e.StatusOrder));
        var columns = OrderColumns(query.Sort);
        if (after is not null) filtered = filtered.Where(QueueKeyset.After(columns, after, query.Descending));
        var ids = await Sort(filtered, query.Sort, query.Descending).Select(e => e.Id).Take(limit + 1).ToListAsync(ct);
        var more = ids.Count > limit;
        if (more) ids.RemoveAt(limit);
        var rows = await Project(Sort(db.Escalations.AsNoTracking().Where(e => EF.Constant(ids).Contains(e.Id)), query.Sort, query.Descending)).ToListAsync(ct);
        IReadOnlyList<object?>? last = null;
        if (rows.Count > 0)
        {
            var lastId = rows[^1].Id;
            last = await db.Escalations.AsNoTracking().Where(e => e.Id == lastId).Select(QueueKeyset.Values(columns)).SingleAsync(ct);
        }
        return new QueueSlice(rows, last, more);
    }

    private static IQueryable<QueueRow> Project(IQueryable<Escalation> q) => q.Select(e => new QueueRow(
        e.Id, e.Summary, e.CustomerName, e.Severity, e.Targets, e.Status, e.Owner, e.EscalatedAt,
        e.NextInternalDueAt, e.NextInternalOverdueAt, e.NextCustomerDueAt, e.NextCustomerOverdueAt, e.ArrAtRisk));
}

using System.Globalization;
using System.Linq.Expressions;
using CsvHelper;
using EscalationDesk.Data;
using EscalationDesk.Features.Judgment;
using EscalationDesk.Features.Similar;
using EscalationDesk.Features.Users;
using Microsoft.EntityFrameworkCore;

namespace EscalationDesk.Features.Queue;

public sealed record QueueQuery(
    IReadOnlyList<EscalationStatus>? Statuses = null, Severity? Severity = null, EscalationTarget? Target = null, string? Owner = null,
    string? Customer = null, bool OverdueOnly = false, string? Text = null, string? Sort = null, bool Descending = false,
    int Page = 0, int PageSize = QueueService.DefaultPageSize);

public sealed record QueueRow(
    int Id, string Summary, string? Customer, Severity? Severity, string Targets, EscalationStatus Status, string Owner, DateTime? EscalatedAt,
    DateTime? NextInternalDueAt, DateTime? NextInternalOverdueAt, DateTime? NextCustomerDueAt, DateTime? NextCustomerOverdueAt, double? ArrAtRisk)
{
    public FollowUpTimer? InternalTimer => NextInternalDueAt is DateTime d ? new(d, NextInternalOverdueAt ?? d) : null;
    public FollowUpTimer? CustomerTimer => NextCustomerDueAt is DateTime d ? new(d, NextCustomerOverdueAt ?? d) : null;
}

public sealed record QueueResult(IReadOnlyList<QueueRow> Rows, int Total, int Page, int PageSize);

// The team lead's queue (PRODUCT.md §5): every escalation that is not a draft, filtered, sorted and paged in the database.
public sealed class QueueService(IDbContextFactory<EscalationDeskDbContext> dbFactory, TimeProvider clock, ICurrentUser user)
{
    public const int DefaultPageSize = 25, MinPageSize = 10, MaxPageSize = 100, MaxCsvRows = 50_000;

    public static readonly IReadOnlyList<EscalationStatus> OpenStatuses = [EscalationStatus.Escalated, EscalationStatus.Acknowledged];

    // The sortable columns; anything else falls back to the default order.
    public static readonly IReadOnlyList<string> SortKeys = ["summary", "customer", "severity", "targets", "status", "owner", "queue", "internal", "customer-update", "arr"];

    public async Task<QueueResult> PageAsync(QueueQuery query, CancellationToken ct = default)
    {
        user.RequireSignedIn();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var filtered = Filter(db, query);
        var size = Math.Clamp(query.PageSize, MinPageSize, MaxPageSize);
        var total = await filtered.CountAsync(ct);
        var lastPage = Math.Max(0, (total - 1) / size);
        var page = Math.Clamp(query.Page, 0, lastPage);
        // Deferred join: the page's ids come from the indexes alone (filter, order, offset), then only those rows are read.
        // A page in the second half is read from the far end in the reverse order, so no offset walks more than half the rows.
        var fromEnd = page * size > total / 2;
        var skip = fromEnd ? Math.Max(0, total - (page + 1) * size) : page * size;
        var take = fromEnd ? Math.Min(size, total - page * size) : size;
        var ids = Sort(filtered, query.Sort, query.Descending ^ fromEnd).Select(e => e.Id).Skip(skip).Take(take);
        var rows = await Project(Sort(db.Escalations.AsNoTracking().Where(e => ids.Contains(e.Id)), query.Sort, query.Descending)).ToListAsync(ct);
        return new QueueResult(rows, total, page, size);
    }

    public async Task WriteCsvAsync(QueueQuery query, Stream output, CancellationToken ct = default)
    {
        user.RequireSignedIn();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var now = clock.GetUtcNow().UtcDateTime;
        // Cells starting with =, +, -, @, tab or CR are escaped (CsvHelper, as OWASP recommends) so a spreadsheet never runs them.
        await using var csv = CsvWriter.Create(output, new CsvWriterOptions { Injection = CsvInjection.Escape }, true);
        csv.WriteHeader(["Id", "Summary", "Customer", "Severity", "Targets", "Status", "Owner", "Escalated (UTC)", "Time in queue (hours)",
            "Next internal follow-up (UTC)", "Internal overdue", "Next customer update (UTC)", "Customer overdue", "ARR at risk"]);
        await foreach (var r in Project(Sort(Filter(db, query), query.Sort, query.Descending)).Take(MaxCsvRows).AsAsyncEnumerable().WithCancellation(ct))
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

    private static string Time(DateTime? at) => at?.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) ?? "";

    private IQueryable<Escalation> Filter(EscalationDeskDbContext db, QueueQuery q)
    {
        var statuses = (q.Statuses is { Count: > 0 } s ? s : OpenStatuses).Where(x => x != EscalationStatus.Draft).Distinct().ToList();
        // Statuses go into the SQL as constants (a handful of known values), so SQLite searches the Status indexes;
        // a parameter list (json_each) would make it scan the table. Only drafts are ever discarded, and drafts never show here.
        var query = db.Escalations.AsNoTracking().Where(e => EF.Constant(statuses).Contains(e.Status));
        // Agents see every escalation except Security ones they do not own (EscalationAccess).
        if (!user.SeesAll()) query = query.Where(EscalationAccess.Readable(user));
        if (q.Severity is Severity severity) query = query.Where(e => e.Severity == severity);
        if (q.Target is EscalationTarget target)
        {
            var text = target.Text();
            query = query.Where(e => e.Targets == text || e.Targets.StartsWith(text + ",") || e.Targets.EndsWith(", " + text) || e.Targets.Contains(", " + text + ","));
        }
        if (!string.IsNullOrWhiteSpace(q.Owner)) query = query.Where(e => e.Owner == q.Owner.Trim());
        if (!string.IsNullOrWhiteSpace(q.Customer))
        {
            var pattern = $"%{Accounts.AccountService.EscapeLike(q.Customer.Trim())}%";
            query = query.Where(e => EF.Functions.Like(e.CustomerName, pattern, "\\"));
        }
        if (q.OverdueOnly)
        {
            var now = clock.GetUtcNow().UtcDateTime;
            // Internal timers are due and overdue at once, so the due column (indexed with status) says it.
            query = query.Where(e => e.NextInternalDueAt <= now || e.NextCustomerOverdueAt < now);
        }
        if (!string.IsNullOrWhiteSpace(q.Text))
        {
            // Every word must appear (FTS5, prefix match on the last one); words are quoted, never read as syntax.
            var words = SqliteSimilarReports.SignificantWords(q.Text, minLength: 1);
            if (words.Count > 0)
            {
                var match = string.Join(" AND ", words.Select((w, i) => i == words.Count - 1 ? $"\"{w}\"*" : $"\"{w}\""));
                var ids = db.Database.SqlQuery<int>($"SELECT rowid AS \"Value\" FROM EscalationSearch WHERE EscalationSearch MATCH {match}");
                query = query.Where(e => ids.Contains(e.Id));
            }
        }
        return query;
    }

    // Every order ends in Id, and descending is the exact reverse of ascending (SQLite puts NULLs first ascending,
    // last descending), so a page near the end can be read from the other end (see PageAsync).
    private static IQueryable<Escalation> Sort(IQueryable<Escalation> q, string? key, bool descending) => key switch
    {
        "summary" => By(q, e => e.Summary, descending),
        "customer" => By(q, e => e.CustomerName, descending),
        "targets" => By(q, e => e.Targets, descending),
        "status" => By(q, e => e.Status, descending),
        "owner" => By(q, e => e.Owner, descending),
        "queue" => By(q, e => e.EscalatedAt, descending),                  // ascending: longest in queue first
        "internal" => By(q, e => e.NextInternalDueAt, descending),
        "customer-update" => By(q, e => e.NextCustomerDueAt, descending),
        "arr" => By(q, e => e.ArrAtRisk, descending),
        // Severity's names sort in its own order (Critical, High, Medium), then the longest in queue first.
        _ => descending
            ? q.OrderByDescending(e => e.Severity).ThenByDescending(e => e.EscalatedAt).ThenByDescending(e => e.Id)
            : q.OrderBy(e => e.Severity).ThenBy(e => e.EscalatedAt).ThenBy(e => e.Id),
    };

    private static IQueryable<Escalation> By<TKey>(IQueryable<Escalation> q, Expression<Func<Escalation, TKey>> key, bool descending) =>
        descending ? q.OrderByDescending(key).ThenByDescending(e => e.Id) : q.OrderBy(key).ThenBy(e => e.Id);

    private static IQueryable<QueueRow> Project(IQueryable<Escalation> q) => q.Select(e => new QueueRow(
        e.Id, e.Summary, e.CustomerName, e.Severity, e.Targets, e.Status, e.Owner, e.EscalatedAt,
        e.NextInternalDueAt, e.NextInternalOverdueAt, e.NextCustomerDueAt, e.NextCustomerOverdueAt, e.ArrAtRisk));
}

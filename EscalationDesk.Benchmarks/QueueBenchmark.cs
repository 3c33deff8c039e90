using System.Diagnostics;
using EscalationDesk.Data;
using EscalationDesk.Features.Demo;
using EscalationDesk.Features.Judgment;
using EscalationDesk.Features.Queue;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace EscalationDesk.Benchmarks;

// The queue's database work at scale: each view as the page asks for it (count + one page), on a new DbContext.
public sealed class QueueBenchmark : IDbContextFactory<EscalationDeskDbContext>
{
    private readonly DbContextOptions<EscalationDeskDbContext> _options;

    private QueueBenchmark(IDatabaseProvider database, bool explain = false)
    {
        Database = database;
        var builder = new DbContextOptionsBuilder<EscalationDeskDbContext>();
        Database.ConfigureDbContext(builder);
        if (explain) builder.AddInterceptors(new QueryPlanPrinter());
        _options = builder.Options;
    }

    private IDatabaseProvider Database { get; }

    public EscalationDeskDbContext CreateDbContext() => new(_options);

    // On SQLite the file at `database` (made on first run), on PostgreSQL the database the engine's connection names.
    public static async Task RunAsync(int count, string? database, BenchEngine engine, int runs, Action<string, List<double>> report,
        bool dashboardOnly = false, bool explain = false)
    {
        var provider = engine.Open(database ?? Path.Combine(Path.GetTempPath(), $"escalationdesk-queue-{count}.db"));
        var bench = new QueueBenchmark(provider);
        await using (var db = bench.CreateDbContext())
        {
            // As the app starts: a file made before a migration that adds derived columns gets them filled in.
            var addsQueueColumns = EscalationDeskDbContext.AddsQueueColumns(await db.Database.GetPendingMigrationsAsync());
            var addsLinks = EscalationLink.AddsLinks(await db.Database.GetPendingMigrationsAsync());
            bench.Database.BeforeMigrate(db);
            await db.Database.MigrateAsync();
            if (addsLinks && await db.Escalations.AnyAsync())
            {
                var watch = Stopwatch.StartNew();
                EscalationLink.Backfill(db);
                Console.WriteLine($"Made the link rows of an existing file in {watch.Elapsed.TotalSeconds:F1} s");
            }
            if (addsQueueColumns && await db.Escalations.AnyAsync())
            {
                var watch = Stopwatch.StartNew();
                db.BackfillQueueColumns();
                Console.WriteLine($"Filled the queue columns of an existing file in {watch.Elapsed.TotalSeconds:F1} s");
            }
            bench.Database.AfterMigrate(db);
            var existing = await db.Escalations.CountAsync();
            if (existing < count)
            {
                var watch = Stopwatch.StartNew();
                await DemoSeeder.SeedAsync(bench, count - existing, DateTime.UtcNow);
                Console.WriteLine($"Seeded {count - existing:N0} escalations in {watch.Elapsed.TotalSeconds:F1} s into {provider.Location}");
            }
            // No ANALYZE on SQLite: the app never runs it, so the plans measured are the plans it gets. On PostgreSQL the seed
            // ends with one, as autovacuum would soon after.
        }

        var queue = new QueueService(bench, TimeProvider.System, BenchmarkLead.Instance, bench.Database.Search);
        var open = await queue.PageAsync(new QueueQuery());
        // Demo escalations have owners without accounts; the owner filter goes by account id, so it times the first one owned.
        string? owner;
        await using (var db = bench.CreateDbContext())
            owner = await db.Escalations.Where(e => e.OwnerId != null).Select(e => e.OwnerId).FirstOrDefaultAsync();
        var customer = open.Rows[0].Customer![..5];
        // The last page reached from the one before it, as the pager does: the view's count is reused.
        var last = await queue.PageAsync(new QueueQuery(Page: int.MaxValue));
        var beforeLast = await queue.PageAsync(new QueueQuery(Page: last.Page - 1));
        var views = new List<(string Name, QueueQuery Query, QueueResult? Previous)>
        {
            ("first page", new QueueQuery(), null),
            ("deep page (last, opened from a link: counted)", new QueueQuery(Page: int.MaxValue), null),
            ("deep page (last, paged to from the one before)", new QueueQuery(Page: last.Page), beforeLast),
            ("middle page (worst case)", new QueueQuery(Page: open.Total / QueueService.DefaultPageSize / 2), null),
            ("filter severity Critical", new QueueQuery(Severity: Severity.Critical), null),
            ("filter target Leadership", new QueueQuery(Target: EscalationTarget.Leadership), null),
            ("filter owner", new QueueQuery(OwnerId: owner ?? "nobody"), null),
            ("filter customer", new QueueQuery(Customer: customer), null),
            ("filter overdue only", new QueueQuery(Overdue: OverdueFilter.Either), null),
            ("filter internal overdue (dashboard link)", new QueueQuery(Overdue: OverdueFilter.Internal, Sort: "internal"), null),
            ("filter customer overdue (dashboard link)", new QueueQuery(Overdue: OverdueFilter.Customer, Sort: "customer-update"), null),
            ("filter primary target Engineering (dashboard link)", new QueueQuery(PrimaryTarget: EscalationTarget.Engineering), null),
            ("filter status Closed", new QueueQuery([EscalationStatus.Closed]), null),
            ("text search", new QueueQuery(Text: "webhook timeout"), null),
        };
        views.AddRange(QueueService.SortKeys.Select(k => ($"sort {k}", new QueueQuery(Sort: k, Descending: true), (QueueResult?)null)));
        if (explain)
        {
            // Each view's SQL with the engine's plan for it, once, instead of timings (on PostgreSQL EXPLAIN ANALYZE: run, timed).
            var explained = new QueueService(new QueueBenchmark(provider, explain: true), TimeProvider.System, BenchmarkLead.Instance, bench.Database.Search);
            foreach (var (name, query, previous) in views)
            {
                Console.WriteLine($"== {name}");
                await explained.PageAsync(query, previous);
            }
            Console.WriteLine("== dashboard (counted)");
            await new DashboardService(new QueueBenchmark(provider, explain: true), TimeProvider.System, BenchmarkLead.Instance).LoadAsync();
            return;
        }
        foreach (var (name, query, previous) in dashboardOnly ? [] : views)
        {
            for (var i = 0; i < 5; i++) await queue.PageAsync(query, previous);
            var timings = new List<double>(runs);
            for (var i = 0; i < runs; i++)
            {
                var watch = Stopwatch.StartNew();
                await queue.PageAsync(query, previous);
                timings.Add(watch.Elapsed.TotalMilliseconds);
            }
            report($"queue {engine.Name} {count:N0}: {name}", timings);
        }
        var dashboard = new DashboardService(bench, TimeProvider.System, BenchmarkLead.Instance);
        for (var i = 0; i < 3; i++) await dashboard.LoadAsync();
        var dashboardTimes = new List<double>();
        for (var i = 0; i < Math.Max(5, runs / 3); i++)
        {
            var watch = Stopwatch.StartNew();
            await dashboard.LoadAsync();
            dashboardTimes.Add(watch.Elapsed.TotalMilliseconds);
        }
        report($"queue {engine.Name} {count:N0}: dashboard (all counts, patterns, weeks)", dashboardTimes);
        SqliteConnection.ClearAllPools();
        NpgsqlConnection.ClearAllPools();
    }
}

// Prints the plan of every query the queue runs (--explain): SQLite's EXPLAIN QUERY PLAN, PostgreSQL's EXPLAIN (ANALYZE, BUFFERS).
internal sealed class QueryPlanPrinter : Microsoft.EntityFrameworkCore.Diagnostics.DbCommandInterceptor
{
    public override async ValueTask<Microsoft.EntityFrameworkCore.Diagnostics.InterceptionResult<System.Data.Common.DbDataReader>> ReaderExecutingAsync(
        System.Data.Common.DbCommand command, Microsoft.EntityFrameworkCore.Diagnostics.CommandEventData eventData,
        Microsoft.EntityFrameworkCore.Diagnostics.InterceptionResult<System.Data.Common.DbDataReader> result, CancellationToken ct = default)
    {
        var text = command.CommandText;
        var postgres = command is NpgsqlCommand;
        command.CommandText = (postgres ? "EXPLAIN (ANALYZE, BUFFERS) " : "EXPLAIN QUERY PLAN ") + text;
        Console.WriteLine(text);
        await using (var reader = await command.ExecuteReaderAsync(ct))
            while (await reader.ReadAsync(ct))
                Console.WriteLine(postgres ? $"   {reader.GetString(0)}" : $"   {reader.GetInt32(0)}<-{reader.GetInt32(1)} {reader.GetString(3)}");
        command.CommandText = text;
        return result;
    }
}

// The queue and dashboard as a Lead sees them: every escalation.
internal sealed class BenchmarkLead : EscalationDesk.Features.Users.ICurrentUser
{
    public static readonly BenchmarkLead Instance = new();
    public string Id => "benchmark-lead";
    public string Name => "Benchmark Lead";
    public bool IsInRole(string role) => role == EscalationDesk.Features.Users.Roles.Lead;
}

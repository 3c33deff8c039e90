using System.Diagnostics;
using EscalationDesk.Data;
using EscalationDesk.Features.Judgment;
using EscalationDesk.Features.Wizard;
using Microsoft.EntityFrameworkCore;

namespace EscalationDesk.Benchmarks;

public sealed class SimilarReportsBenchmark : IDbContextFactory<EscalationDeskDbContext>, IAsyncDisposable
{
    private static readonly string[] Areas = ["export", "import", "billing", "invoice", "login", "sso", "webhook", "dashboard", "report", "search",
        "notification", "email", "api", "permissions", "audit", "sync", "upload", "calendar", "checkout", "mobile"];
    private static readonly string[] Symptoms = ["times out", "returns 500", "drops rows", "shows blank", "duplicates entries", "is slow",
        "loops forever", "rejects valid input", "loses changes", "shows wrong totals", "fails silently", "crashes"];
    private static readonly string[] Contexts = ["after the upgrade", "for large accounts", "on Safari", "since Monday", "in the EU region",
        "with SAML enabled", "under load", "for admins only", "when filters are applied", "on the first of the month"];

    // Real reports name features, customers' own terms and product objects: a vocabulary of a few thousand words.
    private static readonly string[] Vocabulary = BuildVocabulary();

    private static string[] BuildVocabulary()
    {
        string[] roots = ["ledger", "tenant", "quota", "shard", "token", "widget", "pipeline", "schedule", "template", "workflow", "segment",
            "contract", "renewal", "payout", "refund", "coupon", "catalog", "inventory", "shipment", "warehouse", "timezone", "locale",
            "currency", "approval", "escalation", "comment", "attachment", "thumbnail", "preview", "filter", "column", "pivot", "chart",
            "forecast", "budget", "payroll", "timesheet", "roster", "badge", "kiosk", "printer", "scanner", "barcode", "receipt", "voucher"];
        string[] suffixes = ["", "s", "view", "sync", "list", "editor", "rule", "field", "id", "job", "queue", "cache", "limit", "status"];
        return roots.SelectMany(r => suffixes.Select(x => r + x)).ToArray();
    }

    private readonly TemporaryDatabase _database;
    private readonly List<DraftContent> _probes = [];

    public TimeSpan SeedTime { get; private set; }

    private SimilarReportsBenchmark(TemporaryDatabase database) => _database = database;

    public string Engine => _database.Database is Data.Postgres.PostgresDatabase ? "PostgreSQL tsvector" : "FTS5";

    public EscalationDeskDbContext CreateDbContext() => _database.CreateDbContext();

    // A new database through the app's migrations (a temporary file, or a temporary PostgreSQL database).
    public static async Task<SimilarReportsBenchmark> CreateAsync(int count, BenchEngine engine)
    {
        var clock = Stopwatch.StartNew();
        var bench = new SimilarReportsBenchmark(await TemporaryDatabase.CreateAsync(engine));
        await bench.SeedAsync(count);
        bench.SeedTime = clock.Elapsed;
        return bench;
    }

    private async Task SeedAsync(int count)
    {
        var random = new Random(42);
        var search = _database.Database.Search;
        const int batch = 5_000;
        await using var db = CreateDbContext();
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        var accounts = Enumerable.Range(1, 500).Select(i => new Account { Name = $"Customer {i}", CreatedAt = DateTime.UtcNow, UpdatedAt = DateTime.UtcNow }).ToList();
        db.Accounts.AddRange(accounts);
        await db.SaveChangesAsync();

        for (var start = 0; start < count; start += batch)
        {
            await using var transaction = await db.Database.BeginTransactionAsync();
            var rows = new List<Escalation>();
            for (var i = start; i < Math.Min(count, start + batch); i++)
            {
                var content = Sample(random);
                content.Understand.AccountId = accounts[random.Next(accounts.Count)].Id;
                rows.Add(new Escalation
                {
                    Summary = content.Understand.Summary, AccountId = content.Understand.AccountId, Content = content,
                    Owner = "bench", ReportedBy = "bench", CreatedAt = DateTime.UtcNow, UpdatedAt = DateTime.UtcNow, Version = 1,
                    Status = (EscalationStatus)random.Next(0, 6), Severity = (Severity)random.Next(0, 3),
                });
                if (_probes.Count < 50 && random.Next(100) == 0) _probes.Add(content);
            }
            db.Escalations.AddRange(rows);
            await db.SaveChangesAsync();
            // Each batch indexed in one statement, as the seed command does: on PostgreSQL, 5,000 single IndexAsync calls in one
            // transaction would each update the same common words' counts again (docs/PERFORMANCE.md, "Similar reports at 100,000 on PostgreSQL").
            await search.IndexRangeAsync(db, rows.Min(r => r.Id), rows.Max(r => r.Id), CancellationToken.None);
            await transaction.CommitAsync();
            db.ChangeTracker.Clear();
        }
        while (_probes.Count < 50) _probes.Add(Sample(random));
    }

    internal static DraftContent Sample(Random random)
    {
        var area = Areas[random.Next(Areas.Length)];
        var symptom = Symptoms[random.Next(Symptoms.Length)];
        var context = Contexts[random.Next(Contexts.Length)];
        var content = new DraftContent();
        content.Understand.Summary = $"{char.ToUpper(area[0])}{area[1..]} {symptom} {context}";
        var words = string.Join(" ", Enumerable.Range(0, 6).Select(_ => Vocabulary[(int)(Vocabulary.Length * Math.Pow(random.NextDouble(), 2))]));
        content.Understand.WhatsBroken = $"The {area} {symptom} {context} around {words}. Ticket {random.Next(10_000, 99_999)} has the details; " +
                                         $"the {Areas[random.Next(Areas.Length)]} team saw it too.";
        content.Reproduce.ErrorMessages = $"{area.ToUpperInvariant()}_ERR_{random.Next(100, 999)}";
        content.Reproduce.Actual = $"The {area} {symptom}.";
        return content;
    }

    public async Task<List<double>> RunAsync(int queries) => (await RunSideBySideAsync(queries, [_database.Database.Search]))[0];

    // Each probe looked up by every search in turn (the first 20 rounds warm up), so that the machine's noise falls alike on each.
    public async Task<List<List<double>>> RunSideBySideAsync(int queries, IReadOnlyList<IEscalationSearch> searches)
    {
        var timings = searches.Select(_ => new List<double>(queries)).ToList();
        for (var i = 0; i < queries + 20; i++)
        {
            var probe = _probes[i % _probes.Count];
            for (var s = 0; s < searches.Count; s++)
            {
                var watch = Stopwatch.StartNew();
                await using (var db = CreateDbContext())
                    await searches[s].FindSimilarAsync(db, -1, probe, 10, CancellationToken.None);
                if (i >= 20) timings[s].Add(watch.Elapsed.TotalMilliseconds);
            }
        }
        return timings;
    }

    public ValueTask DisposeAsync() => _database.DisposeAsync();
}

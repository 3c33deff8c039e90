using Bogus;
using EscalationDesk.Data;
using EscalationDesk.Features.Judgment;
using EscalationDesk.Features.Wizard;
using Microsoft.EntityFrameworkCore;

namespace EscalationDesk.Features.Demo;

// Realistic demo escalations for trying the queue and for benchmarks: varied customers, severities, targets,
// statuses, times and texts, inserted in batches with the full-text index, all in one bulk load (one transaction; an
// interrupted seed leaves the database as it was). From BulkFrom rows the Escalations table's secondary indexes are built
// once at the end instead of row by row (why: docs/PERFORMANCE.md, "Why the indexes look as they do").
public static class DemoSeeder
{
    public const int BatchSize = 5_000, BulkFrom = 20_000;

    private static readonly string[] Areas = ["CSV export", "SSO login", "billing run", "invoice PDF", "webhook delivery", "dashboard charts",
        "search index", "email notifications", "API rate limits", "audit log", "mobile sync", "file upload", "calendar sync", "checkout", "permissions"];
    private static readonly string[] Symptoms = ["times out", "returns 500 errors", "drops rows", "shows blank pages", "duplicates entries", "is very slow",
        "loops on redirect", "rejects valid input", "loses saved changes", "shows wrong totals", "fails silently", "crashes the app"];
    private static readonly string[] Contexts = ["after the last release", "for large accounts", "on Safari only", "since Monday", "in the EU region",
        "with SAML enabled", "under peak load", "for admin users", "when filters are applied", "at month end"];
    private static readonly (EscalationStatus Status, float Weight)[] Statuses =
        [(EscalationStatus.Escalated, 0.3f), (EscalationStatus.Acknowledged, 0.25f), (EscalationStatus.Resolved, 0.15f), (EscalationStatus.DeEscalated, 0.1f), (EscalationStatus.Closed, 0.2f)];

    public static async Task SeedAsync(IDbContextFactory<EscalationDeskDbContext> dbFactory, int count, DateTime now,
        Action<int>? progress = null, int seed = 2026, int batchSize = BatchSize, int bulkFrom = BulkFrom, CancellationToken ct = default)
    {
        Randomizer.Seed = new Random(seed);
        var faker = new Faker("en");
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        var database = db.DatabaseProvider();
        await using var load = await database.BeginBulkLoadAsync(db, dropIndexes: count >= bulkFrom, ct);
        var accounts = Enumerable.Range(0, Math.Clamp(count / 50, 5, 2_000)).Select(_ => new Account
        {
            Name = faker.Company.CompanyName(), Plan = faker.PickRandom("Starter", "Team", "Business", "Enterprise"),
            Arr = Math.Round(faker.Random.Decimal(5_000, 900_000), 0), KeyContacts = $"{faker.Name.FullName()} ({faker.Name.JobTitle()})",
            CreatedAt = now, UpdatedAt = now,
        }).ToList();
        db.Accounts.AddRange(accounts);
        await db.SaveChangesAsync(ct);
        var owners = Enumerable.Range(0, 25).Select(_ => faker.Name.FullName()).ToArray();

        for (var done = 0; done < count;)
        {
            var batch = new List<Escalation>();
            for (var i = 0; i < batchSize && done + i < count; i++) batch.Add(Escalation(faker, accounts, owners, now));
            await load.AddAsync(batch, ct);
            await database.Search.IndexRangeAsync(db, batch[0].Id, batch[^1].Id, ct);
            db.ChangeTracker.Clear();
            done += batch.Count;
            progress?.Invoke(done);
        }
        await load.CommitAsync(ct);
    }

    private static Escalation Escalation(Faker f, List<Account> accounts, string[] owners, DateTime now)
    {
        var account = f.PickRandom(accounts);
        var area = f.PickRandom(Areas);
        var c = new DraftContent();
        c.Understand.Summary = $"{area} {f.PickRandom(Symptoms)} {f.PickRandom(Contexts)}";
        c.Understand.WhatsBroken = $"{c.Understand.Summary}. {f.Lorem.Sentence(12)} Ticket {f.Random.Number(10_000, 99_999)}.";
        c.Understand.AccountId = account.Id;
        c.Understand.WhosAffected = f.PickRandom($"{account.Name} finance team", "All users on the plan", $"{f.Random.Number(2, 40)} customers in the EU");
        c.Understand.Started = now.AddHours(-f.Random.Double(2, 24 * 150));
        c.Impact.CustomersAffected = f.Random.Number(1, 60);
        c.Impact.ArrAtRisk = f.Random.Bool(0.8f) ? Math.Round(f.Random.Decimal(1_000, 500_000), 0) : null;
        c.Impact.SeveritySignals = [.. f.PickRandom(Checklists.SeveritySignals, f.Random.Number(0, 2)).Select(s => s.Key)];
        c.Target.Signals = [.. f.PickRandom(Checklists.TargetSignals, f.Random.Number(1, 2)).Select(s => s.Key)];
        c.Reproduce.Actual = $"The {area} {f.PickRandom(Symptoms)}.";
        c.Reproduce.ErrorMessages = f.Random.Bool(0.5f) ? $"{area.Replace(' ', '_').ToUpperInvariant()}_ERR_{f.Random.Number(100, 999)}" : "";
        c.Brief.SpecificAsk = f.PickRandom<SpecificAsk>();
        c.Brief.WhatsNeeded = f.Lorem.Sentence(8);
        c.Brief.Deadline = now.AddDays(f.Random.Double(-10, 30));

        // The summary, customer, severity, targets, ARR and timers follow from these on save (EscalationDerivation).
        var escalatedAt = now.AddHours(-f.Random.Double(0.5, 24 * 120));
        var status = f.Random.WeightedRandom(Statuses.Select(s => s.Status).ToArray(), Statuses.Select(s => s.Weight).ToArray());
        var owner = f.PickRandom(owners);
        var e = new Escalation
        {
            Status = status, Owner = owner, ReportedBy = owner,
            CreatedAt = escalatedAt.AddMinutes(-f.Random.Double(5, 240)), UpdatedAt = escalatedAt, EscalatedAt = escalatedAt,
            LastInternalFollowUpAt = f.Random.Bool(0.6f) ? escalatedAt.AddHours(f.Random.Double(0, (now - escalatedAt).TotalHours)) : null,
            LastCustomerUpdateAt = f.Random.Bool(0.6f) ? escalatedAt.AddHours(f.Random.Double(0, (now - escalatedAt).TotalHours)) : null,
            AcknowledgedAt = status is EscalationStatus.Escalated ? null : escalatedAt.AddHours(1),
            Version = 1, Content = c, CurrentStep = 7,
        };
        if (status is EscalationStatus.Closed) e.ClosedAt = now.AddHours(-f.Random.Double(0, (now - escalatedAt).TotalHours));
        return e;
    }
}

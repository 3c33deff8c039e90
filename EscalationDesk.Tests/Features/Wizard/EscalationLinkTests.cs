using EscalationDesk.Data;
using EscalationDesk.Features.Drafts;
using EscalationDesk.Features.Similar;
using EscalationDesk.Features.Wizard;
using EscalationDesk.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace EscalationDesk.Tests.Features.Wizard;

// The Context step's links as rows, kept in step with the content by every save, for queries that must not read the JSON.
public sealed class EscalationLinkTests : IDisposable
{
    private readonly TestDatabase _db = new();
    private readonly FixedUser _agent = new("Ana Agent");
    private DateTime Now => _db.Clock.GetUtcNow().UtcDateTime;
    private WizardService Wizard => new(_db, _agent, _db.Clock, _db.Search);

    private async Task<List<(long Id, string Link)>> RowsAsync(int escalationId)
    {
        await using var db = _db.CreateDbContext();
        var rows = await db.EscalationLinks.AsNoTracking().Where(l => l.EscalationId == escalationId).ToListAsync();
        return rows.Select(l => (l.Id, $"{l.Kind} {l.TargetId}{l.Reference} ({l.Note})")).OrderBy(r => r.Item2, StringComparer.Ordinal).ToList();
    }

    private async Task<List<string>> LinksAsync(int escalationId) => (await RowsAsync(escalationId)).Select(r => r.Link).ToList();

    private async Task SaveAsync(int id, Action<DraftContent> change)
    {
        var draft = (await Wizard.LoadAsync(id))!;
        change(draft.Content);
        Assert.Equal(SaveOutcome.Saved, (await Wizard.SaveAsync(id, draft.Content, 2, draft.Version)).Outcome);
    }

    [Fact]
    public async Task The_rows_follow_the_links_through_every_wizard_save_writing_only_what_changed()
    {
        var id = await new DraftsService(_db, _agent, _db.Clock, _db.Search).CreateAsync();
        Assert.Empty(await LinksAsync(id));

        await SaveAsync(id, c =>
        {
            c.Context.RelatedTickets.Add(new LinkItem { Reference = "  ZD-1234 \n", Note = "first report" });
            c.Context.RelatedTickets.Add(new LinkItem { Reference = "", Note = "a row still being typed" });
            c.Context.RelatedBugs.Add(new LinkItem { Reference = "BUG-77" });
            c.Context.LinkedSimilar.AddRange([41, 42]);
        });
        Assert.Equal(["RelatedBug BUG-77 ()", "RelatedTicket ZD-1234 (first report)", "SimilarReport 41 ()", "SimilarReport 42 ()"],
            await LinksAsync(id));
        var before = (await RowsAsync(id)).ToDictionary(r => r.Link, r => r.Id);

        await SaveAsync(id, c =>
        {
            c.Context.RelatedTickets[0].Reference = "ZD-9999";
            c.Context.RelatedBugs[0].Note = "fixed in 4.2";
            c.Context.LinkedSimilar.Remove(41);
            c.Context.InternalDiscussions.Add(new LinkItem { Reference = "https://chat.example.com/Eng/p1" });
        });
        var after = await RowsAsync(id);
        Assert.Equal(["InternalDiscussion https://chat.example.com/Eng/p1 ()", "RelatedBug BUG-77 (fixed in 4.2)",
            "RelatedTicket ZD-9999 (first report)", "SimilarReport 42 ()"], after.Select(r => r.Link));
        // The bug's note changed in its row, and the untouched link kept its row: nothing is deleted and inserted again.
        Assert.Equal(before["RelatedBug BUG-77 ()"], after.Single(r => r.Link.StartsWith("RelatedBug")).Id);
        Assert.Equal(before["SimilarReport 42 ()"], after.Single(r => r.Link.StartsWith("SimilarReport")).Id);

        await SaveAsync(id, c => c.Understand.Summary = "A summary, no link changed");
        Assert.Equal(after, await RowsAsync(id));

        await SaveAsync(id, c => c.Context = new ContextStep());
        Assert.Empty(await LinksAsync(id));
    }

    [Fact]
    public async Task Escalations_linking_to_one_or_mentioning_a_ticket_are_found_by_an_index_seek_on_the_rows()
    {
        var target = await EscalationRows.AddAsync(_db, Now, "the first report");
        var linking = await EscalationRows.AddAsync(_db, Now, "links it", linked: [target]);
        var both = await EscalationRows.AddAsync(_db, Now, "links it and mentions the ticket", linked: [target, 999],
            change: e => e.Content.Context.RelatedTickets.Add(new LinkItem { Reference = "ZD 1234" }));
        await EscalationRows.AddAsync(_db, Now, "links another", linked: [linking]);

        await using var db = _db.CreateDbContext();
        var linkingTo = db.EscalationLinks.Where(l => l.Kind == LinkKind.SimilarReport && l.TargetId == EF.Constant(target)).Select(l => l.EscalationId);
        var reference = EscalationLink.Normalise(" ZD  1234");
        var mentioning = db.EscalationLinks.Where(l => l.Kind == LinkKind.RelatedTicket && l.Reference == EF.Constant(reference)).Select(l => l.EscalationId);

        Assert.Equal([linking, both], await linkingTo.OrderBy(x => x).ToListAsync());
        Assert.Equal([both], await mentioning.ToListAsync());
        if (TestDatabase.OnPostgres)
        {
            Assert.Matches(@"Index (Only )?Scan using ""IX_EscalationLinks_Kind_TargetId_EscalationId""[^\n]*\n\s*Index Cond: \(.*""Kind"".* AND .*""TargetId"" = ",
                await PostgresPlanAsync(db, linkingTo));
            // On a few rows both (Kind, ...) indexes cost the same to PostgreSQL, which then may take either: a seek on Kind.
            Assert.Matches(@"Index (Only )?Scan using ""IX_EscalationLinks_Kind_\w+""[^\n]*\n\s*Index Cond: \(.*""Kind"".* = 'RelatedTicket'",
                await PostgresPlanAsync(db, mentioning));
            return;
        }
        Assert.Contains("USING COVERING INDEX IX_EscalationLinks_Kind_TargetId_EscalationId (Kind=? AND TargetId=?)", await PlanAsync(db, linkingTo));
        Assert.Contains("USING COVERING INDEX IX_EscalationLinks_Kind_Reference_EscalationId (Kind=? AND Reference=?)", await PlanAsync(db, mentioning));
    }

    [Fact]
    public async Task Escalations_added_in_bulk_as_the_seeder_adds_them_get_their_rows()
    {
        await using (var db = _db.CreateDbContext())
        {
            // As DemoSeeder.SeedAsync: change detection off, a batch added at once.
            db.ChangeTracker.AutoDetectChangesEnabled = false;
            var batch = Enumerable.Range(1, 3).Select(i => NewEscalation($"seeded {i}", c => c.Context.KnownIssues.Add(new LinkItem { Reference = $"KI-{i}" }))).ToList();
            batch[2].Content.Context.LinkedSimilar.Add(1);
            db.Escalations.AddRange(batch);
            await db.SaveChangesAsync();
        }

        await using var read = _db.CreateDbContext();
        var ids = await read.Escalations.OrderBy(e => e.Id).Select(e => e.Id).ToListAsync();
        Assert.Equal(["KnownIssue KI-1 ()"], await LinksAsync(ids[0]));
        Assert.Equal(["KnownIssue KI-3 ()", "SimilarReport 1 ()"], await LinksAsync(ids[2]));
    }

    [SqliteFact("upgrades a database made by SQLite's older migrations; a PostgreSQL database starts at its own first migration")]
    public async Task The_backfill_makes_the_rows_of_escalations_saved_before_them_once()
    {
        var first = await EscalationRows.AddAsync(_db, Now, "saved before the rows", linked: [5],
            change: e => e.Content.Context.RelatedBugs.Add(new LinkItem { Reference = "BUG-1", Note = "root cause" }));
        var second = await EscalationRows.AddAsync(_db, Now, "no links");
        var third = await EscalationRows.AddAsync(_db, Now, "also before", linked: [first]);
        // A database from before the migration: escalations with links in their content and no rows.
        await using (var db = _db.CreateDbContext()) await db.EscalationLinks.ExecuteDeleteAsync();
        Assert.Empty(await LinksAsync(first));

        await using (var db = _db.CreateDbContext())
        {
            Assert.True(EscalationLink.AddsLinks(db.Database.GetMigrations()));
            Assert.False(EscalationLink.AddsLinks(db.Database.GetMigrations().Where(m => !m.Contains("_Links_"))));
            EscalationLink.Backfill(db);
        }
        await using (var db = _db.CreateDbContext()) EscalationLink.Backfill(db);

        Assert.Equal(["RelatedBug BUG-1 (root cause)", "SimilarReport 5 ()"], await LinksAsync(first));
        Assert.Empty(await LinksAsync(second));
        Assert.Equal([$"SimilarReport {first} ()"], await LinksAsync(third));
    }

    private Escalation NewEscalation(string summary, Action<DraftContent> change)
    {
        var e = new Escalation { Summary = summary, Owner = "Ana", ReportedBy = "Ana", CreatedAt = Now, UpdatedAt = Now, Version = 1 };
        e.Content.Understand.Summary = summary;
        change(e.Content);
        return e;
    }

    private static async Task<string> PlanAsync(EscalationDeskDbContext db, IQueryable<int> query)
    {
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "EXPLAIN QUERY PLAN " + query.ToQueryString();
        var plan = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) plan.Add(reader.GetString(3));
        Assert.All(plan, step => Assert.StartsWith("SEARCH", step));
        return string.Join("\n", plan);
    }

    // PostgreSQL's equivalent of a SEARCH step: with sequential scans priced out (a test's
    // table is a few rows, which the planner would rather read whole), the plan seeks an index on both columns.
    private static async Task<string> PostgresPlanAsync(EscalationDeskDbContext db, IQueryable<int> query)
    {
        await using var transaction = await db.Database.BeginTransactionAsync();
        await db.Database.ExecuteSqlRawAsync("SET LOCAL enable_seqscan = off");
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.CommandText = "EXPLAIN " + query.ToQueryString();
        var lines = new List<string>();
        await using (var reader = await command.ExecuteReaderAsync())
            while (await reader.ReadAsync()) lines.Add(reader.GetString(0));
        var plan = string.Join("\n", lines);
        Assert.DoesNotContain("Seq Scan", plan);
        return plan;
    }

    public void Dispose() => _db.Dispose();
}

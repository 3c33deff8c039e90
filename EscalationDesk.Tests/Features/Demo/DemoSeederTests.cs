using EscalationDesk.Data;
using EscalationDesk.Features.Demo;
using EscalationDesk.Features.Judgment;
using EscalationDesk.Features.Queue;
using EscalationDesk.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace EscalationDesk.Tests.Features.Demo;

// The seed command's data: varied, searchable, and loaded in bulk without losing an index, even when interrupted.
public sealed class DemoSeederTests : IDisposable
{
    private readonly TestDatabase _db = TestDatabase.OnDisk();
    private DateTime Now => _db.Clock.GetUtcNow().UtcDateTime;

    private async Task<List<string>> IndexesAsync()
    {
        await using var db = _db.CreateDbContext();
        return await db.Database.SqlQueryRaw<string>(TestDatabase.OnPostgres
            ? "SELECT indexname || ': ' || indexdef AS \"Value\" FROM pg_indexes WHERE tablename IN ('Escalations', 'EscalationSearch') ORDER BY indexname"
            : "SELECT name || ': ' || sql AS \"Value\" FROM sqlite_master WHERE type = 'index' AND tbl_name = 'Escalations' AND sql IS NOT NULL ORDER BY name").ToListAsync();
    }

    [Fact]
    public async Task A_bulk_seed_gives_varied_searchable_escalations_and_every_index_back_as_it_was()
    {
        var before = await IndexesAsync();

        await DemoSeeder.SeedAsync(_db, 600, Now, batchSize: 250, bulkFrom: 100);

        Assert.Equal(before, await IndexesAsync());
        Assert.True(before.Count > 20);
        await using var db = _db.CreateDbContext();
        var rows = await db.Escalations.AsNoTracking().ToListAsync();
        Assert.Equal(600, rows.Count);
        Assert.Equal(5, rows.Select(r => r.Status).Distinct().Count());
        Assert.Equal(3, rows.Select(r => r.Severity).Distinct().Count());
        Assert.True(rows.Select(r => r.AccountId).Distinct().Count() >= 10);
        Assert.All(rows, r => Assert.Equal(LifecycleRules.Order(r.Status), r.StatusOrder));

        // The queue reads them through its indexes and finds them by their words.
        var queue = new QueueService(_db, _db.Clock, FixedUser.Lead(), _db.Search);
        var open = await queue.PageAsync(new QueueQuery());
        Assert.Equal(rows.Count(r => r.Status is EscalationStatus.Escalated or EscalationStatus.Acknowledged), open.Total);
        var word = rows.First(r => r.Status == EscalationStatus.Escalated).Summary.Split(' ')[0];
        Assert.NotEmpty((await queue.PageAsync(new QueueQuery(Text: word))).Rows);
    }

    [Fact]
    public async Task An_interrupted_seed_leaves_the_database_as_it_was_indexes_included()
    {
        var before = await IndexesAsync();
        using var stop = new CancellationTokenSource();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            DemoSeeder.SeedAsync(_db, 1_000, Now, progress: done => { if (done >= 500) stop.Cancel(); },
                batchSize: 250, bulkFrom: 100, ct: stop.Token));

        Assert.Equal(before, await IndexesAsync());
        await using var db = _db.CreateDbContext();
        Assert.Equal((0, 0), (await db.Escalations.CountAsync(), await db.Accounts.CountAsync()));
    }

    public void Dispose() => _db.Dispose();
}

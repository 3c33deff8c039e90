using EscalationDesk.Data;
using EscalationDesk.Features.Judgment;
using EscalationDesk.Features.Queue;
using EscalationDesk.Tests.Features.Escalations;
using EscalationDesk.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;

namespace EscalationDesk.Tests.Features.Queue;

// The status sort in lifecycle order, and the dashboard served from a snapshot counted in the background at scale.
public sealed class StatusOrderAndSnapshotTests : IDisposable
{
    private static readonly EscalationStatus[] AllStatuses = [.. Enum.GetValues<EscalationStatus>().Where(s => s != EscalationStatus.Draft)];
    private readonly TestDatabase _db = new();
    private DateTime Now => _db.Clock.GetUtcNow().UtcDateTime;

    [Fact]
    public async Task Sorting_by_status_follows_the_lifecycle_not_the_alphabet_and_reverses_exactly()
    {
        // Added out of order, two of one status so the id breaks the tie.
        foreach (var status in new[] { EscalationStatus.Closed, EscalationStatus.Acknowledged, EscalationStatus.DeEscalated, EscalationStatus.Escalated,
                     EscalationStatus.Resolved, EscalationStatus.Acknowledged })
            await EscalationRows.AddAsync(_db, Now, status.ToString(), status);
        var queue = new QueueService(_db, _db.Clock, FixedUser.Lead(), _db.Search);
        var all = AllStatuses;

        var up = (await queue.PageAsync(new QueueQuery(all, Sort: "status"))).Rows;
        var down = (await queue.PageAsync(new QueueQuery(all, Sort: "status", Descending: true))).Rows;

        Assert.Equal([EscalationStatus.Escalated, EscalationStatus.Acknowledged, EscalationStatus.Acknowledged, EscalationStatus.Resolved,
            EscalationStatus.DeEscalated, EscalationStatus.Closed], up.Select(r => r.Status));
        Assert.True(up[1].Id < up[2].Id);
        Assert.Equal(up.Select(r => r.Id).Reverse(), down.Select(r => r.Id));

        // Two statuses apart in the lifecycle (the walk seeks each one's place in the index): only those, in order.
        var someDown = await queue.PageAsync(new QueueQuery([EscalationStatus.Escalated, EscalationStatus.Closed], Sort: "status", Descending: true));
        Assert.Equal([EscalationStatus.Closed, EscalationStatus.Escalated], someDown.Rows.Select(r => r.Status));
        Assert.Equal(2, someDown.Total);
        var closed = await queue.PageAsync(new QueueQuery([EscalationStatus.Closed]));
        Assert.Equal((1, "Closed"), (closed.Total, closed.Rows.Single().Summary));
    }

    [Fact]
    public async Task The_status_order_is_kept_in_step_through_the_lifecycle()
    {
        var s = new EscalationScenario(_db);
        var id = await s.ReadyDraftAsync();
        Assert.Equal(0, await StatusOrderAsync(id));
        Assert.True((await s.Escalate.EscalateAsync(id)).Ok);
        Assert.Equal(1, await StatusOrderAsync(id));
        Assert.True((await s.Lifecycle.AcknowledgeAsync(id)).Ok);
        Assert.Equal(2, await StatusOrderAsync(id));
        Assert.True((await s.Lifecycle.ResolveAsync(id, "Rolled back the bad deploy")).Ok);
        Assert.Equal(3, await StatusOrderAsync(id));
        Assert.True((await s.Lifecycle.CloseAsync(id, true, true, "Alert on deploy errors")).Ok);
        Assert.Equal(5, await StatusOrderAsync(id));

        var other = await EscalationRows.AddAsync(_db, Now, "escalated");
        var queue = new QueueService(_db, _db.Clock, FixedUser.Lead(), _db.Search);
        Assert.Equal([other, id], (await queue.PageAsync(new QueueQuery(AllStatuses, Sort: "status"))).Rows.Select(r => r.Id));
    }

    [SqliteFact("upgrades a database made by SQLite's older migrations; a PostgreSQL database starts at its own first migration")]
    public async Task A_database_from_before_the_status_order_gets_it_filled_in()
    {
        var closed = await EscalationRows.AddAsync(_db, Now, "closed", EscalationStatus.Closed);
        var escalated = await EscalationRows.AddAsync(_db, Now, "escalated");
        await using (var db = _db.CreateDbContext()) await db.Database.ExecuteSqlRawAsync("UPDATE Escalations SET StatusOrder = 0");

        await using (var db = _db.CreateDbContext()) db.BackfillQueueColumns();

        Assert.Equal(5, await StatusOrderAsync(closed));
        Assert.Equal(1, await StatusOrderAsync(escalated));
        Assert.True(EscalationDeskDbContext.AddsQueueColumns(["20261125025730_QueueStatusOrder"]));
    }

    [Fact]
    public async Task At_scale_a_viewer_reads_the_snapshot_and_never_counts_while_a_refresh_brings_new_numbers()
    {
        await EscalationRows.AddAsync(_db, Now, "one");
        await EscalationRows.AddAsync(_db, Now, "two");
        var snapshot = new DashboardSnapshot(_db, _db.Clock, NullLogger<DashboardSnapshot>.Instance, from: 2);
        var dashboard = new DashboardService(_db, _db.Clock, FixedUser.Lead(), snapshot);

        var first = await dashboard.LoadAsync();        // the first view after start-up waits for the shared first count
        Assert.Equal((2, 1), (first.OpenCount, snapshot.Counts));

        await EscalationRows.AddAsync(_db, Now, "three");
        _db.Clock.Advance(TimeSpan.FromSeconds(30));
        var again = await dashboard.LoadAsync();
        Assert.Same(first, again);                      // served, not counted: the new escalation is not in it yet
        Assert.Equal(1, snapshot.Counts);

        var refreshed = await snapshot.RefreshAsync();
        Assert.Equal(3, refreshed.OpenCount);
        Assert.Same(refreshed, await dashboard.LoadAsync());
        Assert.Equal(2, snapshot.Counts);
    }

    [Fact]
    public async Task The_refresher_counts_at_start_up_and_again_every_minute_on_the_clock()
    {
        await EscalationRows.AddAsync(_db, Now, "one");
        var snapshot = new DashboardSnapshot(_db, _db.Clock, NullLogger<DashboardSnapshot>.Instance, from: 1);
        using var refresher = new DashboardRefresher(snapshot, _db.Clock, NullLogger<DashboardRefresher>.Instance);

        await refresher.StartAsync(CancellationToken.None);
        await WaitForAsync(() => snapshot.Counts == 1);
        Assert.Equal(1, snapshot.Latest!.OpenCount);

        await EscalationRows.AddAsync(_db, Now, "two");
        _db.Clock.Advance(DashboardSnapshot.RefreshEvery - TimeSpan.FromSeconds(1));
        await Task.Delay(100);
        Assert.Equal(1, snapshot.Counts);               // not yet a minute
        _db.Clock.Advance(TimeSpan.FromSeconds(1));
        await WaitForAsync(() => snapshot.Counts == 2);
        Assert.Equal(2, snapshot.Latest!.OpenCount);
        Assert.Equal(Now, snapshot.Latest.CountedAt);   // the page's "Counted at" is this refresh

        await refresher.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task A_small_database_is_counted_live_so_a_change_shows_at_once()
    {
        await EscalationRows.AddAsync(_db, Now, "one");
        var snapshot = new DashboardSnapshot(_db, _db.Clock, NullLogger<DashboardSnapshot>.Instance, from: 10);
        var dashboard = new DashboardService(_db, _db.Clock, FixedUser.Lead(), snapshot);
        Assert.Equal(1, (await dashboard.LoadAsync()).OpenCount);

        await EscalationRows.AddAsync(_db, Now, "two");

        Assert.Equal(2, (await dashboard.LoadAsync()).OpenCount);
        Assert.Equal(1, snapshot.Counts);               // only the first, which found the database small
    }

    private static async Task WaitForAsync(Func<bool> condition)
    {
        for (var i = 0; i < 200 && !condition(); i++) await Task.Delay(25);
        Assert.True(condition());
    }

    private async Task<int> StatusOrderAsync(int id)
    {
        await using var db = _db.CreateDbContext();
        return await db.Escalations.Where(e => e.Id == id).Select(e => e.StatusOrder).SingleAsync();
    }

    public void Dispose() => _db.Dispose();
}

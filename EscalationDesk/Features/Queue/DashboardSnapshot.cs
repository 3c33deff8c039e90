using System.Text.Json;
using EscalationDesk.Data;
using Microsoft.EntityFrameworkCore;

namespace EscalationDesk.Features.Queue;

// The latest dashboard, counted in the background and shared by every viewer: at 1,000,000 escalations a count takes
// seconds, and no viewer should wait for it. One count runs at a time (a second caller gets the running one); a viewer
// keeps reading the previous snapshot while the next is counted. From is how many open escalations make a database
// large enough for this; below it DashboardService counts live, so a small team sees its change at once.
// A refresh recounts only when something changed since the last count: an escalation or customer saved, a timer crossed
// into overdue, or a new day (the weekly chart moves on). Otherwise it keeps the counts, checked as of now: a few index seeks.
// With several instances (PostgreSQL) one counts at a time: the one holding the claim counts, stores the snapshot
// (SharedDashboard) and tells the others, which read it; an instance with no snapshot yet waits for the count under way.
public sealed class DashboardSnapshot
{
    private const string Topic = "dashboard";
    private static readonly TimeSpan FirstCountWait = TimeSpan.FromSeconds(60);

    private readonly IDbContextFactory<EscalationDeskDbContext> _dbFactory;
    private readonly TimeProvider _clock;
    private readonly ILogger<DashboardSnapshot> _logger;
    private readonly int _from;
    private readonly IInstances _instances;

    public DashboardSnapshot(IDbContextFactory<EscalationDeskDbContext> dbFactory, TimeProvider clock, ILogger<DashboardSnapshot> logger,
        int from = DefaultFrom, IInstances? instances = null)
    {
        (_dbFactory, _clock, _logger, _from) = (dbFactory, clock, logger, from);
        _instances = instances ?? SingleInstance.Instance;
        // For the app's lifetime (a singleton): another instance counted, read its snapshot.
        _instances.Listen(Topic, counted => _ = AdoptSharedAsync());
    }

    public const int DefaultFrom = 10_000;
    public static readonly TimeSpan RefreshEvery = TimeSpan.FromSeconds(60);
    // A save stamps UpdatedAt before it commits: one committed just after a count may carry an instant before it.
    private static readonly TimeSpan SavedLookBack = TimeSpan.FromMinutes(1);

    private readonly Lock _lock = new();
    private Task<Dashboard>? _counting;

    public int From => _from;
    public Dashboard? Latest { get; private set; }
    public int Counts { get; private set; }

    public Task<Dashboard> RefreshAsync()
    {
        lock (_lock) return _counting ??= CountAsync();
    }

    // A fallback for when the refresher is not running (or is late): the viewer still reads the snapshot it has.
    public void RefreshIfStale()
    {
        if (Latest is { } latest && _clock.GetUtcNow().UtcDateTime - latest.CountedAt >= 2 * RefreshEvery) _ = RefreshAsync();
    }

    private async Task<Dashboard> CountAsync()
    {
        try
        {
            await Task.Yield();   // the caller returns at once; the count runs on the thread pool
            await using var claim = await _instances.TryClaimAsync("dashboard", Latest is null ? FirstCountWait : TimeSpan.Zero, CancellationToken.None);
            if (claim is null) return await AdoptSharedAsync() ?? Latest ?? throw new TimeoutException("Another instance is still counting the dashboard.");
            var now = _clock.GetUtcNow().UtcDateTime;
            // Another instance counted just now (this one waited for it, or its tick came right after).
            if (await ReadSharedAsync() is { } shared && now - shared.CountedAt < RefreshEvery / 2) return Latest = shared;
            if (Latest is { } latest && !await ChangedAsync(latest.CountedAt, now)) return await ShareAsync(Latest = latest with { CountedAt = now });
            var dashboard = await DashboardService.CountAsync(_dbFactory, _clock, CancellationToken.None);
            Latest = dashboard;
            Counts++;
            return await ShareAsync(dashboard);
        }
        catch (Exception ex) when (Latest is { } previous)
        {
            _logger.LogError(ex, "Counting the dashboard failed; still showing the one counted at {CountedAt}", previous.CountedAt);
            return previous;
        }
        finally
        {
            lock (_lock) _counting = null;
        }
    }

    private async Task<Dashboard?> ReadSharedAsync()
    {
        if (!_instances.Several) return null;
        await using var db = await _dbFactory.CreateDbContextAsync();
        var json = await db.SharedDashboards.AsNoTracking().Where(d => d.Id == SharedDashboard.SingleId).Select(d => d.Json).SingleOrDefaultAsync();
        return json is null ? null : JsonSerializer.Deserialize<Dashboard>(json);
    }

    // The stored snapshot when it is newer than this instance's.
    private async Task<Dashboard?> AdoptSharedAsync()
    {
        try
        {
            if (await ReadSharedAsync() is { } shared && (Latest is null || shared.CountedAt > Latest.CountedAt)) Latest = shared;
        }
        catch (Exception ex)
        {
            _logger.LogWarning(ex, "Reading the dashboard another instance counted failed");
        }
        return Latest;
    }

    private async Task<Dashboard> ShareAsync(Dashboard dashboard)
    {
        if (!_instances.Several) return dashboard;
        await using (var db = await _dbFactory.CreateDbContextAsync())
        {
            var json = JsonSerializer.Serialize(dashboard);
            if (await db.SharedDashboards.FindAsync(SharedDashboard.SingleId) is { } row) (row.CountedAt, row.Json) = (dashboard.CountedAt, json);
            else db.SharedDashboards.Add(new SharedDashboard { Id = SharedDashboard.SingleId, CountedAt = dashboard.CountedAt, Json = json });
            await db.SaveChangesAsync();
        }
        await _instances.TellOthersAsync(Topic, "", CancellationToken.None);
        return dashboard;
    }

    // Each is a range of an index (UpdatedAt, (NextInternalDueAt, Status), (NextCustomerOverdueAt, Status)); customers are few.
    // The timer ranges hold every instant a timer could turn overdue in, so a crossing is never missed (at worst a count too many).
    private async Task<bool> ChangedAsync(DateTime since, DateTime now)
    {
        if (since.Date != now.Date) return true;
        await using var db = await _dbFactory.CreateDbContextAsync();
        var savedSince = since - SavedLookBack;
        return await db.Escalations.AnyAsync(e => e.UpdatedAt >= savedSince)
            || await db.Accounts.AnyAsync(a => a.UpdatedAt >= savedSince)
            || await db.Escalations.AnyAsync(e => e.NextInternalDueAt >= since && e.NextInternalDueAt <= now)
            || await db.Escalations.AnyAsync(e => e.NextCustomerOverdueAt >= since && e.NextCustomerOverdueAt <= now);
    }
}

// Counts the dashboard at start-up and every RefreshEvery after, on the app's TimeProvider.
public sealed class DashboardRefresher(DashboardSnapshot snapshot, TimeProvider clock, ILogger<DashboardRefresher> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(DashboardSnapshot.RefreshEvery, clock);
        do
        {
            try
            {
                await snapshot.RefreshAsync().WaitAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogError(ex, "Counting the dashboard failed; trying again next tick");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}

using EscalationDesk.Data.Sqlite;
using System.Diagnostics;
using EscalationDesk.Data;
using EscalationDesk.Features.Notifications;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace EscalationDesk.Benchmarks;

// One reminder tick on a seeded file (from the seed command), on a clock the harness moves: windows in which nothing
// new is due, and windows with new due timers. Seeded owners have no account, so the escalations with timers to come
// are given one (OwnerId) first, or no tick would raise anything. The file's reminders and cursor are cleared before and after, so the app started
// on it next behaves as on its first start.
public sealed class ReminderBenchmark : IDbContextFactory<EscalationDeskDbContext>
{
    private readonly DbContextOptions<EscalationDeskDbContext> _options;

    private ReminderBenchmark(string path)
    {
        var builder = new DbContextOptionsBuilder<EscalationDeskDbContext>();
        new SqliteDatabase($"Data Source={path};Default Timeout=30").ConfigureDbContext(builder);
        _options = builder.Options;
    }

    public EscalationDeskDbContext CreateDbContext() => new(_options);

    public static async Task RunAsync(string path, int runs, Action<string, List<double>> report)
    {
        var bench = new ReminderBenchmark(path);
        await using (var db = bench.CreateDbContext())
        {
            var addsQueueColumns = EscalationDeskDbContext.AddsQueueColumns(await db.Database.GetPendingMigrationsAsync());
            await db.Database.MigrateAsync();
            if (addsQueueColumns) db.BackfillQueueColumns();
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;");
            Console.WriteLine($"{await db.Escalations.CountAsync():N0} escalations in {path}");
            var watch = Stopwatch.StartNew();
            // Only those with a timer still to come (or in the first tick's look-back): no other can be raised by a tick measured here.
            var from = DateTime.UtcNow - ReminderService.FirstLookBack;
            var owned = await db.Escalations.Where(e => e.OwnerId == null && (e.NextInternalDueAt >= from || e.NextCustomerDueAt >= from || e.NextCustomerOverdueAt >= from))
                .ExecuteUpdateAsync(u => u.SetProperty(e => e.OwnerId, e => "bench-" + e.Owner));
            if (owned > 0) Console.WriteLine($"Gave {owned:N0} escalations an owner account in {watch.Elapsed.TotalSeconds:F1} s");
            await ClearAsync(db);
        }

        var clock = new HarnessClock(DateTime.UtcNow);
        var services = new ServiceCollection().AddSingleton<IDbContextFactory<EscalationDeskDbContext>>(bench).BuildServiceProvider();
        var service = new ReminderService(services.GetRequiredService<IServiceScopeFactory>(), clock, new NoPages(), new ConfigurationBuilder().Build(),
            NullLogger<ReminderService>.Instance);

        async Task<(List<double> Ms, int Raised)> TicksAsync(DateTime start, TimeSpan step, int count)
        {
            await using (var db = bench.CreateDbContext()) await ClearCursorAsync(db);
            clock.Now = start;
            await service.RaiseDueAsync(CancellationToken.None);   // the first tick, from the look-back: not measured
            var (ms, raised) = (new List<double>(), 0);
            for (var i = 0; i < count; i++)
            {
                clock.Now += step;
                var watch = Stopwatch.StartNew();
                raised += await service.RaiseDueAsync(CancellationToken.None);
                ms.Add(watch.Elapsed.TotalMilliseconds);
            }
            return (ms, raised);
        }

        var now = clock.Now;
        // Thirty days on, every seeded timer is long past: the windows hold nothing new.
        var (idle, idleRaised) = await TicksAsync(now.AddDays(30), TimeSpan.FromSeconds(30), runs);
        report($"reminder tick, nothing new due (30 s windows, {idleRaised} raised)", idle);
        var (busy, busyRaised) = await TicksAsync(now, TimeSpan.FromSeconds(30), runs);
        report($"reminder tick, new due timers (30 s windows from the seeding time, {busyRaised / (double)runs:F1} raised per tick)", busy);
        var (hours, hoursRaised) = await TicksAsync(now.AddHours(1), TimeSpan.FromHours(1), Math.Max(1, runs / 5));
        report($"reminder tick after an hour down (1 h windows, {hoursRaised / (double)Math.Max(1, runs / 5):F0} raised per tick)", hours);

        await using (var db = bench.CreateDbContext()) await ClearAsync(db);
    }

    private static async Task ClearAsync(EscalationDeskDbContext db)
    {
        await db.Notifications.ExecuteDeleteAsync();
        await ClearCursorAsync(db);
    }

    private static Task ClearCursorAsync(EscalationDeskDbContext db) => db.ReminderCursors.ExecuteDeleteAsync();

    private sealed class HarnessClock(DateTime start) : TimeProvider
    {
        public DateTime Now { get; set; } = start;
        public override DateTimeOffset GetUtcNow() => new(Now, TimeSpan.Zero);
    }

    private sealed class NoPages : INotificationPublisher
    {
        public Task PublishAsync(IReadOnlyList<RaisedNotification> raised, CancellationToken ct) => Task.CompletedTask;
    }
}

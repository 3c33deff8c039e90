using System.Collections.Concurrent;
using EscalationDesk.Data;
using EscalationDesk.Data.Postgres;
using EscalationDesk.Features.Notifications;
using EscalationDesk.Features.Queue;
using EscalationDesk.Features.Users;
using EscalationDesk.Tests.Features.Escalations;
using EscalationDesk.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace EscalationDesk.Tests.Data;

// Two instances of the app on one PostgreSQL database, each with its own PostgresInstances (its own LISTEN connection),
// as two processes have. Only the PostgreSQL run has several instances.
public sealed class SeveralInstancesTests : IAsyncLifetime
{
    private static readonly TimeSpan Soon = TimeSpan.FromSeconds(2);
    private readonly TestDatabase _db = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _running = [];

    private async Task<PostgresInstances> StartInstanceAsync()
    {
        await using var db = _db.CreateDbContext();
        var instance = new PostgresInstances(db.Database.GetConnectionString()!, NullLogger<PostgresInstances>.Instance);
        _running.Add(instance.RunAsync(_stop.Token));
        await WaitUntilAsync(() => instance.Listening, "the instance listens");
        return instance;
    }

    [PostgresFact]
    public async Task A_message_told_by_one_instance_reaches_the_other_within_two_seconds_and_not_itself()
    {
        var (a, b) = (await StartInstanceAsync(), await StartInstanceAsync());
        var heardByA = new ConcurrentQueue<string>();
        var heardByB = new ConcurrentQueue<string>();
        a.Listen("topic", heardByA.Enqueue);
        b.Listen("topic", heardByB.Enqueue);

        await a.TellOthersAsync("topic", "hello from A", CancellationToken.None);

        await WaitUntilAsync(() => heardByB.Contains("hello from A"), "B hears A", Soon);
        await Task.Delay(200);
        Assert.Empty(heardByA);
    }

    [PostgresFact]
    public async Task The_listening_connection_is_opened_again_after_it_is_cut()
    {
        var (a, b) = (await StartInstanceAsync(), await StartInstanceAsync());
        var heard = new ConcurrentQueue<string>();
        b.Listen("topic", heard.Enqueue);

        await using (var db = _db.CreateDbContext())
            await db.Database.ExecuteSqlRawAsync("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND query LIKE 'LISTEN%'");
        await WaitUntilAsync(() => !b.Listening, "B notices the cut");
        await WaitUntilAsync(() => b.Listening, "B listens again");

        await a.TellOthersAsync("topic", "after the cut", CancellationToken.None);
        await WaitUntilAsync(() => heard.Contains("after the cut"), "B hears A again", Soon);
    }

    [PostgresFact]
    public async Task Work_claimed_by_one_instance_is_refused_to_the_other_until_it_is_released()
    {
        var (a, b) = (await StartInstanceAsync(), await StartInstanceAsync());
        var held = await a.TryClaimAsync("reminders", TimeSpan.Zero, CancellationToken.None);
        Assert.NotNull(held);
        Assert.Null(await b.TryClaimAsync("reminders", TimeSpan.Zero, CancellationToken.None));
        await using (var other = await b.TryClaimAsync("dashboard", TimeSpan.Zero, CancellationToken.None)) Assert.NotNull(other);

        await held.DisposeAsync();
        await using var claimed = await b.TryClaimAsync("reminders", TimeSpan.Zero, CancellationToken.None);
        Assert.NotNull(claimed);
    }

    [PostgresFact]
    public async Task Two_instances_ticking_together_raise_a_due_reminder_once_and_it_reaches_the_owner_on_the_other_instance()
    {
        var (a, b) = (await StartInstanceAsync(), await StartInstanceAsync());
        var pagesOnA = new LocalNotifications();
        var pagesOnB = new LocalNotifications();
        var serviceA = Reminders(a, new InstanceNotifications(pagesOnA, a));
        var serviceB = Reminders(b, new InstanceNotifications(pagesOnB, b));
        var scenario = new EscalationScenario(_db);
        await scenario.EscalatedAsync();   // High: internal follow-up due in 4 h
        await Task.WhenAll(serviceA.RaiseDueAsync(CancellationToken.None), serviceB.RaiseDueAsync(CancellationToken.None));
        var shownOnB = new ConcurrentQueue<RaisedNotification>();
        using var page = pagesOnB.Subscribe(scenario.Agent.Id, shownOnB.Enqueue);

        _db.Clock.Advance(TimeSpan.FromHours(4));
        var raised = new List<int>();
        for (var round = 0; round < 3; round++)
            raised.AddRange(await Task.WhenAll(serviceA.RaiseDueAsync(CancellationToken.None), serviceB.RaiseDueAsync(CancellationToken.None)));

        await using var db = _db.CreateDbContext();
        Assert.Equal(["customer-due", "internal"], (await db.Notifications.Select(n => n.Kind).ToListAsync()).Order());
        Assert.Equal(2, raised.Sum());
        await WaitUntilAsync(() => shownOnB.Count == 2, "both reminders reach the owner's page on B", Soon);
    }

    [PostgresFact]
    public async Task While_another_instance_holds_the_reminders_a_tick_raises_nothing_and_the_holder_raises_them()
    {
        var (a, b) = (await StartInstanceAsync(), await StartInstanceAsync());
        var serviceA = Reminders(a, new InstanceNotifications(new LocalNotifications(), a));
        await new EscalationScenario(_db).EscalatedAsync();
        await serviceA.RaiseDueAsync(CancellationToken.None);
        _db.Clock.Advance(TimeSpan.FromHours(4));

        await using (await b.TryClaimAsync("reminders", TimeSpan.Zero, CancellationToken.None))
            Assert.Equal(0, await serviceA.RaiseDueAsync(CancellationToken.None));
        Assert.Equal(2, await serviceA.RaiseDueAsync(CancellationToken.None));
    }

    [PostgresFact]
    public async Task The_dashboard_counted_by_one_instance_is_read_by_the_other_without_counting_again()
    {
        var (a, b) = (await StartInstanceAsync(), await StartInstanceAsync());
        await EscalationRows.AddAsync(_db, _db.Clock.GetUtcNow().UtcDateTime, "one", internalDueInHours: 1);
        var onA = new DashboardSnapshot(_db, _db.Clock, NullLogger<DashboardSnapshot>.Instance, from: 1, a);
        var onB = new DashboardSnapshot(_db, _db.Clock, NullLogger<DashboardSnapshot>.Instance, from: 1, b);

        var counted = await onA.RefreshAsync();

        await WaitUntilAsync(() => onB.Latest is not null, "B has A's snapshot", Soon);
        Assert.Equal((counted.OpenCount, counted.CountedAt), (onB.Latest!.OpenCount, onB.Latest.CountedAt));
        Assert.Equal(1, (await onB.RefreshAsync()).OpenCount);
        Assert.Equal((1, 0), (onA.Counts, onB.Counts));
    }

    [PostgresFact]
    public async Task A_user_changed_on_one_instance_is_revalidated_on_the_other()
    {
        var (a, b) = (await StartInstanceAsync(), await StartInstanceAsync());
        using var changesOnA = new UserChanges(a, NullLogger<UserChanges>.Instance);
        using var changesOnB = new UserChanges(b, NullLogger<UserChanges>.Instance);
        var changedOnB = new ConcurrentQueue<string>();
        changesOnB.Changed += changedOnB.Enqueue;

        changesOnA.Publish("user-42");

        await WaitUntilAsync(() => changedOnB.Contains("user-42"), "B's circuits of user-42 revalidate", Soon);
    }

    private ReminderService Reminders(IInstances instances, INotificationPublisher publisher)
    {
        var services = new ServiceCollection().AddSingleton<IDbContextFactory<EscalationDeskDbContext>>(_db).AddSingleton(instances).BuildServiceProvider();
        return new ReminderService(services.GetRequiredService<IServiceScopeFactory>(), _db.Clock, publisher, new ConfigurationBuilder().Build(),
            NullLogger<ReminderService>.Instance);
    }

    private static async Task WaitUntilAsync(Func<bool> condition, string what, TimeSpan? within = null)
    {
        var deadline = DateTime.UtcNow + (within ?? TimeSpan.FromSeconds(15));
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) Assert.Fail($"Timed out waiting until {what}.");
            await Task.Delay(20);
        }
    }

    public Task InitializeAsync() => Task.CompletedTask;

    // xunit 2 awaits IAsyncLifetime, not IAsyncDisposable: the listeners stop and the database is dropped here.
    public async Task DisposeAsync()
    {
        await _stop.CancelAsync();
        await Task.WhenAll(_running);
        _db.Dispose();
    }
}

// A test of several instances, which share a PostgreSQL database: skipped, with the reason, on the SQLite run.
public sealed class PostgresFactAttribute : FactAttribute
{
    public PostgresFactAttribute()
    {
        if (!PostgresTestServer.Enabled) Skip = $"Several instances need PostgreSQL: run with {PostgresTestServer.ProviderVariable}=Postgres.";
    }
}

using EscalationDesk.Data;
using EscalationDesk.Features.Judgment;
using EscalationDesk.Features.Notifications;
using EscalationDesk.Tests.Features.Escalations;
using EscalationDesk.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace EscalationDesk.Tests.Features.Notifications;

public sealed class ReminderServiceTests : IDisposable
{
    private readonly TestDatabase _db = TestDatabase.OnDisk();
    private readonly RecordingPublisher _published = new();

    // A fresh service each time, as after a restart: all it knows is in the database.
    private ReminderService NewService(double intervalSeconds = 60)
    {
        var services = new ServiceCollection().AddSingleton<IDbContextFactory<EscalationDeskDbContext>>(_db).BuildServiceProvider();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(
            new Dictionary<string, string?> { ["Reminders:IntervalSeconds"] = intervalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture) }).Build();
        return new ReminderService(services.GetRequiredService<IServiceScopeFactory>(), _db.Clock, _published, configuration, NullLogger<ReminderService>.Instance);
    }

    private Task<int> TickAsync() => NewService().RaiseDueAsync(CancellationToken.None);

    private async Task<List<Notification>> NotificationsAsync()
    {
        await using var db = _db.CreateDbContext();
        return await db.Notifications.OrderBy(n => n.Id).ToListAsync();
    }

    [Fact]
    public async Task Due_timers_raise_one_reminder_each_and_overdue_ones_another_also_after_a_restart()
    {
        var scenario = new EscalationScenario(_db);
        var id = await scenario.EscalatedAsync(); // High: internal 4 h, customer 4-8 h
        Assert.Equal(0, await TickAsync());

        _db.Clock.Advance(TimeSpan.FromHours(4));
        Assert.Equal(2, await TickAsync());
        Assert.Equal(0, await TickAsync());

        _db.Clock.Advance(TimeSpan.FromHours(4) + TimeSpan.FromMinutes(1));
        Assert.Equal(1, await TickAsync());
        Assert.Equal(0, await TickAsync());

        var notifications = await NotificationsAsync();
        Assert.Equal(["internal", "customer-due", "customer-overdue"], notifications.Select(n => n.Kind));
        Assert.All(notifications, n => Assert.Equal(scenario.Agent.Id, n.OwnerId));
        Assert.Contains($"Customer update overdue: ESC-{id} Checkout times out for EU cards", notifications.Select(n => n.Message));
        Assert.Equal(3, _published.All.Count);
    }

    [Fact]
    public async Task A_timer_that_came_due_while_the_app_was_down_is_raised_after_the_restart()
    {
        await new EscalationScenario(_db).EscalatedAsync();
        Assert.Equal(0, await TickAsync());

        _db.Clock.Advance(TimeSpan.FromHours(10));   // down past the internal follow-up and the customer update's overdue time

        Assert.Equal(2, await TickAsync());
        Assert.Equal(["internal", "customer-overdue"], (await NotificationsAsync()).Select(n => n.Kind));
    }

    [Fact]
    public async Task The_first_start_raises_only_what_came_due_in_the_last_hour_not_the_history()
    {
        var scenario = new EscalationScenario(_db);
        await scenario.EscalatedAsync();                     // due 4 h later: long past by the first start
        _db.Clock.Advance(TimeSpan.FromDays(3) - TimeSpan.FromHours(4) - TimeSpan.FromMinutes(30));
        var recent = await scenario.EscalatedAsync();        // internal and customer due 30 minutes before the first start
        _db.Clock.Advance(TimeSpan.FromHours(4) + TimeSpan.FromMinutes(30));

        Assert.Equal(2, await TickAsync());

        var notifications = await NotificationsAsync();
        Assert.All(notifications, n => Assert.Equal(recent, n.EscalationId));
        Assert.Equal(["internal", "customer-due"], notifications.Select(n => n.Kind));
    }

    [Fact]
    public async Task Two_reminder_services_ticking_the_same_windows_at_once_raise_each_reminder_once()
    {
        var scenario = new EscalationScenario(_db);
        var ids = new List<int>();
        for (var i = 0; i < 6; i++) ids.Add(await scenario.EscalatedAsync());
        Assert.Equal(0, await TickAsync());

        var raised = 0;
        foreach (var step in new[] { TimeSpan.FromHours(4), TimeSpan.FromHours(4) + TimeSpan.FromMinutes(1) })
        {
            _db.Clock.Advance(step);
            var (a, b) = (NewService(), NewService());
            var counts = await Task.WhenAll(Task.Run(() => a.RaiseDueAsync(CancellationToken.None)), Task.Run(() => b.RaiseDueAsync(CancellationToken.None)));
            raised += counts.Sum();
        }

        var notifications = await NotificationsAsync();
        Assert.Equal(18, notifications.Count);               // internal, customer due, customer overdue for each of six
        Assert.Equal(18, raised);
        Assert.Equal(18, _published.All.Count);
        Assert.Equal(notifications.Select(n => (n.EscalationId, n.Kind)).Order(), _published.All.Select(p => (p.EscalationId, Kind(p.Message))).Order());
    }

    [Fact]
    public async Task A_severity_change_that_moves_a_timer_into_the_past_raises_it_at_the_next_tick()
    {
        var scenario = new EscalationScenario(_db);
        var id = await scenario.EscalatedAsync();                  // High: internal due in 4 h
        _db.Clock.Advance(TimeSpan.FromHours(3));
        Assert.Equal(0, await TickAsync());

        Assert.True((await scenario.Lifecycle.ChangeSeverityAsync(id, Severity.Critical, "Data at risk after all")).Ok);   // due 2 h after escalating: 1 h ago
        _db.Clock.Advance(TimeSpan.FromSeconds(30));

        Assert.Equal(2, await TickAsync());
        Assert.Equal(["internal", "customer-due"], (await NotificationsAsync()).Select(n => n.Kind));
    }

    [Fact]
    public async Task Logging_a_follow_up_moves_the_timer_so_no_reminder_comes_until_it_is_due_again()
    {
        var scenario = new EscalationScenario(_db);
        var id = await scenario.EscalatedAsync();
        _db.Clock.Advance(TimeSpan.FromHours(3));
        await scenario.Lifecycle.LogFollowUpAsync(id, "Checked");
        await scenario.Lifecycle.LogCustomerUpdateAsync(id, "Email", "Update sent");

        _db.Clock.Advance(TimeSpan.FromHours(2));
        Assert.Equal(0, await TickAsync());
        _db.Clock.Advance(TimeSpan.FromHours(2));
        Assert.Equal(2, await TickAsync());
    }

    [Fact]
    public async Task An_escalation_whose_owner_has_no_account_raises_nothing()
    {
        var id = await new EscalationScenario(_db).EscalatedAsync();
        await using (var db = _db.CreateDbContext())
            await db.Escalations.Where(e => e.Id == id).ExecuteUpdateAsync(u => u.SetProperty(e => e.Owner, "Demo Owner").SetProperty(e => e.OwnerId, (string?)null));
        Assert.Equal(0, await TickAsync());

        _db.Clock.Advance(TimeSpan.FromHours(9));

        Assert.Equal(0, await TickAsync());
        Assert.Empty(await NotificationsAsync());
    }

    [Fact]
    public async Task The_background_service_raises_reminders_as_time_passes()
    {
        await new EscalationScenario(_db).EscalatedAsync(["data-at-risk"]); // Critical: 2 h
        var service = NewService(intervalSeconds: 60);
        await service.StartAsync(CancellationToken.None);
        try
        {
            for (var minute = 0; minute < 125; minute++) _db.Clock.Advance(TimeSpan.FromMinutes(1));
            var deadline = DateTime.UtcNow.AddSeconds(10);
            while ((await NotificationsAsync()).Count < 2 && DateTime.UtcNow < deadline) await Task.Delay(50);

            Assert.Equal(["internal", "customer-due"], (await NotificationsAsync()).Select(n => n.Kind));
        }
        finally
        {
            await service.StopAsync(CancellationToken.None);
        }
    }

    [Fact]
    public async Task Closed_and_de_escalated_escalations_raise_nothing()
    {
        var scenario = new EscalationScenario(_db);
        var id = await scenario.EscalatedAsync();
        Assert.Equal(0, await TickAsync());
        await scenario.Lifecycle.DeEscalateAsync(id, "resolved-itself", [], "");
        _db.Clock.Advance(TimeSpan.FromDays(3));
        Assert.Equal(0, await TickAsync());
    }

    private static string Kind(string message) =>
        message.StartsWith("Internal") ? "internal" : message.StartsWith("Customer update overdue") ? "customer-overdue" : "customer-due";

    public void Dispose() => _db.Dispose();
}

// What the service handed to open pages, for every owner.
public sealed class RecordingPublisher : INotificationPublisher
{
    private readonly List<RaisedNotification> _all = [];

    public IReadOnlyList<RaisedNotification> All { get { lock (_all) return [.. _all]; } }

    public Task PublishAsync(IReadOnlyList<RaisedNotification> raised, CancellationToken ct)
    {
        lock (_all) _all.AddRange(raised);
        return Task.CompletedTask;
    }
}

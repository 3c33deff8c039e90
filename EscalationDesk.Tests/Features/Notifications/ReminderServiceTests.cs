using EscalationDesk.Data;
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
    private readonly NotificationHub _hub = new();
    private readonly List<string> _published = [];

    public ReminderServiceTests() => _hub.Raised += (owner, message) => { lock (_published) _published.Add($"{owner}: {message}"); };

    // A fresh service each time, as after a restart: all it knows is in the database.
    private ReminderService NewService(double intervalSeconds = 60)
    {
        var services = new ServiceCollection().AddSingleton<IDbContextFactory<EscalationDeskDbContext>>(_db).BuildServiceProvider();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(
            new Dictionary<string, string?> { ["Reminders:IntervalSeconds"] = intervalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture) }).Build();
        return new ReminderService(services.GetRequiredService<IServiceScopeFactory>(), _db.Clock, _hub, configuration, NullLogger<ReminderService>.Instance);
    }

    private async Task<List<Notification>> NotificationsAsync()
    {
        await using var db = _db.CreateDbContext();
        return await db.Notifications.OrderBy(n => n.Id).ToListAsync();
    }

    [Fact]
    public async Task Due_timers_raise_one_reminder_each_and_overdue_ones_another_also_after_a_restart()
    {
        var id = await new EscalationScenario(_db).EscalatedAsync(); // High: internal 4 h, customer 4-8 h
        Assert.Equal(0, await NewService().RaiseDueAsync(CancellationToken.None));

        _db.Clock.Advance(TimeSpan.FromHours(4));
        Assert.Equal(2, await NewService().RaiseDueAsync(CancellationToken.None));
        Assert.Equal(0, await NewService().RaiseDueAsync(CancellationToken.None));

        _db.Clock.Advance(TimeSpan.FromHours(4) + TimeSpan.FromMinutes(1));
        Assert.Equal(1, await NewService().RaiseDueAsync(CancellationToken.None));

        var notifications = await NotificationsAsync();
        Assert.Equal(["internal", "customer-due", "customer-overdue"], notifications.Select(n => n.Kind));
        Assert.All(notifications, n => Assert.Equal("Ana Agent", n.Owner));
        Assert.Contains($"Customer update overdue: ESC-{id} Checkout times out for EU cards", notifications.Select(n => n.Message));
        Assert.Equal(3, _published.Count);
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
        Assert.Equal(0, await NewService().RaiseDueAsync(CancellationToken.None));
        _db.Clock.Advance(TimeSpan.FromHours(2));
        Assert.Equal(2, await NewService().RaiseDueAsync(CancellationToken.None));
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
        await scenario.Lifecycle.DeEscalateAsync(id, "resolved-itself", [], "");
        _db.Clock.Advance(TimeSpan.FromDays(3));
        Assert.Equal(0, await NewService().RaiseDueAsync(CancellationToken.None));
    }

    public void Dispose() => _db.Dispose();
}

using EscalationDesk.Data;
using EscalationDesk.Features.Notifications;
using EscalationDesk.Tests.Features.Escalations;
using EscalationDesk.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace EscalationDesk.Tests.Features.Notifications;

// Reminders follow the owner's account, not the name it shows.
public sealed class NotificationOwnerTests : IDisposable
{
    private readonly TestDatabase _db = new();
    private readonly LocalNotifications _pages = new();

    private Task<int> TickAsync()
    {
        var services = new ServiceCollection().AddSingleton<IDbContextFactory<EscalationDeskDbContext>>(_db).BuildServiceProvider();
        return new ReminderService(services.GetRequiredService<IServiceScopeFactory>(), _db.Clock, _pages, new ConfigurationBuilder().Build(),
            NullLogger<ReminderService>.Instance).RaiseDueAsync(CancellationToken.None);
    }

    private NotificationService For(FixedUser user) => new(_db, user, _db.Clock);

    private async Task AddAccountAsync(FixedUser user)
    {
        await using var db = _db.CreateDbContext();
        db.Users.Add(new AppUser { Id = user.Id, UserName = user.Id, Email = $"{user.Id}@test.example", DisplayName = user.Name });
        await db.SaveChangesAsync();
    }

    private async Task GiveToAsync(int id, FixedUser user)
    {
        await using var db = _db.CreateDbContext();
        await db.Escalations.Where(e => e.Id == id).ExecuteUpdateAsync(u => u.SetProperty(e => e.Owner, user.Name).SetProperty(e => e.OwnerId, user.Id));
    }

    [Fact]
    public async Task A_renamed_user_keeps_receiving_and_seeing_their_reminders()
    {
        var scenario = new EscalationScenario(_db);
        await AddAccountAsync(scenario.Agent);
        var id = await scenario.EscalatedAsync();
        await TickAsync();
        _db.Clock.Advance(TimeSpan.FromHours(4));
        Assert.Equal(2, await TickAsync());

        await using (var db = _db.CreateDbContext())
            await db.Users.Where(u => u.Id == scenario.Agent.Id).ExecuteUpdateAsync(u => u.SetProperty(x => x.DisplayName, "Ana Renamed"));
        var renamed = new FixedUser("Ana Renamed", id: scenario.Agent.Id);
        var popped = new List<string>();
        using var page = _pages.Subscribe(renamed.Id, n => popped.Add(n.Message));
        _db.Clock.Advance(TimeSpan.FromHours(4) + TimeSpan.FromMinutes(1));
        Assert.Equal(1, await TickAsync());

        Assert.Equal([$"Customer update overdue: ESC-{id} Checkout times out for EU cards"], popped);
        Assert.Equal(3, await For(renamed).UnreadCountAsync());
        Assert.Equal(3, (await For(renamed).ListAsync()).Count);
    }

    [Fact]
    public async Task Two_users_sharing_a_display_name_each_see_and_receive_only_their_own()
    {
        var (first, second) = (new FixedUser("Sam Lee", id: "sam-1"), new FixedUser("Sam Lee", id: "sam-2"));
        await AddAccountAsync(first);
        await AddAccountAsync(second);
        var scenario = new EscalationScenario(_db);
        var mine = await scenario.EscalatedAsync();
        var theirs = await scenario.EscalatedAsync(["data-at-risk"]);   // Critical: due after 2 h, the other after 4 h
        await GiveToAsync(mine, first);
        await GiveToAsync(theirs, second);
        await TickAsync();
        var popped = new List<int>();
        using var page = _pages.Subscribe(first.Id, n => popped.Add(n.EscalationId));

        _db.Clock.Advance(TimeSpan.FromHours(4));
        Assert.Equal(4, await TickAsync());

        Assert.Equal([mine, mine], popped);
        Assert.All(await For(first).ListAsync(), n => Assert.Equal(mine, n.EscalationId));
        Assert.All(await For(second).ListAsync(), n => Assert.Equal(theirs, n.EscalationId));
        Assert.Equal((2, 2), (await For(first).UnreadCountAsync(), await For(second).UnreadCountAsync()));

        await For(first).MarkAllReadAsync();
        Assert.Equal((0, 2), (await For(first).UnreadCountAsync(), await For(second).UnreadCountAsync()));
    }

    public void Dispose() => _db.Dispose();
}

using EscalationDesk.Data;
using EscalationDesk.Features.Notifications;
using EscalationDesk.Features.Settings;
using EscalationDesk.Features.Users;
using EscalationDesk.Features.Webhooks;
using EscalationDesk.Tests.Features.Escalations;
using EscalationDesk.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace EscalationDesk.Tests.Features.Webhooks;

// The app's webhook services over a test database (its outbox on every context), its fake clock and a receiver on loopback.
// Tests run the worker's passes themselves (Deliver) after moving the clock.
public sealed class WebhookRig : IAsyncDisposable
{
    private readonly ServiceProvider _services;

    private WebhookRig(TestDatabase db, WebhookReceiver receiver, bool allowPrivate)
    {
        (Db, Receiver) = (db, receiver);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            [WebhookTargets.Setting] = allowPrivate ? "true" : "false",
        }).Build();
        db.Webhooks = new WebhookOutbox(db.Clock, SingleInstance.Instance);
        _services = new ServiceCollection()
            .AddLogging()
            .AddSingleton<IConfiguration>(configuration)
            .AddEscalationDeskFeatures(configuration)
            .AddSingleton<IDbContextFactory<EscalationDeskDbContext>>(db)
            .AddSingleton<TimeProvider>(db.Clock)
            .AddSingleton(db.Webhooks)
            .AddSingleton<ICurrentUser>(FixedUser.Admin())
            .BuildServiceProvider();
        Scenario = new EscalationScenario(db);
    }

    public static async Task<WebhookRig> StartAsync(bool allowPrivate = true) => new(TestDatabase.OnDisk(), await WebhookReceiver.StartAsync(), allowPrivate);

    public TestDatabase Db { get; }
    public WebhookReceiver Receiver { get; }
    public EscalationScenario Scenario { get; }
    public IServiceProvider Services => _services;

    public WebhookSubscriptions Subscriptions => _services.GetRequiredService<WebhookSubscriptions>();
    public WebhookWorker Worker => _services.GetRequiredService<WebhookWorker>();
    public SettingsService Settings => _services.CreateScope().ServiceProvider.GetRequiredService<SettingsService>();

    public ReminderService Reminders => new(_services.GetRequiredService<IServiceScopeFactory>(), Db.Clock, _services.GetRequiredService<INotificationPublisher>(),
        new ConfigurationBuilder().Build(), NullLogger<ReminderService>.Instance);

    // A subscription to the receiver; the receiver verifies with its secret.
    public async Task<int> SubscribeAsync(params string[] events)
    {
        var added = await Subscriptions.AddAsync(Receiver.Url, events, "Ada Admin");
        Assert.Null(added.Error);
        Receiver.Secret = added.Secret;
        return added.Id!.Value;
    }

    public Task<int> DeliverAsync() => Worker.DeliverDueAsync();

    public async Task<List<WebhookDelivery>> OutboxAsync()
    {
        await using var db = Db.CreateDbContext();
        return await db.WebhookDeliveries.AsNoTracking().OrderBy(d => d.Id).ToListAsync();
    }

    public async Task<WebhookSubscription> SubscriptionAsync(int id)
    {
        await using var db = Db.CreateDbContext();
        return await db.WebhookSubscriptions.AsNoTracking().SingleAsync(s => s.Id == id);
    }

    // An active Admin account, as Identity stores one.
    public async Task<string> AddAdminAsync(string name)
    {
        await using var db = Db.CreateDbContext();
        var role = await db.Roles.SingleOrDefaultAsync(r => r.Name == Roles.Admin);
        if (role is null) db.Roles.Add(role = new IdentityRole(Roles.Admin) { NormalizedName = Roles.Admin.ToUpperInvariant() });
        var user = new AppUser { UserName = $"{name}@test.example", Email = $"{name}@test.example", DisplayName = name, CreatedAt = Db.Clock.GetUtcNow().UtcDateTime };
        db.Users.Add(user);
        db.UserRoles.Add(new IdentityUserRole<string> { UserId = user.Id, RoleId = role.Id });
        await db.SaveChangesAsync();
        return user.Id;
    }

    public async ValueTask DisposeAsync()
    {
        await Receiver.DisposeAsync();
        await _services.DisposeAsync();
        Db.Dispose();
    }
}

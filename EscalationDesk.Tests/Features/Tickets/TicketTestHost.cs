using EscalationDesk.Data;
using EscalationDesk.Features.Tickets;
using EscalationDesk.Features.Users;
using EscalationDesk.Features.Wizard;
using EscalationDesk.Tests.Infrastructure;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace EscalationDesk.Tests.Features.Tickets;

// The app's services (AddEscalationDeskFeatures) over a real database, with the fake helpdesks on loopback; the acting
// user can be switched (an Admin connects, an agent imports). Short timeouts so failures are quick.
public sealed class TicketTestHost : IAsyncDisposable
{
    private readonly TestDatabase _db = new();
    private readonly IDataProtectionProvider _protection = new EphemeralDataProtectionProvider();
    private ServiceProvider _services = default!;

    public FakeZendesk Zendesk { get; private set; } = default!;
    public FakeZammad Zammad { get; private set; } = default!;
    public ICurrentUser Agent { get; } = new FixedUser("Ana Agent");
    public ICurrentUser Admin { get; } = FixedUser.Admin();
    public ICurrentUser As { get; set; }

    public TicketTestHost() => As = Agent;

    public TestDatabase Db => _db;

    // The database refuses the save that writes an import's ticket rows, as a full disk or a lost connection would.
    public bool FailSavingTicketRows { get; set; }

    private sealed class FailingSaves(TestDatabase db, Func<bool> failing) : IDbContextFactory<EscalationDeskDbContext>
    {
        private readonly DbContextOptions<EscalationDeskDbContext> _options = Options(db, failing);

        private static DbContextOptions<EscalationDeskDbContext> Options(TestDatabase db, Func<bool> failing)
        {
            var builder = new DbContextOptionsBuilder<EscalationDeskDbContext>();
            db.Database.ConfigureDbContext(builder);
            builder.AddInterceptors(new RefuseTicketRows(failing));
            return builder.Options;
        }

        public EscalationDeskDbContext CreateDbContext() => new(_options, null, db.Calendar);
    }

    private sealed class RefuseTicketRows(Func<bool> failing) : Microsoft.EntityFrameworkCore.Diagnostics.SaveChangesInterceptor
    {
        public override ValueTask<Microsoft.EntityFrameworkCore.Diagnostics.InterceptionResult<int>> SavingChangesAsync(
            Microsoft.EntityFrameworkCore.Diagnostics.DbContextEventData eventData, Microsoft.EntityFrameworkCore.Diagnostics.InterceptionResult<int> result,
            CancellationToken cancellationToken = default)
        {
            if (failing() && eventData.Context!.ChangeTracker.Entries<EscalationDesk.Features.Tickets.TicketLink>().Any())
                throw new DbUpdateException("The database refused the save (test).");
            return ValueTask.FromResult(result);
        }
    }

    public static async Task<TicketTestHost> StartAsync(Dictionary<string, string?>? settings = null)
    {
        var host = new TicketTestHost { Zendesk = await FakeZendesk.StartNewAsync(), Zammad = await FakeZammad.StartNewAsync() };
        host.Configure(settings);
        return host;
    }

    public void Configure(Dictionary<string, string?>? settings = null)
    {
        var values = new Dictionary<string, string?>
        {
            ["Connectors:AttemptTimeoutSeconds"] = "0.5", ["Connectors:TotalTimeoutSeconds"] = "2", ["Connectors:Retries"] = "2",
            ["Connectors:MaxRetryAfterSeconds"] = "2", [ConnectorAddressRule.AllowSetting] = "true",
        };
        foreach (var (key, value) in settings ?? []) values[key] = value;
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        _services?.Dispose();
        _services = new ServiceCollection()
            .AddLogging()
            .AddSingleton<IConfiguration>(configuration)
            .AddEscalationDeskFeatures(configuration)
            .AddSingleton<IDbContextFactory<EscalationDeskDbContext>>(new FailingSaves(_db, () => FailSavingTicketRows))
            .AddSingleton(_db.Search)
            .AddSingleton(TimeProvider.System)
            .AddSingleton(_protection)
            .AddScoped<ICurrentUser>(_ => As)
            .BuildServiceProvider();
    }

    public T Get<T>(ICurrentUser? user = null) where T : notnull
    {
        As = user ?? As;
        return _services.CreateScope().ServiceProvider.GetRequiredService<T>();
    }

    public async Task ConnectZendeskAsync(string token = FakeZendesk.Token)
    {
        var error = await Get<TicketConnections>(Admin).SaveAsync(TicketSystem.Zendesk,
            new ConnectionInput { BaseUrl = Zendesk.BaseUrl, Email = FakeZendesk.Email, Secret = token });
        As = Agent;
        Assert.Null(error);
    }

    public async Task ConnectZammadAsync(string token = FakeZammad.Token)
    {
        Assert.Null(await Get<TicketConnections>(Admin).SaveAsync(TicketSystem.Zammad, new ConnectionInput { BaseUrl = Zammad.BaseUrl, Secret = token }));
        As = Agent;
    }

    public Task<ImportResult> ImportAsync(string input) => Get<TicketImport>(Agent).NewFromTicketAsync(input);

    public async Task<DraftContent> ContentAsync(int id) => (await Get<WizardService>(Agent).LoadAsync(id))!.Content;

    public async Task<(int Escalations, int Accounts, int Links, int Comments)> CountsAsync()
    {
        await using var db = _db.CreateDbContext();
        return (await db.Escalations.CountAsync(), await db.Accounts.CountAsync(), await db.TicketLinks.CountAsync(), await db.TicketComments.CountAsync());
    }

    // Nothing listens on its port any more: the connection is refused.
    public async Task DisposeFakeZendeskAsync()
    {
        await Zendesk.DisposeAsync();
        _zendeskGone = true;
    }

    private bool _zendeskGone;

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        if (!_zendeskGone) await Zendesk.DisposeAsync();
        await Zammad.DisposeAsync();
        _db.Dispose();
    }
}

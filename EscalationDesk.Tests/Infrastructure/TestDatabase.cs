using EscalationDesk.Data;
using EscalationDesk.Data.Postgres;
using EscalationDesk.Data.Sqlite;
using EscalationDesk.Features.Users;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;

namespace EscalationDesk.Tests.Infrastructure;

// A real SQLite database in memory, kept alive by one open connection and built by the app's migrations, configured
// through the app's provider class (SqliteDatabase) as the app is.
// OnDisk() gives a real file instead, where a test needs several connections at once (races, restarts).
// On the PostgreSQL run (PostgresTestServer.Enabled) both are a fresh PostgreSQL database, dropped on Dispose.
public sealed class TestDatabase : IDbContextFactory<EscalationDeskDbContext>, IDisposable
{
    private readonly SqliteConnection? _connection;
    private readonly string? _path;
    private readonly string? _postgres;
    private readonly DbContextOptions<EscalationDeskDbContext> _options;

    public TestDatabase() : this(onDisk: false) { }

    private TestDatabase(bool onDisk, bool sqlite = false)
    {
        if (PostgresTestServer.Enabled && !sqlite)
        {
            _postgres = PostgresTestServer.CreateDatabase();
            Database = new PostgresDatabase(_postgres);
        }
        else if (onDisk)
        {
            _path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"escalationdesk-unit-{Guid.NewGuid():N}.db");
            Database = new SqliteDatabase($"Data Source={_path};Default Timeout=30");
        }
        else
        {
            _connection = new SqliteConnection("Data Source=:memory:");
            _connection.Open();
            Database = new SqliteDatabase(_connection);
        }
        var builder = new DbContextOptionsBuilder<EscalationDeskDbContext>();
        Database.ConfigureDbContext(builder);
        _options = builder.Options;
        if (_postgres is not null) return;   // copied from the migrated template
        using var db = CreateDbContext();
        Database.BeforeMigrate(db);
        db.Database.Migrate();
        Database.AfterMigrate(db);
    }

    public static bool OnPostgres => PostgresTestServer.Enabled;

    public IDatabaseProvider Database { get; }

    // The full-text search the app would use on this database.
    public IEscalationSearch Search => Database.Search;

    public static TestDatabase OnDisk() => new(onDisk: true);

    // A SQLite file on either run, for what starts from one (migrate --from-sqlite); Path is where it is.
    public static TestDatabase SqliteFile() => new(onDisk: true, sqlite: true);

    public string? Path => _path;

    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 11, 24, 9, 0, 0, TimeSpan.Zero));

    // The organisation's calendar the save hook derives timers with (default: UTC, Monday to Friday), as the app's singleton.
    public EscalationDesk.Features.Settings.OrganisationCalendar Calendar { get; } = new();

    // The outbox the save hook writes webhook events to, as the app's singleton; null (no webhooks) unless a test sets it.
    public EscalationDesk.Features.Webhooks.WebhookOutbox? Webhooks { get; set; }

    public EscalationDeskDbContext CreateDbContext() => new(_options, null, Calendar, Webhooks);

    public void Dispose()
    {
        if (_postgres is not null) PostgresTestServer.DropDatabase(_postgres);
        _connection?.Dispose();
        if (_path is null) return;
        SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm" }) File.Delete(_path + suffix);
    }
}

// A signed-in user for service and component tests; the id is derived from the name unless given.
public sealed class FixedUser(string name, string role = Roles.Agent, string? id = null) : ICurrentUser
{
    public string Id { get; } = id ?? "user-" + name.ToLowerInvariant().Replace(' ', '-');
    public string Name { get; } = name;
    public string Role { get; } = role;
    public bool IsInRole(string r) => r == Role;

    public static FixedUser Lead(string name = "Lee Lead") => new(name, Roles.Lead);
    public static FixedUser Admin(string name = "Ada Admin") => new(name, Roles.Admin);
}

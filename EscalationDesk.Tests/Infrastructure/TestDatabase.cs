using EscalationDesk.Data;
using EscalationDesk.Features.Users;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;

namespace EscalationDesk.Tests.Infrastructure;

// A real SQLite database in memory, kept alive by one open connection and built by the app's migrations.
// OnDisk() gives a real file instead, where a test needs several connections at once (races, restarts).
public sealed class TestDatabase : IDbContextFactory<EscalationDeskDbContext>, IDisposable
{
    private readonly SqliteConnection? _connection;
    private readonly string? _path;
    private readonly DbContextOptions<EscalationDeskDbContext> _options;

    public TestDatabase() : this(onDisk: false) { }

    private TestDatabase(bool onDisk)
    {
        var builder = new DbContextOptionsBuilder<EscalationDeskDbContext>();
        if (onDisk)
        {
            _path = Path.Combine(Path.GetTempPath(), $"escalationdesk-unit-{Guid.NewGuid():N}.db");
            builder.UseSqlite($"Data Source={_path};Default Timeout=30");
        }
        else
        {
            _connection = new SqliteConnection("Data Source=:memory:");
            _connection.Open();
            builder.UseSqlite(_connection);
        }
        _options = builder.Options;
        using var db = CreateDbContext();
        db.Database.Migrate();
        if (onDisk) db.Database.ExecuteSqlRaw("PRAGMA journal_mode=WAL;");
    }

    public static TestDatabase OnDisk() => new(onDisk: true);

    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 11, 24, 9, 0, 0, TimeSpan.Zero));

    public EscalationDeskDbContext CreateDbContext() => new(_options);

    public void Dispose()
    {
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

using EscalationDesk.Data;
using EscalationDesk.Features.Users;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;

namespace EscalationDesk.Tests.Infrastructure;

// A real SQLite database in memory, kept alive by one open connection and built by the app's migrations.
public sealed class TestDatabase : IDbContextFactory<EscalationDeskDbContext>, IDisposable
{
    private readonly SqliteConnection _connection = new("Data Source=:memory:");
    private readonly DbContextOptions<EscalationDeskDbContext> _options;

    public TestDatabase()
    {
        _connection.Open();
        _options = new DbContextOptionsBuilder<EscalationDeskDbContext>().UseSqlite(_connection).Options;
        using var db = CreateDbContext();
        db.Database.Migrate();
    }

    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 11, 24, 9, 0, 0, TimeSpan.Zero));

    public EscalationDeskDbContext CreateDbContext() => new(_options);

    public void Dispose() => _connection.Dispose();
}

public sealed class FixedUser(string name) : ICurrentUser
{
    public string Name { get; } = name;
}

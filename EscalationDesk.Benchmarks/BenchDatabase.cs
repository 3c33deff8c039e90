using EscalationDesk.Data;
using EscalationDesk.Data.Postgres;
using EscalationDesk.Data.Sqlite;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace EscalationDesk.Benchmarks;

// The engine a benchmark runs on: `--provider Sqlite|Postgres` and `--connection` (an Npgsql connection string), or the app's
// own settings (Database__Provider, ConnectionStrings__EscalationDesk) when those options are not given.
public sealed record BenchEngine(string Provider, string? Connection)
{
    public bool IsPostgres => Provider.Equals("Postgres", StringComparison.OrdinalIgnoreCase) || Provider.Equals("PostgreSQL", StringComparison.OrdinalIgnoreCase);

    public string Name => IsPostgres ? "PostgreSQL" : "SQLite";

    public static BenchEngine FromArgs(string? provider, string? connection) => new(
        provider ?? Environment.GetEnvironmentVariable("Database__Provider") ?? "Sqlite",
        connection ?? Environment.GetEnvironmentVariable("ConnectionStrings__EscalationDesk"));

    // A named database: a SQLite file (--database PATH) or the PostgreSQL database the connection string names.
    public IDatabaseProvider Open(string sqlitePath) => IsPostgres
        ? new PostgresDatabase(Connection ?? throw new ArgumentException("--connection \"Host=...;Database=...;Username=...;Password=...\" is required with --provider Postgres"))
        : new SqliteDatabase($"Data Source={sqlitePath}");
}

// A database made for one run and removed after it: a temporary SQLite file, or on PostgreSQL a new database made through the
// connection's role (it needs CREATEDB) and dropped at the end (KEEP_BENCH_DB=1 keeps either).
public sealed class TemporaryDatabase : IDbContextFactory<EscalationDeskDbContext>, IAsyncDisposable
{
    private readonly string _name = $"escalationdesk_bench_{Guid.NewGuid():N}";
    private readonly BenchEngine _engine;
    private readonly string? _path;
    private readonly DbContextOptions<EscalationDeskDbContext> _options;

    private TemporaryDatabase(BenchEngine engine)
    {
        _engine = engine;
        if (engine.IsPostgres)
        {
            var builder = new NpgsqlConnectionStringBuilder(engine.Connection) { Database = _name };
            Database = new PostgresDatabase(builder.ConnectionString);
        }
        else
        {
            _path = Path.Combine(Path.GetTempPath(), _name + ".db");
            Database = new SqliteDatabase($"Data Source={_path}");
        }
        var options = new DbContextOptionsBuilder<EscalationDeskDbContext>();
        Database.ConfigureDbContext(options);
        _options = options.Options;
    }

    public IDatabaseProvider Database { get; }

    public EscalationDeskDbContext CreateDbContext() => new(_options);

    // Made and migrated as the app does at start-up.
    public static async Task<TemporaryDatabase> CreateAsync(BenchEngine engine)
    {
        var database = new TemporaryDatabase(engine);
        if (engine.IsPostgres) await database.ServerCommandAsync($"CREATE DATABASE \"{database._name}\"");
        await using var db = database.CreateDbContext();
        database.Database.BeforeMigrate(db);
        await db.Database.MigrateAsync();
        database.Database.AfterMigrate(db);
        return database;
    }

    private async Task ServerCommandAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(_engine.Connection);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    public async ValueTask DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        NpgsqlConnection.ClearAllPools();
        if (Environment.GetEnvironmentVariable("KEEP_BENCH_DB") is { Length: > 0 }) Console.WriteLine($"Kept {Database.Location}");
        else if (_engine.IsPostgres) await ServerCommandAsync($"DROP DATABASE IF EXISTS \"{_name}\" WITH (FORCE)");
        else foreach (var suffix in new[] { "", "-wal", "-shm" }) File.Delete(_path + suffix);
    }
}

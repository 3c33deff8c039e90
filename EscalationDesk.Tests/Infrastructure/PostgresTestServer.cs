using EscalationDesk.Data;
using EscalationDesk.Data.Postgres;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace EscalationDesk.Tests.Infrastructure;

// ESCALATIONDESK_TEST_PROVIDER=Postgres runs the tests on PostgreSQL (scripts/test.sh does, after the SQLite run), with
// ESCALATIONDESK_TEST_POSTGRES an Npgsql connection string of a role that may create databases. Each test database is a
// fresh copy of one template migrated once per test run (CREATE DATABASE ... TEMPLATE copies files, far faster than
// migrating), dropped when the test is done.
public static class PostgresTestServer
{
    public const string ProviderVariable = "ESCALATIONDESK_TEST_PROVIDER";
    public const string ConnectionVariable = "ESCALATIONDESK_TEST_POSTGRES";

    public static bool Enabled { get; } =
        string.Equals(Environment.GetEnvironmentVariable(ProviderVariable), "Postgres", StringComparison.OrdinalIgnoreCase);

    private static string Admin => Environment.GetEnvironmentVariable(ConnectionVariable)
        ?? throw new InvalidOperationException($"{ProviderVariable}=Postgres needs {ConnectionVariable}, an Npgsql connection string of a role that may create databases.");

    private static readonly Lazy<string> Template = new(CreateTemplate, LazyThreadSafetyMode.ExecutionAndPublication);

    // A new, migrated, empty database; returns its connection string.
    public static string CreateDatabase()
    {
        var name = $"escalationdesk_test_{Guid.NewGuid():N}";
        Execute($"CREATE DATABASE \"{name}\" TEMPLATE \"{Template.Value}\"");
        return ConnectionString(name);
    }

    public static void DropDatabase(string connectionString)
    {
        using (var connection = new NpgsqlConnection(connectionString)) NpgsqlConnection.ClearPool(connection);
        Execute($"DROP DATABASE IF EXISTS \"{new NpgsqlConnectionStringBuilder(connectionString).Database}\" WITH (FORCE)");
    }

    public static string ConnectionString(string database) =>
        new NpgsqlConnectionStringBuilder(Admin) { Database = database }.ConnectionString;

    private static string CreateTemplate()
    {
        var name = $"escalationdesk_template_{Environment.ProcessId}";
        Execute($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)");
        Execute($"CREATE DATABASE \"{name}\"");
        var connectionString = ConnectionString(name);
        var database = new PostgresDatabase(connectionString);
        var options = new DbContextOptionsBuilder<EscalationDeskDbContext>();
        database.ConfigureDbContext(options);
        using (var db = new EscalationDeskDbContext(options.Options))
        {
            database.BeforeMigrate(db);
            db.Database.Migrate();
            database.AfterMigrate(db);
        }
        // A template may have no open connection while it is copied.
        using (var connection = new NpgsqlConnection(connectionString)) NpgsqlConnection.ClearPool(connection);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Execute($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)");
        return name;
    }

    private static void Execute(string sql)
    {
        using var connection = new NpgsqlConnection(Admin);
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection);
        command.ExecuteNonQuery();
    }
}

// A test that needs a PostgreSQL server (ESCALATIONDESK_TEST_POSTGRES) on either run: skipped, with the reason, without one.
public sealed class PostgresFactAttribute : FactAttribute
{
    public PostgresFactAttribute()
    {
        if (Environment.GetEnvironmentVariable(PostgresTestServer.ConnectionVariable) is null)
            Skip = $"needs PostgreSQL: set {PostgresTestServer.ConnectionVariable} (scripts/test.sh does)";
    }
}

// A test that only SQLite has (its file format, PRAGMAs, FTS5 internals): skipped, with the reason, on the PostgreSQL run.
public sealed class SqliteFactAttribute : FactAttribute
{
    public SqliteFactAttribute(string reason)
    {
        if (PostgresTestServer.Enabled) Skip = $"SQLite only: {reason}";
    }
}

// A test of what only the PostgreSQL engine keeps itself (SQLite's FTS5 keeps the same by its own design): run on the
// PostgreSQL run, skipped, with the reason, on the SQLite run.
public sealed class PostgresRunFactAttribute : FactAttribute
{
    public PostgresRunFactAttribute(string reason)
    {
        if (!PostgresTestServer.Enabled) Skip = $"PostgreSQL only: {reason}";
    }
}

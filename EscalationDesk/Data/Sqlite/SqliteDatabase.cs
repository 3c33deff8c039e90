using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace EscalationDesk.Data.Sqlite;

// One SQLite file (or an in-memory database held open by the caller's connection, for tests).
public sealed class SqliteDatabase : IDatabaseProvider
{
    private readonly string? _connectionString;
    private readonly SqliteConnection? _connection;

    public SqliteDatabase(string connectionString)
    {
        _connectionString = connectionString;
        Location = new SqliteConnectionStringBuilder(connectionString).DataSource;
    }

    public SqliteDatabase(SqliteConnection connection)
    {
        _connection = connection;
        Location = connection.DataSource;
    }

    // ConnectionStrings:EscalationDesk; a relative Data Source is taken from the content root, not from wherever the app was started.
    public static SqliteDatabase FromConfiguration(IConfiguration configuration, string contentRoot)
    {
        var builder = new SqliteConnectionStringBuilder(
            configuration.GetConnectionString("EscalationDesk") ?? "Data Source=App_Data/escalationdesk.db");
        if (builder.Mode != SqliteOpenMode.Memory && !builder.DataSource.StartsWith(':') && !Path.IsPathRooted(builder.DataSource))
            builder.DataSource = Path.GetFullPath(Path.Combine(contentRoot, builder.DataSource));
        return new SqliteDatabase(builder.ToString());
    }

    public string Location { get; }

    public IEscalationSearch Search { get; } = new SqliteFullTextSearch();

    public IndexFilters IndexFilters { get; } = new SqliteIndexFilters();

    // The first engine's migrations stay where EF put them.
    public string MigrationsNamespace => "EscalationDesk.Data.Migrations";

    public void ConfigureDbContext(DbContextOptionsBuilder options)
    {
        if (_connection is not null) options.UseSqlite(_connection);
        else options.UseSqlite(_connectionString);
        options.UseDatabaseProvider(this);
    }

    public bool IndexesEndInRowId => true;

    public void FinishModel(ModelBuilder model) { }

    // SQLite makes the file, not its folder.
    public void BeforeMigrate(EscalationDeskDbContext db)
    {
        if (_connection is null && !Location.StartsWith(':') && Path.GetDirectoryName(Location) is { Length: > 0 } folder)
            Directory.CreateDirectory(folder);
    }

    // WAL (readers never wait for the writer) survives in the file; it is not accepted in the connection string.
    public void AfterMigrate(EscalationDeskDbContext db) => db.Database.ExecuteSqlRaw("PRAGMA journal_mode=WAL;");

    // Why the indexes are dropped and rebuilt: docs/PERFORMANCE.md, "Why the indexes look as they do". SQLite's DDL is
    // transactional, so an interrupted load leaves the database as it was, indexes included.
    public async Task<BulkLoad> BeginBulkLoadAsync(EscalationDeskDbContext db, bool dropIndexes, CancellationToken ct)
    {
        // Bulk data can be loaded again, so this connection skips fsync and uses a larger page cache.
        await db.Database.OpenConnectionAsync(ct);
        await db.Database.ExecuteSqlRawAsync("PRAGMA synchronous = OFF; PRAGMA cache_size = -200000;", ct);
        var transaction = await db.Database.BeginTransactionAsync(ct);
        try
        {
            return new SqliteBulkLoad(db, transaction, dropIndexes ? await DropIndexesAsync(db, ct) : []);
        }
        catch
        {
            await transaction.DisposeAsync();
            throw;
        }
    }

    // The Escalations table's own secondary indexes (not the unique ones, which guard the rows), dropped; returns the SQL
    // that made each, to build them again.
    private static async Task<List<string>> DropIndexesAsync(EscalationDeskDbContext db, CancellationToken ct)
    {
        var indexes = new List<(string Name, string Sql)>();
        await using (var command = db.Database.GetDbConnection().CreateCommand())
        {
            command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
            command.CommandText = "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'Escalations' AND sql IS NOT NULL " +
                "AND sql NOT LIKE 'CREATE UNIQUE%'";
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct)) indexes.Add((reader.GetString(0), reader.GetString(1)));
        }
        foreach (var (name, _) in indexes)
        {
            var drop = "DROP INDEX \"" + name.Replace("\"", "\"\"") + "\"";   // a name read from sqlite_master, quoted
            await db.Database.ExecuteSqlRawAsync(drop, ct);
        }
        return indexes.Select(i => i.Sql).ToList();
    }

    private sealed class SqliteBulkLoad(EscalationDeskDbContext db, IDbContextTransaction transaction, List<string> rebuild) : BulkLoad
    {
        public override async Task AddAsync(IReadOnlyList<Escalation> escalations, CancellationToken ct)
        {
            db.Escalations.AddRange(escalations);
            await db.SaveChangesAsync(ct);
        }

        public override async Task CommitAsync(CancellationToken ct)
        {
            foreach (var sql in rebuild) await db.Database.ExecuteSqlRawAsync(sql, ct);
            await transaction.CommitAsync(ct);
        }

        public override ValueTask DisposeAsync() => transaction.DisposeAsync();
    }

    // Written exactly as the migrations made them (a changed filter is a changed index); SQLite uses a partial index only
    // for a query whose WHERE holds the filter's own term, e.g. "StatusOrder" IN (1, 2) as EF writes Contains.
    private sealed class SqliteIndexFilters : IndexFilters
    {
        public override string IsSet(string flagColumn) => $"\"{flagColumn}\"";

        public override string IsPositive(string column) => $"{column} > 0";

        public override string IsIn(string column, IEnumerable<int> values) => $"\"{column}\" IN ({string.Join(", ", values)})";
    }
}

using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Query;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using NpgsqlTypes;

namespace EscalationDesk.Data.Postgres;

// One PostgreSQL database, named by an Npgsql connection string (ConnectionStrings:EscalationDesk).
public sealed class PostgresDatabase : IDatabaseProvider
{
    private readonly string _connectionString;

    public PostgresDatabase(string connectionString)
    {
        NpgsqlConnectionStringBuilder builder;
        try
        {
            builder = new NpgsqlConnectionStringBuilder(connectionString);
        }
        catch (ArgumentException ex)
        {
            throw new DatabaseSettingException($"{DatabaseProviders.ConnectionStringSetting} is not an Npgsql connection string ({ex.Message}).", ex);
        }
        _connectionString = builder.ConnectionString;
        Location = $"PostgreSQL database {builder.Database ?? builder.Username} on {builder.Host}:{builder.Port}";
    }

    public static PostgresDatabase FromConfiguration(IConfiguration configuration) =>
        configuration.GetConnectionString("EscalationDesk") is { Length: > 0 } connectionString
            ? new PostgresDatabase(connectionString)
            : throw new DatabaseSettingException($"{DatabaseProviders.ConnectionStringSetting} is not set; with {DatabaseProviders.Setting} Postgres it is an " +
                "Npgsql connection string, e.g. \"Host=127.0.0.1;Database=desk;Username=desk;Password=...\".");

    public string Location { get; }

    public IEscalationSearch Search { get; } = new PostgresFullTextSearch();

    public IndexFilters IndexFilters { get; } = new PostgresIndexFilters();

    public string MigrationsNamespace => "EscalationDesk.Data.Postgres.Migrations";

    // A B-tree entry holds only its columns: the queue's orders end in "Id", so their indexes name it (EscalationDeskDbContext).
    public bool IndexesEndInRowId => false;

    public void ConfigureDbContext(DbContextOptionsBuilder options)
    {
        options.UseNpgsql(_connectionString);
        // An empty value sorts first, as on SQLite (NULLS FIRST ascending, NULLS LAST descending); FinishModel's indexes agree.
        options.ReplaceService<IQuerySqlGeneratorFactory, NullsFirstOrdering>();
        ((IDbContextOptionsBuilderInfrastructure)options).AddOrUpdateExtension(new CaseInsensitiveLikeExtension());
        options.UseDatabaseProvider(this);
    }

    // Each index keeps a nullable column's empty values first, the order ReverseNullOrdering asks for, so a queue sort is still
    // read from its index in either direction (a backward scan gives NULLS LAST descending).
    public void FinishModel(ModelBuilder model)
    {
        foreach (var index in model.Model.GetEntityTypes().SelectMany(e => e.GetDeclaredIndexes()).Where(i => i.Properties.Any(p => p.IsNullable)))
            index.SetNullSortOrder(index.Properties.Select(p => p.IsNullable ? NullSortOrder.NullsFirst : NullSortOrder.NullsLast).ToArray());
    }

    // The database must exist and be reachable (creating it is the administrator's, see the README); a wrong host, port,
    // password or name stops start-up here with one line instead of an exception from deep inside Migrate.
    public void BeforeMigrate(EscalationDeskDbContext db)
    {
        try
        {
            using var connection = new NpgsqlConnection(_connectionString);
            connection.Open();
        }
        catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException or ArgumentException)
        {
            var reason = (ex.InnerException?.Message ?? ex.Message).ReplaceLineEndings(" ");
            throw new DatabaseSettingException(
                $"Cannot open the PostgreSQL database ({Location}) named by {DatabaseProviders.ConnectionStringSetting}: {reason}", ex);
        }
        // Npgsql reads the history table before asking whether it exists: made first, a new database's start logs no failed query.
        db.GetService<IHistoryRepository>().CreateIfNotExists();
    }

    public void AfterMigrate(EscalationDeskDbContext db) { }

    // Escalations arrive by binary COPY; the secondary indexes of Escalations and the search index are dropped and made
    // again once at the end when dropIndexes (as on SQLite: docs/PERFORMANCE.md, "Why the indexes look as they do"). PostgreSQL's
    // DDL is transactional too, so an interrupted load leaves the database as it was.
    public async Task<BulkLoad> BeginBulkLoadAsync(EscalationDeskDbContext db, bool dropIndexes, CancellationToken ct)
    {
        await db.Database.OpenConnectionAsync(ct);
        var transaction = await db.Database.BeginTransactionAsync(ct);
        try
        {
            // Bulk data can be loaded again: no wait for the WAL flush, and room to build the indexes in memory.
            await db.Database.ExecuteSqlRawAsync("SET LOCAL synchronous_commit = off; SET LOCAL maintenance_work_mem = '256MB';", ct);
            return new PostgresBulkLoad(db, transaction, dropIndexes ? await DropIndexesAsync(db, ct) : []);
        }
        catch
        {
            await transaction.DisposeAsync();
            throw;
        }
    }

    private static async Task<List<string>> DropIndexesAsync(EscalationDeskDbContext db, CancellationToken ct)
    {
        var indexes = await db.Database.SqlQuery<IndexDefinition>($"""
            SELECT indexname AS "Name", indexdef AS "Sql" FROM pg_indexes
            WHERE schemaname = current_schema() AND tablename IN ('Escalations', 'EscalationSearch') AND indexdef NOT LIKE 'CREATE UNIQUE%'
            """).ToListAsync(ct);
        foreach (var index in indexes)
        {
            var drop = "DROP INDEX \"" + index.Name.Replace("\"", "\"\"") + "\"";   // a name read from pg_indexes, quoted
            await db.Database.ExecuteSqlRawAsync(drop, ct);
        }
        return indexes.Select(i => i.Sql).ToList();
    }

    private sealed record IndexDefinition(string Name, string Sql);

    private sealed class PostgresBulkLoad(EscalationDeskDbContext db, IDbContextTransaction transaction, List<string> rebuild) : BulkLoad
    {
        // Ids from the table's own sequence, the columns as EF would write them (the save hook derives them first); the
        // link rows the save hook adds are few, and EF inserts them.
        public override async Task AddAsync(IReadOnlyList<Escalation> escalations, CancellationToken ct)
        {
            var ids = await db.Database.SqlQuery<int>(
                $"""SELECT nextval(pg_get_serial_sequence('"Escalations"', 'Id'))::int AS "Value" FROM generate_series(1, {escalations.Count})""").ToListAsync(ct);
            for (var i = 0; i < escalations.Count; i++) escalations[i].Id = ids[i];
            db.Escalations.AddRange(escalations);
            await db.PrepareSaveAsync(ct);

            var entity = db.Model.FindEntityType(typeof(Escalation))!;
            var table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
            var columns = entity.GetProperties().Select(p => (Property: p, Name: p.GetColumnName(table)!, Mapping: p.GetRelationalTypeMapping())).ToList();
            var connection = (NpgsqlConnection)db.Database.GetDbConnection();
            var copy = $"COPY \"{table.Name}\" ({string.Join(", ", columns.Select(c => $"\"{c.Name}\""))}) FROM STDIN (FORMAT BINARY)";
            await using (var importer = await connection.BeginBinaryImportAsync(copy, ct))
            {
                foreach (var escalation in escalations)
                {
                    await importer.StartRowAsync(ct);
                    foreach (var (property, _, mapping) in columns)
                    {
                        var value = property.GetGetter().GetClrValue(escalation);
                        if (mapping.Converter is { } converter && value is not null) value = converter.ConvertToProvider(value);
                        await WriteAsync(importer, value, ct);
                    }
                }
                await importer.CompleteAsync(ct);
            }
            foreach (var escalation in escalations) db.Entry(escalation).State = EntityState.Unchanged;
            await db.SaveChangesAsync(ct);
        }

        public override async Task CommitAsync(CancellationToken ct)
        {
            // Building an index of a million rows (the GIN index above all) takes longer than the 30 s command timeout.
            db.Database.SetCommandTimeout(TimeSpan.Zero);
            foreach (var sql in rebuild) await db.Database.ExecuteSqlRawAsync(sql, ct);
            await transaction.CommitAsync(ct);
            // The planner's statistics for the new rows now, not at autovacuum's next pass.
            await db.Database.ExecuteSqlRawAsync("ANALYZE \"Escalations\"; ANALYZE \"EscalationSearch\";", ct);
        }

        public override ValueTask DisposeAsync() => transaction.DisposeAsync();
    }

    // One column value as EF writes it (after its converter), in binary COPY.
    internal static Task WriteAsync(NpgsqlBinaryImporter importer, object? value, CancellationToken ct) => value switch
    {
        null => importer.WriteNullAsync(ct),
        string s => importer.WriteAsync(s, NpgsqlDbType.Text, ct),
        int i => importer.WriteAsync(i, NpgsqlDbType.Integer, ct),
        long l => importer.WriteAsync(l, NpgsqlDbType.Bigint, ct),
        bool b => importer.WriteAsync(b, NpgsqlDbType.Boolean, ct),
        DateTime t => importer.WriteAsync(t, NpgsqlDbType.TimestampTz, ct),
        decimal d => importer.WriteAsync(d, NpgsqlDbType.Numeric, ct),
        double d => importer.WriteAsync(d, NpgsqlDbType.Double, ct),
        DateTimeOffset o => importer.WriteAsync(o.ToUniversalTime(), NpgsqlDbType.TimestampTz, ct),
        byte[] bytes => importer.WriteAsync(bytes, NpgsqlDbType.Bytea, ct),
        short i => importer.WriteAsync(i, NpgsqlDbType.Smallint, ct),
        Guid g => importer.WriteAsync(g, NpgsqlDbType.Uuid, ct),
        _ => throw new NotSupportedException($"A column value of type {value.GetType().Name} has no COPY mapping here."),
    };

    // Written exactly as the migrations made them. PostgreSQL uses a partial index for a query whose WHERE implies the
    // filter, e.g. "StatusOrder" = ANY (...) of a subset of the filter's values.
    private sealed class PostgresIndexFilters : IndexFilters
    {
        public override string IsSet(string flagColumn) => $"\"{flagColumn}\"";

        public override string IsPositive(string column) => $"\"{column}\" > 0";

        public override string IsIn(string column, IEnumerable<int> values) => $"\"{column}\" IN ({string.Join(", ", values)})";
    }
}

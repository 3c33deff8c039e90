using System.Reflection;
using EscalationDesk.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Npgsql;
using NpgsqlTypes;

namespace EscalationDesk.Data.Postgres;

// dotnet run --project EscalationDesk -- migrate --from-sqlite PATH
// Copies every table of an up-to-date SQLite database (drafts, escalations, timeline, links, users and roles, settings,
// notifications, ...) into the configured PostgreSQL database, which must be empty, in one transaction: the rows go in by
// binary COPY exactly as stored (ids kept, nothing derived again), the search index is built from them, and each table's
// row count is checked against the source before the copy is committed.
public sealed record MigrateCommand(string? SqlitePath)
{
    public const string Usage = "Usage: migrate --from-sqlite PATH   (into the PostgreSQL database of ConnectionStrings:EscalationDesk)";

    public static MigrateCommand? Parse(string[] args)
    {
        if (args.Length == 0 || args[0] != "migrate") return null;
        var i = Array.IndexOf(args, "--from-sqlite");
        return new MigrateCommand(i >= 0 && i + 1 < args.Length ? args[i + 1] : null);
    }

    public static async Task<int> RunAsync(WebApplication app, MigrateCommand command, TextWriter output, CancellationToken ct = default)
    {
        if (command.SqlitePath is not { } path)
        {
            await output.WriteLineAsync(Usage);
            return 2;
        }
        if (app.Services.GetRequiredService<IDatabaseProvider>() is not PostgresDatabase target)
            throw new DatabaseSettingException($"migrate --from-sqlite copies into PostgreSQL: set {DatabaseProviders.Setting}=Postgres and " +
                $"{DatabaseProviders.ConnectionStringSetting} to the empty PostgreSQL database.");
        if (!File.Exists(path))
        {
            await output.WriteLineAsync($"No SQLite database at {Path.GetFullPath(path)}.");
            return 1;
        }
        app.MigrateDatabase();

        var source = new SqliteDatabase($"Data Source={Path.GetFullPath(path)};Mode=ReadOnly");
        var sourceOptions = new DbContextOptionsBuilder<EscalationDeskDbContext>();
        source.ConfigureDbContext(sourceOptions);
        await using var from = new EscalationDeskDbContext(sourceOptions.Options);
        if ((await from.Database.GetPendingMigrationsAsync(ct)).Any())
        {
            await output.WriteLineAsync($"{path} was made by an older version of the app: start the app on it once (it upgrades the file), then migrate.");
            return 1;
        }

        await using var to = await app.Services.GetRequiredService<IDbContextFactory<EscalationDeskDbContext>>().CreateDbContextAsync(ct);
        var tables = InsertOrder(to.Model);
        foreach (var table in tables)
            if (await CountAsync(to, table, ct) is var rows and > 0)
            {
                await output.WriteLineAsync($"The PostgreSQL database ({target.Location}) is not empty ({TableName(table)} has {rows:N0} rows): " +
                    "migrate copies into an empty database only.");
                return 1;
            }

        await to.Database.OpenConnectionAsync(ct);
        await using var transaction = await to.Database.BeginTransactionAsync(ct);
        var connection = (NpgsqlConnection)to.Database.GetDbConnection();
        foreach (var table in tables)
        {
            var copied = await (Task<long>)typeof(MigrateCommand).GetMethod(nameof(CopyAsync), BindingFlags.NonPublic | BindingFlags.Static)!
                .MakeGenericMethod(table.ClrType).Invoke(null, [from, connection, table, ct])!;
            await ResetIdentityAsync(to, table, ct);
            var expected = await CountAsync(from, table, ct);
            if (copied != expected || await CountAsync(to, table, ct) != expected)
            {
                await output.WriteLineAsync($"{TableName(table)}: {expected:N0} rows in SQLite but {copied:N0} copied; nothing was migrated.");
                return 1;
            }
            await output.WriteLineAsync($"{TableName(table)}: {copied:N0} rows");
        }
        if (await to.Escalations.MaxAsync(e => (int?)e.Id, ct) is { } last)
            await target.Search.IndexRangeAsync(to, 1, last, ct);
        await transaction.CommitAsync(ct);
        await output.WriteLineAsync($"Copied {path} into {target.Location}; every table's row count matches.");
        return 0;
    }

    // Principals before the rows that refer to them, so every foreign key holds as the rows arrive.
    private static List<IEntityType> InsertOrder(IModel model)
    {
        var pending = model.GetEntityTypes().Where(t => t.GetTableName() is not null && !t.IsOwned()).ToList();
        var ordered = new List<IEntityType>();
        while (pending.Count > 0)
        {
            var ready = pending.Where(t => t.GetForeignKeys().All(fk => fk.PrincipalEntityType == t || ordered.Contains(fk.PrincipalEntityType))).ToList();
            if (ready.Count == 0) throw new InvalidOperationException("The model's foreign keys form a cycle.");
            ordered.AddRange(ready);
            pending.RemoveAll(ready.Contains);
        }
        return ordered;
    }

    private static string TableName(IEntityType table) => table.GetTableName()!;

    private static Task<long> CountAsync(EscalationDeskDbContext db, IEntityType table, CancellationToken ct) =>
        db.Database.SqlQueryRaw<long>($"SELECT count(*) AS \"Value\" FROM \"{TableName(table)}\"").SingleAsync(ct);

    // The rows as EF reads them from SQLite, written as EF would write them to PostgreSQL (each property's converter).
    private static async Task<long> CopyAsync<T>(EscalationDeskDbContext from, NpgsqlConnection to, IEntityType table, CancellationToken ct)
        where T : class
    {
        var store = StoreObjectIdentifier.Table(TableName(table), table.GetSchema());
        var columns = table.GetProperties().Select(p => (Property: p, Name: p.GetColumnName(store)!, Mapping: p.GetRelationalTypeMapping())).ToList();
        if (columns.FirstOrDefault(c => c.Property.IsShadowProperty()) is { Property: not null } shadow)
            throw new InvalidOperationException($"{TableName(table)}.{shadow.Name} is a shadow property, which this copy cannot read.");
        var copy = $"COPY \"{TableName(table)}\" ({string.Join(", ", columns.Select(c => $"\"{c.Name}\""))}) FROM STDIN (FORMAT BINARY)";
        await using var importer = await to.BeginBinaryImportAsync(copy, ct);
        await foreach (var row in from.Set<T>().AsNoTracking().AsAsyncEnumerable().WithCancellation(ct))
        {
            await importer.StartRowAsync(ct);
            foreach (var (property, _, mapping) in columns)
            {
                var value = property.GetGetter().GetClrValue(row);
                if (mapping.Converter is { } converter && value is not null) value = converter.ConvertToProvider(value);
                await PostgresDatabase.WriteAsync(importer, value, ct);
            }
        }
        return (long)await importer.CompleteAsync(ct);
    }

    // Rows keep their ids; the next id PostgreSQL gives follows the largest copied.
    private static async Task ResetIdentityAsync(EscalationDeskDbContext to, IEntityType table, CancellationToken ct)
    {
        foreach (var key in table.FindPrimaryKey()!.Properties.Where(p => p.ValueGenerated == ValueGenerated.OnAdd && p.ClrType != typeof(string)))
        {
            var (name, column) = (TableName(table), key.GetColumnName(StoreObjectIdentifier.Table(TableName(table), table.GetSchema())));
#pragma warning disable EF1002 // names from the model, quoted
            await to.Database.ExecuteSqlRawAsync(
                $"SELECT setval(pg_get_serial_sequence('\"{name}\"', '{column}'), coalesce(max(\"{column}\"), 0) + 1, false) FROM \"{name}\"", ct);
#pragma warning restore EF1002
        }
    }
}

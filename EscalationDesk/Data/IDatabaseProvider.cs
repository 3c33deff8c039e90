using EscalationDesk.Data.Postgres;
using EscalationDesk.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace EscalationDesk.Data;

// The database engine behind EscalationDeskDbContext. Everything written for one engine (its connection string, settings,
// full-text search, partial-index filters, bulk loading) is in its class; DatabaseProviders.FromConfiguration picks one.
public interface IDatabaseProvider
{
    // Where the database is, for the start-up log (no secrets).
    string Location { get; }

    IEscalationSearch Search { get; }

    IndexFilters IndexFilters { get; }

    // Whether every index ends in the row's id by itself (SQLite's rowid), so an order ending in Id is read from an index
    // without naming it; otherwise the queue's order indexes name "Id" last.
    bool IndexesEndInRowId { get; }

    // The namespace of this engine's migrations set (EngineMigrations applies only those).
    string MigrationsNamespace { get; }

    void ConfigureDbContext(DbContextOptionsBuilder options);

    // What the engine adds to the model once EscalationDeskDbContext has built it (e.g. its indexes' null order).
    void FinishModel(ModelBuilder model);

    // Around EF's Migrate: what the engine needs before the database can be created (an unreachable database stops here, with
    // a DatabaseSettingException), and its settings that live in the database.
    void BeforeMigrate(EscalationDeskDbContext db);

    void AfterMigrate(EscalationDeskDbContext db);

    // One transaction for loading many rows (demo data); with dropIndexes the Escalations table's secondary indexes are
    // rebuilt once, when the load is committed, instead of row by row.
    Task<BulkLoad> BeginBulkLoadAsync(EscalationDeskDbContext db, bool dropIndexes, CancellationToken ct);
}

// The SQL of the partial indexes' filters in the engine's dialect; the columns are EF's (property) names.
public abstract class IndexFilters
{
    public abstract string IsSet(string flagColumn);

    public abstract string IsPositive(string column);

    public abstract string IsIn(string column, IEnumerable<int> values);

    // The same SQL on both engines.
    public virtual string IsNull(string column) => $"\"{column}\" IS NULL";
}

// A bulk load's transaction: CommitAsync finishes it (indexes included); disposing it uncommitted undoes all of it.
public abstract class BulkLoad : IAsyncDisposable
{
    // Inserts new escalations (derived columns and link rows as any save makes them) and gives each its Id.
    public abstract Task AddAsync(IReadOnlyList<Escalation> escalations, CancellationToken ct);

    public abstract Task CommitAsync(CancellationToken ct);

    public abstract ValueTask DisposeAsync();
}

public static class DatabaseProviders
{
    public const string Setting = "Database:Provider";

    public const string ConnectionStringSetting = "ConnectionStrings:EscalationDesk";

    // The one place an engine is chosen. Sqlite is the default.
    public static IDatabaseProvider FromConfiguration(IConfiguration configuration, string contentRoot) =>
        (configuration[Setting] is { Length: > 0 } name ? name : "Sqlite") switch
        {
            var n when n.Equals("Sqlite", StringComparison.OrdinalIgnoreCase) => SqliteDatabase.FromConfiguration(configuration, contentRoot),
            var n when n.Equals("Postgres", StringComparison.OrdinalIgnoreCase) || n.Equals("PostgreSQL", StringComparison.OrdinalIgnoreCase) =>
                PostgresDatabase.FromConfiguration(configuration),
            var n => throw new DatabaseSettingException($"{Setting} is \"{n}\", which is not a database this app supports; use Sqlite or Postgres."),
        };

    // The provider a context was configured with (through IDatabaseProvider.ConfigureDbContext).
    public static IDatabaseProvider DatabaseProvider(this EscalationDeskDbContext db) =>
        db.GetService<IDbContextOptions>().FindExtension<DatabaseProviderExtension>()?.Provider
        ?? throw new InvalidOperationException("EscalationDeskDbContext is configured through IDatabaseProvider.ConfigureDbContext (see DatabaseProviders).");

    // For an engine's ConfigureDbContext: carries the provider into the context, which builds its model with the provider's filters.
    public static DbContextOptionsBuilder UseDatabaseProvider(this DbContextOptionsBuilder options, IDatabaseProvider provider)
    {
        ((IDbContextOptionsBuilderInfrastructure)options).AddOrUpdateExtension(new DatabaseProviderExtension(provider));
        return options.ReplaceService<IMigrationsAssembly, EngineMigrations>();
    }
}

// A database setting (Database:Provider, ConnectionStrings:EscalationDesk) that the app cannot start with: the message is one
// line naming the setting to fix, which Program prints instead of a stack trace.
public sealed class DatabaseSettingException(string message, Exception? inner = null) : InvalidOperationException(message, inner);

internal sealed class DatabaseProviderExtension(IDatabaseProvider provider) : IDbContextOptionsExtension
{
    public IDatabaseProvider Provider => provider;

    public DbContextOptionsExtensionInfo Info => field ??= new ExtensionInfo(this);

    public void ApplyServices(IServiceCollection services) { }

    public void Validate(IDbContextOptions options) { }

    // The model depends on the engine only (its filters' dialect), so contexts of one engine share EF's services and model.
    private sealed class ExtensionInfo(DatabaseProviderExtension extension) : DbContextOptionsExtensionInfo(extension)
    {
        private Type Engine => extension.Provider.GetType();

        public override bool IsDatabaseProvider => false;

        public override string LogFragment => $"EscalationDesk database: {Engine.Name} ";

        public override int GetServiceProviderHashCode() => Engine.GetHashCode();

        public override bool ShouldUseSameServiceProvider(DbContextOptionsExtensionInfo other) => other is ExtensionInfo o && o.Engine == Engine;

        public override void PopulateDebugInfo(IDictionary<string, string> debugInfo) => debugInfo["EscalationDesk:DatabaseProvider"] = Engine.Name;
    }
}

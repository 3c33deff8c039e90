using System.Reflection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Migrations.Internal;

namespace EscalationDesk.Data;

// Each engine has its own migrations set, in its own namespace (IDatabaseProvider.MigrationsNamespace). Both sets name the
// one EscalationDeskDbContext, so EF alone would mix them; this keeps an engine to its own migrations and model snapshot,
// for Migrate at start-up as for `dotnet ef migrations add` and `has-pending-model-changes` at design time.
#pragma warning disable EF1001 // MigrationsAssembly is EF's own implementation, extended only to filter by namespace.
public sealed class EngineMigrations(ICurrentDbContext currentContext, IDbContextOptions options, IMigrationsIdGenerator idGenerator,
    IDiagnosticsLogger<DbLoggerCategory.Migrations> logger)
    : MigrationsAssembly(currentContext, options, idGenerator, logger)
{
    private readonly string _namespace = options.FindExtension<DatabaseProviderExtension>()?.Provider.MigrationsNamespace
        ?? throw new InvalidOperationException("EscalationDeskDbContext is configured through IDatabaseProvider.ConfigureDbContext (see DatabaseProviders).");
    private readonly Type _contextType = currentContext.Context.GetType();

    public override IReadOnlyDictionary<string, TypeInfo> Migrations =>
        field ??= new SortedList<string, TypeInfo>(base.Migrations.Where(m => m.Value.Namespace == _namespace).ToDictionary());

    public override ModelSnapshot? ModelSnapshot =>
        field ??= Assembly.GetTypes()
            .Where(t => t.IsSubclassOf(typeof(ModelSnapshot)) && t.Namespace == _namespace && !t.IsAbstract
                && t.GetCustomAttribute<DbContextAttribute>()?.ContextType == _contextType)
            .Select(t => (ModelSnapshot)Activator.CreateInstance(t)!)
            .SingleOrDefault();
}
#pragma warning restore EF1001

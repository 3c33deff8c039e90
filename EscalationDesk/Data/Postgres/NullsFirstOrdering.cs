using Microsoft.EntityFrameworkCore.Query;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql.EntityFrameworkCore.PostgreSQL.Infrastructure.Internal;
using Npgsql.EntityFrameworkCore.PostgreSQL.Query.Internal;

namespace EscalationDesk.Data.Postgres;

// SQLite sorts an empty value (NULL) first ascending and last descending, PostgreSQL the other way round. The queue's
// sorts (ARR at risk, timers) and its keyset pages are written once for both, so every ORDER BY here says NULLS FIRST
// ascending and NULLS LAST descending, as Npgsql's own generator does when asked (its option for that is not public).
#pragma warning disable EF1001 // Npgsql's SQL generator, created with its null-ordering switch on.
internal sealed class NullsFirstOrdering(QuerySqlGeneratorDependencies dependencies, IRelationalTypeMappingSource typeMappingSource,
    INpgsqlSingletonOptions options) : IQuerySqlGeneratorFactory
{
    public QuerySqlGenerator Create() =>
        new NpgsqlQuerySqlGenerator(dependencies, typeMappingSource, reverseNullOrderingEnabled: true, options.PostgresVersion);
}
#pragma warning restore EF1001

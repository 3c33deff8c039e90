using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore.Query;
using Microsoft.EntityFrameworkCore.Query.SqlExpressions;
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
    public QuerySqlGenerator Create() => new Generator(dependencies, typeMappingSource, options);

    // A column that cannot be empty is ordered plainly: its index keeps PostgreSQL's default null order, and a NULLS clause
    // that differs from the index's stops the planner from reading the order from it (the queue's status tie-break made
    // every page sort up to a million rows: docs/PERFORMANCE.md, "PostgreSQL at 1,000,000").
    private sealed class Generator(QuerySqlGeneratorDependencies dependencies, IRelationalTypeMappingSource typeMappingSource,
        INpgsqlSingletonOptions options)
        : NpgsqlQuerySqlGenerator(dependencies, typeMappingSource, reverseNullOrderingEnabled: true, options.PostgresVersion)
    {
        protected override Expression VisitOrdering(OrderingExpression ordering)
        {
            if (ordering.Expression is not ColumnExpression { IsNullable: false }) return base.VisitOrdering(ordering);
            Visit(ordering.Expression);
            if (!ordering.IsAscending) Sql.Append(" DESC");
            return ordering;
        }
    }
}
#pragma warning restore EF1001

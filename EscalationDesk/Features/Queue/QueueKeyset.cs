using System.Linq.Expressions;
using System.Reflection;
using EscalationDesk.Data;
using Microsoft.EntityFrameworkCore;

namespace EscalationDesk.Features.Queue;

// "After this row" in one of the queue's orders (QueueService.OrderColumns): (c1 > v1) or (c1 = v1 and c2 > v2) or …, with
// the null order of both engines (an empty value first ascending, last descending: NullsFirstOrdering on PostgreSQL).
// Enum columns are stored as their names and sort as text; EF compares them so. The first column also bounds the walk.
public static class QueueKeyset
{
    public static Expression<Func<Escalation, bool>> After(IReadOnlyList<LambdaExpression> columns, IReadOnlyList<object?> values, bool descending)
    {
        if (values.Count != columns.Count) throw new ArgumentException("One value per column of the order.", nameof(values));
        var e = Expression.Parameter(typeof(Escalation), "e");
        Expression? any = null;
        Expression? prefix = null;
        for (var i = 0; i < columns.Count; i++)
        {
            var column = new Rebind(columns[i].Parameters[0], e).Visit(columns[i].Body);
            var beyond = Beyond(column, values[i], descending);
            var term = prefix is null ? beyond : Expression.AndAlso(prefix, beyond);
            any = any is null ? term : Expression.OrElse(any, term);
            var same = Same(column, values[i]);
            prefix = prefix is null ? same : Expression.AndAlso(prefix, same);
        }
        var first = new Rebind(columns[0].Parameters[0], e).Visit(columns[0].Body);
        var body = any ?? Expression.Constant(true);
        if (Bound(first, values[0], descending) is { } bound) body = Expression.AndAlso(bound, body);
        return Expression.Lambda<Func<Escalation, bool>>(body, e);
    }

    // The row's values of the order's columns, read in one query.
    public static Expression<Func<Escalation, object?[]>> Values(IReadOnlyList<LambdaExpression> columns)
    {
        var e = Expression.Parameter(typeof(Escalation), "e");
        var items = columns.Select(c => (Expression)Expression.Convert(new Rebind(c.Parameters[0], e).Visit(c.Body), typeof(object)));
        return Expression.Lambda<Func<Escalation, object?[]>>(Expression.NewArrayInit(typeof(object), items), e);
    }

    private static bool IsNullable(Type type) => !type.IsValueType || Nullable.GetUnderlyingType(type) is not null;

    private static Expression Same(Expression column, object? value) =>
        value is null ? Expression.Equal(column, Expression.Constant(null, column.Type)) : Expression.Equal(column, Parameter(value, column.Type));

    private static Expression Beyond(Expression column, object? value, bool descending)
    {
        var nullable = IsNullable(column.Type);
        if (value is null)
            return descending || !nullable ? Expression.Constant(false) : Expression.NotEqual(column, Expression.Constant(null, column.Type));
        var past = Compare(column, value, descending);
        return descending && nullable ? Expression.OrElse(past, Expression.Equal(column, Expression.Constant(null, column.Type))) : past;
    }

    // column > value ascending, column < value descending. An enum is compared as EF compares it: its stored name (as the
    // C# compiler writes an enum comparison, through its underlying type, which EF reads as the converted column).
    private static Expression Compare(Expression column, object value, bool descending, bool orEqual = false)
    {
        var parameter = Parameter(value, column.Type);
        if (column.Type == typeof(string))
        {
            var compared = Expression.Call(typeof(string).GetMethod(nameof(string.Compare), [typeof(string), typeof(string)])!, column, parameter);
            var zero = Expression.Constant(0);
            return (descending, orEqual) switch
            {
                (false, false) => Expression.GreaterThan(compared, zero), (false, true) => Expression.GreaterThanOrEqual(compared, zero),
                (true, false) => Expression.LessThan(compared, zero), _ => Expression.LessThanOrEqual(compared, zero),
            };
        }
        var enumType = Nullable.GetUnderlyingType(column.Type) ?? column.Type;
        if (enumType.IsEnum)
        {
            var underlying = Enum.GetUnderlyingType(enumType);
            var type = column.Type == enumType ? underlying : typeof(Nullable<>).MakeGenericType(underlying);
            (column, parameter) = (Expression.Convert(column, type), Expression.Convert(parameter, type));
        }
        return (descending, orEqual) switch
        {
            (false, false) => Expression.GreaterThan(column, parameter), (false, true) => Expression.GreaterThanOrEqual(column, parameter),
            (true, false) => Expression.LessThan(column, parameter), _ => Expression.LessThanOrEqual(column, parameter),
        };
    }

    // Where the walk starts: the first column at or past its value, so the order's index is read from there, not from its start.
    private static Expression? Bound(Expression column, object? value, bool descending)
    {
        if (value is null) return null;
        var bound = Compare(column, value, descending, orEqual: true);
        return descending && IsNullable(column.Type) ? Expression.OrElse(bound, Expression.Equal(column, Expression.Constant(null, column.Type))) : bound;
    }

    // A value EF sends as a parameter (a closure's field), so every page of an order shares one query plan.
    private static Expression Parameter(object value, Type type)
    {
        var box = Activator.CreateInstance(typeof(Box<>).MakeGenericType(type), value)!;
        return Expression.Field(Expression.Constant(box), box.GetType().GetField(nameof(Box<int>.Value))!);
    }

    private sealed class Box<T>(T value)
    {
        public readonly T Value = value;
    }

    private sealed class Rebind(ParameterExpression from, ParameterExpression to) : ExpressionVisitor
    {
        protected override Expression VisitParameter(ParameterExpression node) => node == from ? to : node;
    }
}

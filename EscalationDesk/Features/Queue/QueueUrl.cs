using System.Globalization;
using EscalationDesk.Features.Judgment;
using Microsoft.AspNetCore.WebUtilities;

namespace EscalationDesk.Features.Queue;

// The queue's view lives in the URL query, so a lead can share it and a reload restores it.
public static class QueueUrl
{
    public static QueueQuery Parse(IReadOnlyDictionary<string, string?> q)
    {
        static T? Enum<T>(string? value) where T : struct, System.Enum => System.Enum.TryParse<T>(value, true, out var v) ? v : null;
        var statuses = (q.GetValueOrDefault("status") ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries)
            .Select(s => Enum<EscalationStatus>(s)).OfType<EscalationStatus>().ToList();
        return new QueueQuery(
            statuses, Enum<Severity>(q.GetValueOrDefault("severity")), Enum<EscalationTarget>(q.GetValueOrDefault("target")),
            Blank(q.GetValueOrDefault("owner")), Blank(q.GetValueOrDefault("customer")), Overdue(q.GetValueOrDefault("overdue")),
            Blank(q.GetValueOrDefault("q")), Blank(q.GetValueOrDefault("sort")), q.GetValueOrDefault("desc") == "true",
            int.TryParse(q.GetValueOrDefault("page"), CultureInfo.InvariantCulture, out var page) ? page : 0,
            int.TryParse(q.GetValueOrDefault("size"), CultureInfo.InvariantCulture, out var size) ? size : QueueService.DefaultPageSize,
            Enum<EscalationTarget>(q.GetValueOrDefault("primary")));
    }

    public static string QueryString(QueueQuery q)
    {
        var values = new Dictionary<string, string?>
        {
            ["status"] = q.Statuses is { Count: > 0 } s ? string.Join(",", s) : null,
            ["severity"] = q.Severity?.ToString(),
            ["target"] = q.Target?.ToString(),
            ["owner"] = q.OwnerId,
            ["customer"] = q.Customer,
            ["primary"] = q.PrimaryTarget?.ToString(),
            ["overdue"] = q.Overdue switch { OverdueFilter.Either => "true", OverdueFilter.Internal => "internal", OverdueFilter.Customer => "customer", _ => null },
            ["q"] = q.Text,
            ["sort"] = q.Sort,
            ["desc"] = q.Descending ? "true" : null,
            ["page"] = q.Page > 0 ? q.Page.ToString(CultureInfo.InvariantCulture) : null,
            ["size"] = q.PageSize != QueueService.DefaultPageSize ? q.PageSize.ToString(CultureInfo.InvariantCulture) : null,
        };
        return QueryHelpers.AddQueryString("", values.Where(v => !string.IsNullOrEmpty(v.Value)));
    }

    // "true" is either timer (the address links made before the two others kept working).
    private static OverdueFilter Overdue(string? value) => value switch
    {
        "true" => OverdueFilter.Either,
        "internal" => OverdueFilter.Internal,
        "customer" => OverdueFilter.Customer,
        _ => OverdueFilter.None,
    };

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}

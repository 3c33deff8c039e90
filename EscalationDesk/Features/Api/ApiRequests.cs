using System.Collections;
using System.ComponentModel.DataAnnotations;
using System.Reflection;
using System.Text.Json;
using EscalationDesk.Features.Judgment;
using EscalationDesk.Features.Wizard;

namespace EscalationDesk.Features.Api;

// POST /api/v1/escalations: the wizard's fields (any left out stay empty) and the ticket it came from.
public sealed record CreateEscalationRequest(DraftContent? Fields, ExternalRef? ExternalRef) : IApiRequest;

public sealed record FollowUpRequest(string Note) : IApiRequest;
public sealed record CustomerUpdateRequest(string Channel, string Note) : IApiRequest;
public sealed record SeverityRequest(Severity Severity, string Reason) : IApiRequest;
public sealed record DeEscalateRequest(string Reason, IReadOnlyList<string>? Actions, string? Note) : IApiRequest;
public sealed record ResolveRequest(string Resolution) : IApiRequest;
public sealed record CloseRequest(bool ConfirmedWithCustomer, bool TrackingUpdated, string Learnings) : IApiRequest;
public sealed record ReopenRequest(string Reason) : IApiRequest;

public sealed record TimelineEntry(DateTime At, string Actor, string Kind, string Detail);
public sealed record TimelinePage(IReadOnlyList<TimelineEntry> Items);

public sealed record EscalationListItem(
    int Id, string Status, string Summary, string? Customer, Severity? Severity, string Targets, string Owner, DateTime? EscalatedAt,
    ResourceTimers Timers, decimal? ArrAtRisk);

public sealed record EscalationList(IReadOnlyList<EscalationListItem> Items, string? NextCursor, bool HasMore);

// The wizard's own limits and messages (the validation attributes of DraftContent's steps), keyed by the JSON path of the
// field ("understand.summary", "understand.tried[0].step"). The wizard lets a draft be saved over a limit and blocks only
// escalating; a client is told at once.
public static class FieldValidation
{
    public static Dictionary<string, string[]> Errors(DraftContent content, ExternalRef? external = null)
    {
        var errors = new Dictionary<string, List<string>>();
        foreach (var step in typeof(DraftContent).GetProperties().Where(p => p.PropertyType.Namespace == typeof(DraftContent).Namespace && p.PropertyType.IsClass))
            if (step.GetValue(content) is { } model) Walk(model, Name(step), errors);
        if (external is not null)
        {
            if (string.IsNullOrWhiteSpace(external.System)) Add(errors, "external_ref.system", "The external system is required.");
            else if (external.System.Length > ExternalRef.SystemMax) Add(errors, "external_ref.system", $"The external system must be at most {ExternalRef.SystemMax:N0} characters.");
            if (string.IsNullOrWhiteSpace(external.Id)) Add(errors, "external_ref.id", "The external id is required.");
            else if (external.Id.Length > ExternalRef.IdMax) Add(errors, "external_ref.id", $"The external id must be at most {ExternalRef.IdMax:N0} characters.");
            if (external.Url is { } url && (url.Length > ExternalRef.UrlMax || !Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")))
                Add(errors, "external_ref.url", $"The external URL must be an http or https address of at most {ExternalRef.UrlMax:N0} characters.");
        }
        return errors.ToDictionary(e => e.Key, e => e.Value.ToArray());
    }

    private static void Walk(object model, string path, Dictionary<string, List<string>> errors)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(model, new ValidationContext(model), results, validateAllProperties: true);
        foreach (var result in results)
            foreach (var member in result.MemberNames.DefaultIfEmpty(""))
                Add(errors, member.Length == 0 ? path : $"{path}.{JsonNamingPolicy.SnakeCaseLower.ConvertName(member)}", result.ErrorMessage ?? "Not valid.");
        foreach (var property in model.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.GetIndexParameters().Length > 0 || property.GetValue(model) is not IEnumerable items || items is string) continue;
            var i = 0;
            foreach (var item in items)
            {
                if (item is not null && item.GetType().Namespace == typeof(DraftContent).Namespace && item.GetType().IsClass)
                    Walk(item, $"{path}.{Name(property)}[{i}]", errors);
                i++;
            }
        }
    }

    private static string Name(PropertyInfo property) => JsonNamingPolicy.SnakeCaseLower.ConvertName(property.Name);

    private static void Add(Dictionary<string, List<string>> errors, string key, string message)
    {
        if (!errors.TryGetValue(key, out var list)) errors[key] = list = [];
        list.Add(message);
    }
}

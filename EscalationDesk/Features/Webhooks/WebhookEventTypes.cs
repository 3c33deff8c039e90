using EscalationDesk.Data;
using EscalationDesk.Features.Judgment;

namespace EscalationDesk.Features.Webhooks;

// The events a subscription may ask for, and which saved change is which (the one place that decides).
public static class WebhookEventTypes
{
    public const string AllEvents = "all";
    public const string Created = "escalation.created", Escalated = "escalation.escalated", Acknowledged = "escalation.acknowledged",
        SeverityChanged = "escalation.severity_changed", Updated = "escalation.updated", DeEscalated = "escalation.de_escalated",
        Resolved = "escalation.resolved", Closed = "escalation.closed", FollowUpDue = "followup.due", FollowUpOverdue = "followup.overdue";

    public static readonly IReadOnlyList<string> All =
        [Created, Escalated, Acknowledged, SeverityChanged, Updated, DeEscalated, Resolved, Closed, FollowUpDue, FollowUpOverdue];

    // Null when every type is known; otherwise the message.
    public static string? Refusal(IEnumerable<string> types) =>
        types.FirstOrDefault(t => !All.Contains(t)) is { } unknown
            ? $"\"{unknown}\" is not an event; use \"all\" or some of {string.Join(", ", All)}."
            : null;

    // "all", or the list; an empty choice means all.
    public static string Store(IReadOnlyCollection<string> types) =>
        types.Count == 0 || types.Contains(AllEvents) || All.All(types.Contains) ? AllEvents : string.Join(",", All.Where(types.Contains));

    public static IReadOnlySet<string> Parse(string stored) =>
        stored == AllEvents ? All.ToHashSet() : stored.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet();

    // The event a timeline entry tells, for the escalation as saved. escalation.updated is a saved change of an escalation
    // past Draft that no more specific event names: its fields edited, its owner changed, a follow-up or customer update
    // logged, evidence added or removed, its customer's account edited, or a reopening. Edits of a draft send nothing (the
    // draft is not anyone's business yet; escalation.escalated carries it whole); exports and chat posts change nothing.
    public static string? Of(string kind, string detail, Escalation e) => kind switch
    {
        TimelineKinds.Created => Created,
        TimelineKinds.StatusChanged when detail.StartsWith("Reopened", StringComparison.Ordinal) => Updated,
        TimelineKinds.StatusChanged => e.Status switch
        {
            EscalationStatus.Escalated => Escalated,
            EscalationStatus.Acknowledged => Acknowledged,
            EscalationStatus.DeEscalated => DeEscalated,
            EscalationStatus.Resolved => Resolved,
            EscalationStatus.Closed => Closed,
            _ => null,
        },
        _ when e.Status == EscalationStatus.Draft => null,
        TimelineKinds.SeverityChanged => SeverityChanged,
        TimelineKinds.Edited or TimelineKinds.OwnerChanged or TimelineKinds.FollowUp or TimelineKinds.CustomerUpdate
            or TimelineKinds.AttachmentAdded or TimelineKinds.AttachmentRemoved or TimelineKinds.AccountEdited => Updated,
        _ => null,
    };
}

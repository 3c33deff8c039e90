namespace EscalationDesk.Features.Judgment;

public enum LifecycleAction { Escalate, Acknowledge, LogFollowUp, LogCustomerUpdate, ChangeSeverity, DeEscalate, Resolve, Close }

// PRODUCT.md §4: Draft → Escalated → Acknowledged → Resolved or De-escalated → Closed.
public static class LifecycleRules
{
    public static readonly IReadOnlyList<ChecklistItem> DeEscalationReasons =
    [
        new("support-resolvable", "Root cause is found and it is support-resolvable"),
        new("workaround", "A workaround unblocks the customer"),
        new("resolved-itself", "The issue resolved itself (root cause still documented)"),
        new("new-information", "New information changes the severity assessment"),
    ];

    public static readonly IReadOnlyList<ChecklistItem> DeEscalationActions =
    [
        new("notify-team", "Notify the team you escalated to"),
        new("update-ticket", "Update the ticket with the resolution"),
        new("inform-customer", "Inform the customer of the resolution"),
        new("document-learnings", "Document what was learned"),
    ];

    public static readonly IReadOnlyList<string> Channels = ["Email", "Phone", "Chat", "Ticket"];

    // Open: with the receiving team, on the queue and the dashboard by default.
    public static readonly IReadOnlyList<EscalationStatus> OpenStatuses = [EscalationStatus.Escalated, EscalationStatus.Acknowledged];

    // The owner still edits the content: a draft, or an open escalation; resolved, de-escalated and closed ones are history.
    public static readonly IReadOnlyList<EscalationStatus> EditableStatuses = [EscalationStatus.Draft, .. OpenStatuses];

    // Timers run while the escalation is owned: not for drafts, and stopped once closed or de-escalated.
    public static readonly IReadOnlyList<EscalationStatus> TimedStatuses = [.. OpenStatuses, EscalationStatus.Resolved];

    public static bool IsEditable(EscalationStatus status) => EditableStatuses.Contains(status);

    public static bool TimersRun(EscalationStatus status) => TimedStatuses.Contains(status);

    // The status's place in the lifecycle, so the queue sorts by status in the order a lead works them.
    public static int Order(EscalationStatus status) => status switch
    {
        EscalationStatus.Draft => 0,
        EscalationStatus.Escalated => 1,
        EscalationStatus.Acknowledged => 2,
        EscalationStatus.Resolved => 3,
        EscalationStatus.DeEscalated => 4,
        _ => 5,
    };

    // Null when the action is allowed; otherwise the message the user sees.
    public static string? Refusal(EscalationStatus status, LifecycleAction action) => (action, status) switch
    {
        (LifecycleAction.Escalate, EscalationStatus.Draft) => null,
        (LifecycleAction.Escalate, _) => "This is already escalated.",
        (_, EscalationStatus.Draft) => "This is still a draft: escalate it first.",
        (LifecycleAction.Acknowledge, EscalationStatus.Escalated) => null,
        (LifecycleAction.Acknowledge, EscalationStatus.Acknowledged) => "This was already acknowledged.",
        (LifecycleAction.Close, EscalationStatus.Resolved or EscalationStatus.DeEscalated) => null,
        (LifecycleAction.Close, EscalationStatus.Closed) => "This is already closed.",
        (LifecycleAction.Close, _) => "Resolve or de-escalate it before closing the loop.",
        (_, EscalationStatus.Closed) => "This escalation is closed.",
        (LifecycleAction.LogCustomerUpdate, EscalationStatus.Resolved or EscalationStatus.DeEscalated) => null,
        (_, EscalationStatus.Resolved) => "This escalation is resolved: close the loop instead.",
        (_, EscalationStatus.DeEscalated) => "This escalation was de-escalated: close the loop instead.",
        (_, EscalationStatus.Escalated or EscalationStatus.Acknowledged) => null,
        _ => "That is not possible now.",
    };
}

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

    private static readonly EscalationStatus[] Open = [EscalationStatus.Escalated, EscalationStatus.Acknowledged];

    public static bool IsOpen(EscalationStatus status) => Open.Contains(status);

    // Timers run while the escalation is owned: not for drafts, and stopped once closed or de-escalated.
    public static bool TimersRun(EscalationStatus status) => status is EscalationStatus.Escalated or EscalationStatus.Acknowledged or EscalationStatus.Resolved;

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

namespace EscalationDesk.Features.Judgment;

public enum LifecycleAction { Escalate, Acknowledge, LogFollowUp, LogCustomerUpdate, ChangeSeverity, DeEscalate, Resolve, Close, Reopen }

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

    // What each status offers, in the order the page shows them: the one table behind both the buttons and the commands.
    // A draft is escalated from the wizard's Brief step; a closed escalation can only be reopened, by a Lead or an Admin.
    private static readonly IReadOnlyDictionary<EscalationStatus, LifecycleAction[]> Offered = new Dictionary<EscalationStatus, LifecycleAction[]>
    {
        [EscalationStatus.Draft] = [LifecycleAction.Escalate],
        [EscalationStatus.Escalated] =
        [
            LifecycleAction.Acknowledge, LifecycleAction.LogFollowUp, LifecycleAction.LogCustomerUpdate, LifecycleAction.ChangeSeverity,
            LifecycleAction.DeEscalate, LifecycleAction.Resolve,
        ],
        [EscalationStatus.Acknowledged] =
        [
            LifecycleAction.LogFollowUp, LifecycleAction.LogCustomerUpdate, LifecycleAction.ChangeSeverity, LifecycleAction.DeEscalate,
            LifecycleAction.Resolve,
        ],
        [EscalationStatus.Resolved] = [LifecycleAction.LogCustomerUpdate, LifecycleAction.Close],
        [EscalationStatus.DeEscalated] = [LifecycleAction.LogCustomerUpdate, LifecycleAction.Close],
        [EscalationStatus.Closed] = [LifecycleAction.Reopen],
    };

    // Only Leads and Admins reopen: a closed escalation's learnings are on record, and reopening restarts the team's timers.
    public static bool NeedsLead(LifecycleAction action) => action == LifecycleAction.Reopen;

    // The actions to offer this user for this status (byLead: a Lead or an Admin).
    public static IReadOnlyList<LifecycleAction> Actions(EscalationStatus status, bool byLead) =>
        Offered[status].Where(a => byLead || !NeedsLead(a)).ToList();

    // A reopened escalation goes back to the team that had it: Acknowledged once it was acknowledged, else Escalated.
    public static EscalationStatus ReopenedStatus(bool wasAcknowledged) =>
        wasAcknowledged ? EscalationStatus.Acknowledged : EscalationStatus.Escalated;

    // Null when the action is allowed; otherwise the message the user sees.
    public static string? Refusal(EscalationStatus status, LifecycleAction action, bool byLead = false)
    {
        if (Offered[status].Contains(action))
            return !byLead && NeedsLead(action) ? "Only a Lead or an Admin can reopen a closed escalation." : null;
        return (action, status) switch
        {
            (LifecycleAction.Escalate, _) => "This is already escalated.",
            (_, EscalationStatus.Draft) => "This is still a draft: escalate it first.",
            (LifecycleAction.Acknowledge, EscalationStatus.Acknowledged) => "This was already acknowledged.",
            (LifecycleAction.Acknowledge, _) => "Only a new escalation is acknowledged.",
            (LifecycleAction.Close, EscalationStatus.Closed) => "This is already closed.",
            (LifecycleAction.Close, _) => "Resolve or de-escalate it before closing the loop.",
            (LifecycleAction.Reopen, _) => "Only a closed escalation is reopened.",
            (_, EscalationStatus.Closed) => "This escalation is closed.",
            (_, EscalationStatus.Resolved) => "This escalation is resolved: close the loop instead.",
            (_, EscalationStatus.DeEscalated) => "This escalation was de-escalated: close the loop instead.",
            _ => "That is not possible now.",
        };
    }
}

namespace EscalationDesk.Features.Judgment;

// When an escalation is handed to a project tracker (Jira, GitHub), and when a linked issue's status is followed.
public static class TrackerRules
{
    // Engineering or Product work on what it asks for; the others (L2, Security, Leadership) do not take tracker issues.
    public static bool TakesTrackerIssues(bool engineering, bool product) => engineering || product;

    // Issues are created, linked and followed while the escalation's timers run (escalated, acknowledged, resolved):
    // not on a draft, nor once it is closed or de-escalated.
    public static bool FollowsIssues(EscalationStatus status) => LifecycleRules.TimersRun(status);

    public static IReadOnlyList<EscalationStatus> FollowedStatuses => LifecycleRules.TimedStatuses;
}

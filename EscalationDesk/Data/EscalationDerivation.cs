using EscalationDesk.Features.Judgment;

namespace EscalationDesk.Data;

// Where every derived column of an escalation comes from: values copied out of its content, status and times so the queue,
// dashboard, digest and reminders filter, sort and count in the database. EscalationDeskDbContext applies this on every
// save of an escalation (added or modified), whoever saves it; nothing else writes these columns.
public static class EscalationDerivation
{
    // customerName: the name of the content's account (the context looks it up), null without one.
    public static void Apply(Escalation e, CadenceOptions cadence, BusinessCalendar calendar, string? customerName)
    {
        var content = e.Content;
        e.Summary = content.Understand.Summary.Trim();
        e.AccountId = content.Understand.AccountId;
        e.CustomerName = e.AccountId is null ? null : customerName;
        e.ArrAtRisk = content.Impact.ArrAtRisk;
        e.LinkedSimilarCount = content.Context.LinkedSimilar.Count;

        // Until the agent chooses otherwise, the suggested severity and recommended targets are the escalation's own.
        e.Severity = SeverityRules.Decide(content).Effective;
        var targets = TargetRules.Decide(content);
        e.PrimaryTarget = targets.Primary;
        e.Targets = targets.TeamText;
        // One flag per target, so a target filter is an index look-up instead of text matching.
        e.TargetL2Support = targets.Effective.Contains(EscalationTarget.L2Support);
        e.TargetEngineering = targets.Effective.Contains(EscalationTarget.Engineering);
        e.TargetProduct = targets.Effective.Contains(EscalationTarget.Product);
        e.TargetSecurity = targets.Effective.Contains(EscalationTarget.Security);
        e.TargetLeadership = targets.Effective.Contains(EscalationTarget.Leadership);

        e.StatusOrder = LifecycleRules.Order(e.Status);
        Schedule(e, cadence, calendar);
    }

    // Both timers from the escalation time, the severity and the last logged follow-up and update (PRODUCT.md §3), business
    // days on the organisation's calendar; none
    // where timers do not run. Each timer's OverdueFrom is FollowUpTimer's rule stored, so "overdue now" is OverdueFrom <= now.
    private static void Schedule(Escalation e, CadenceOptions cadence, BusinessCalendar calendar)
    {
        FollowUpSchedule? schedule = LifecycleRules.TimersRun(e.Status) && e.EscalatedAt is DateTime escalatedAt && e.Severity is Severity severity
            ? CadenceRules.Next(cadence, severity, escalatedAt, e.LastInternalFollowUpAt, e.LastCustomerUpdateAt, calendar)
            : null;
        e.NextInternalDueAt = schedule?.Internal.DueAt;
        e.NextInternalOverdueAt = schedule?.Internal.OverdueAt;
        e.NextCustomerDueAt = schedule?.Customer.DueAt;
        e.NextCustomerOverdueAt = schedule?.Customer.OverdueAt;
        e.InternalOverdueFrom = schedule?.Internal.OverdueFrom;
        e.CustomerOverdueFrom = schedule?.Customer.OverdueFrom;
        e.OverdueFrom = schedule is null ? null : schedule.Internal.OverdueFrom < schedule.Customer.OverdueFrom ? schedule.Internal.OverdueFrom : schedule.Customer.OverdueFrom;
    }
}

using EscalationDesk.Data;
using EscalationDesk.Features.Judgment;
using EscalationDesk.Features.Wizard;

namespace EscalationDesk.Features.Api;

// The one JSON shape of an escalation outside the app: GET /api/v1/escalations/{id} answers it and every webhook's
// "data" is it (serialised with ApiJson.Options, snake_case). Everything judged is Assessment.Of's, with its reasons.
public sealed record EscalationResource(
    int Id, int Version, string Status, string Summary, ResourceCustomer? Customer, Severity? Severity,
    IReadOnlyList<EscalationTarget> Targets, EscalationTarget? PrimaryTarget, ResourceOwner Owner, string ReportedBy,
    DateTime CreatedAt, DateTime UpdatedAt, DateTime? EscalatedAt, DateTime? AcknowledgedAt, DateTime? ResolvedAt, DateTime? ClosedAt,
    DateTime? LastInternalFollowUpAt, DateTime? LastCustomerUpdateAt, ResourceTimers Timers, ExternalRef? ExternalRef,
    DraftContent Fields, Outcome Outcome, ResourceAssessment Assessment)
{
    public static EscalationResource Of(Escalation e, JudgmentFacts facts, DateTime now)
    {
        var assessment = Judgment.Assessment.Of(e.Content, facts);
        return new(e.Id, e.Version, ApiJson.Status(e.Status), e.Summary,
            e.AccountId is int accountId ? new ResourceCustomer(accountId, e.CustomerName ?? "") : null,
            e.Severity, assessment.Targets.Effective, e.PrimaryTarget, new ResourceOwner(e.OwnerId, e.Owner), e.ReportedBy,
            e.CreatedAt, e.UpdatedAt, e.EscalatedAt, e.AcknowledgedAt, e.ResolvedAt, e.ClosedAt, e.LastInternalFollowUpAt, e.LastCustomerUpdateAt,
            new ResourceTimers(
                e.NextInternalDueAt is DateTime i ? ResourceTimer.Of(new FollowUpTimer(i, e.NextInternalOverdueAt ?? i), now) : null,
                e.NextCustomerDueAt is DateTime c ? ResourceTimer.Of(new FollowUpTimer(c, e.NextCustomerOverdueAt ?? c), now) : null),
            ExternalRef.Of(e), e.Content, e.Outcome, ResourceAssessment.Of(assessment, e.Content));
    }
}

public sealed record ResourceCustomer(int Id, string Name);

public sealed record ResourceOwner(string? Id, string Name);

// Null when the escalation has no such timer (a draft, or one that is resolved or closed).
public sealed record ResourceTimers(ResourceTimer? InternalFollowUp, ResourceTimer? CustomerUpdate);

public sealed record ResourceTimer(DateTime DueAt, DateTime OverdueAt, TimerState State)
{
    public static ResourceTimer Of(FollowUpTimer timer, DateTime now) =>
        new(timer.DueAt, timer.OverdueAt, timer.IsOverdue(now) ? TimerState.Overdue : timer.IsDue(now) ? TimerState.Due : TimerState.Waiting);
}

// The ticket an escalation came from, in the client's words.
public sealed record ExternalRef(string System, string Id, string? Url)
{
    public const int SystemMax = 100, IdMax = 200, UrlMax = 2_000;

    public static ExternalRef? Of(Escalation e) =>
        e.ExternalSystem is { } system && e.ExternalId is { } id ? new ExternalRef(system, id, e.ExternalUrl) : null;
}

public sealed record ResourceAssessment(
    ResourceRecommendation Recommendation, ResourceSeverity Severity, ResourceTargets Targets,
    IReadOnlyList<Finding> Readiness, IReadOnlyList<IncludeItem> WhatToInclude, IReadOnlyList<Finding> ReproWarnings, bool SuggestPattern)
{
    public static ResourceAssessment Of(Assessment a, DraftContent content) => new(
        new ResourceRecommendation(a.Escalate.Recommendation, a.Escalate.Reasons),
        new ResourceSeverity(a.Severity.Suggested.Severity, a.Severity.Suggested.Reasons, a.Severity.Effective, a.Severity.IsOverride,
            a.Severity.OverrideNeedsReason, a.Severity.IsOverride ? Blank(content.Impact.SeverityReason) : null, a.Severity.Suggested.Explanation),
        new ResourceTargets(a.Targets.Recommended.Select(r => new ResourceTarget(r.Target, r.Reasons)).ToList(), a.Targets.Effective, a.Targets.Primary,
            a.Targets.OverrideNeedsReason, Blank(content.Target.PrimaryReason)),
        a.Readiness, a.WhatToInclude, a.ReproWarnings, a.SuggestPattern);

    private static string? Blank(string text) => string.IsNullOrWhiteSpace(text) ? null : text;
}

public sealed record ResourceRecommendation(EscalateRecommendation Value, IReadOnlyList<string> Reasons);

public sealed record ResourceSeverity(Severity Suggested, IReadOnlyList<string> SuggestedReasons, Severity Effective, bool IsOverride,
    bool OverrideNeedsReason, string? OverrideReason, string Explanation);

public sealed record ResourceTargets(IReadOnlyList<ResourceTarget> Recommended, IReadOnlyList<EscalationTarget> Effective, EscalationTarget? Primary,
    bool OverrideNeedsReason, string? PrimaryReason);

public sealed record ResourceTarget(EscalationTarget Target, IReadOnlyList<string> Reasons);

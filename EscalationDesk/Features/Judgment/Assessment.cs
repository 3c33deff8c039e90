using EscalationDesk.Features.Wizard;

namespace EscalationDesk.Features.Judgment;

// What the escalation's own record is worth for the judgment beyond its content.
public sealed record JudgmentFacts(int AttachmentCount = 0, int LinkedCustomerCount = 0)
{
    public static readonly JudgmentFacts None = new();
}

// Every rule applied to one draft, with the reasons; recomputed on every change (all pure and cheap).
public sealed record Assessment(
    EscalateAdvice Escalate,
    SeverityDecision Severity,
    TargetDecision Targets,
    IReadOnlyList<IncludeItem> WhatToInclude,
    IReadOnlyList<Finding> ReproWarnings,
    bool SuggestPattern)
{
    public IReadOnlyList<Finding> Readiness { get; private init; } = [];

    public const string PatternItem = "three-customers";
    public const int PatternCustomers = 3;

    public static Assessment Of(DraftContent content, JudgmentFacts facts)
    {
        var targets = TargetRules.Decide(content);
        var assessment = new Assessment(
            EscalateOrHandleRules.Evaluate(content.Understand, content.Target),
            SeverityRules.Decide(content),
            targets,
            WhatToIncludeRules.Evaluate(content, targets.Effective, facts.AttachmentCount),
            ReproChecks.Check(content.Reproduce, facts.AttachmentCount),
            facts.LinkedCustomerCount >= PatternCustomers && !content.Understand.EscalateItems.Contains(PatternItem));
        return assessment with { Readiness = ReadinessRules.Check(content, assessment) };
    }
}

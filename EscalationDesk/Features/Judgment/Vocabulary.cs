namespace EscalationDesk.Features.Judgment;

// The product's fixed vocabulary (PRODUCT.md §1): names here are a format and are shown exactly.

public enum EscalationStatus { Draft, Escalated, Acknowledged, Resolved, DeEscalated, Closed }

public enum Severity { Critical, High, Medium }

public enum EscalationTarget { L2Support, Engineering, Product, Security, Leadership }

public enum ImpactDepth { Blocked, Degraded, Inconvenienced }

public enum SlaStatus { NotAtRisk, AtRisk, Breached }

public enum ReproFrequency { Always, Intermittent, OnlyUnderCertainConditions }

public enum SpecificAsk { InvestigateRootCause, PrioritizeFix, MakeProductDecision, ApproveException, Other }

public static class Vocabulary
{
    public static string Text(this EscalationStatus status) => status switch
    {
        EscalationStatus.DeEscalated => "De-escalated",
        _ => status.ToString(),
    };

    public static string Text(this EscalationTarget target) => target switch
    {
        EscalationTarget.L2Support => "L2 Support",
        _ => target.ToString(),
    };

    public static string Text(this ImpactDepth depth) => depth.ToString();

    public static string Text(this Severity severity) => severity.ToString();

    public static string Text(this SlaStatus status) => status switch
    {
        SlaStatus.NotAtRisk => "Not at risk",
        SlaStatus.AtRisk => "At risk",
        _ => "Breached",
    };

    public static string Text(this ReproFrequency frequency) => frequency switch
    {
        ReproFrequency.OnlyUnderCertainConditions => "Only under certain conditions",
        _ => frequency.ToString(),
    };

    public static string Text(this SpecificAsk ask) => ask switch
    {
        SpecificAsk.InvestigateRootCause => "Investigate root cause",
        SpecificAsk.PrioritizeFix => "Prioritize fix",
        SpecificAsk.MakeProductDecision => "Make a product decision",
        SpecificAsk.ApproveException => "Approve an exception",
        _ => "Other",
    };

    // An enum's values with their shown names, as the options of a single-choice field.
    public static IReadOnlyList<(T?, string)> Choices<T>(Func<T, string> text) where T : struct, Enum =>
        Enum.GetValues<T>().Select(v => ((T?)v, text(v))).ToList();

    public static readonly IReadOnlyList<string> WizardSteps =
        ["Understand", "Gather context", "Assess impact", "Target", "Reproduce", "Brief", "Next steps"];
}

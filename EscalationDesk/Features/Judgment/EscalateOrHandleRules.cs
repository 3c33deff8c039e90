using EscalationDesk.Features.Wizard;

namespace EscalationDesk.Features.Judgment;

public enum EscalateRecommendation { NotEnoughInformation, HandleInSupport, Escalate, EscalateToSecurityNow }

public sealed record EscalateAdvice(EscalateRecommendation Recommendation, IReadOnlyList<string> Reasons)
{
    public string Text => Recommendation switch
    {
        EscalateRecommendation.EscalateToSecurityNow => "Escalate to Security now",
        EscalateRecommendation.Escalate => "Escalate",
        EscalateRecommendation.HandleInSupport => "Handle in support",
        _ => "Not enough information",
    };

    // Continuing against "Handle in support" is allowed, with a reason on record.
    public bool NeedsReasonToContinue => Recommendation == EscalateRecommendation.HandleInSupport;
}

// PRODUCT.md §1 step 1: any escalate item -> Escalate; only handle items -> Handle in support; nothing -> not enough
// information; a security item (step 1's security concern, or step 4's data exposure / vulnerability) overrides all.
public static class EscalateOrHandleRules
{
    public static readonly IReadOnlySet<string> SecurityEscalateItems = new HashSet<string> { "security-concern" };
    public static readonly IReadOnlySet<string> SecurityTargetSignals = new HashSet<string> { "data-exposure", "vulnerability" };

    public static EscalateAdvice Evaluate(UnderstandStep understand, TargetStep target)
    {
        var security = understand.EscalateItems.Where(SecurityEscalateItems.Contains).Select(EscalateText)
            .Concat(target.Signals.Where(SecurityTargetSignals.Contains).Select(TargetSignalText))
            .ToList();
        if (security.Count > 0) return new(EscalateRecommendation.EscalateToSecurityNow, security);

        var escalate = Checklists.Escalate.SelectMany(g => g.Items)
            .Where(i => understand.EscalateItems.Contains(i.Key)).Select(i => i.Text).ToList();
        if (escalate.Count > 0) return new(EscalateRecommendation.Escalate, escalate);

        var handle = Checklists.HandleInSupport.Where(i => understand.HandleInSupportItems.Contains(i.Key)).Select(i => i.Text).ToList();
        if (handle.Count > 0) return new(EscalateRecommendation.HandleInSupport, handle);

        return new(EscalateRecommendation.NotEnoughInformation, []);
    }

    private static string EscalateText(string key) =>
        Checklists.Escalate.SelectMany(g => g.Items).First(i => i.Key == key).Text;

    private static string TargetSignalText(string key) => Checklists.TargetSignals.First(s => s.Key == key).Text;
}

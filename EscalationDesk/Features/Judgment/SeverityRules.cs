using EscalationDesk.Features.Wizard;

namespace EscalationDesk.Features.Judgment;

public sealed record SeveritySuggestion(Severity Severity, IReadOnlyList<string> Reasons)
{
    public string Explanation => Reasons.Count == 0
        ? $"{Severity.Text()}: no Critical or High signal"
        : $"{Severity.Text()} because: {string.Join(", ", Reasons)}";
}

public sealed record SeverityDecision(SeveritySuggestion Suggested, Severity Effective, bool IsOverride, bool OverrideNeedsReason);

// PRODUCT.md §1 step 3. Critical: Production down, Data at risk, Security breach, Multiple high-value customers affected.
// High, otherwise: Major functionality broken, Key customer blocked, SLA status At risk / Breached, Depth = Blocked.
// Medium, otherwise.
public static class SeverityRules
{
    public static readonly IReadOnlyList<string> CriticalSignals = ["production-down", "data-at-risk", "security-breach", "multiple-high-value"];
    public static readonly IReadOnlyList<string> HighSignals = ["major-functionality", "key-customer-blocked"];

    public static SeveritySuggestion Suggest(ImpactStep impact)
    {
        var critical = CriticalSignals.Where(impact.SeveritySignals.Contains).Select(SignalText).ToList();
        if (critical.Count > 0) return new(Severity.Critical, critical);

        var high = HighSignals.Where(impact.SeveritySignals.Contains).Select(SignalText).ToList();
        if (impact.SlaStatus is SlaStatus.AtRisk or SlaStatus.Breached) high.Add($"SLA status {impact.SlaStatus.Value.Text()}");
        if (impact.Depth == ImpactDepth.Blocked) high.Add("Depth Blocked");
        if (high.Count > 0) return new(Severity.High, high);

        return new(Severity.Medium, []);
    }

    // The suggestion is the escalation's severity until the agent picks another; a different pick needs a reason.
    public static SeverityDecision Decide(ImpactStep impact)
    {
        var suggested = Suggest(impact);
        var effective = impact.ChosenSeverity ?? suggested.Severity;
        var isOverride = effective != suggested.Severity;
        return new(suggested, effective, isOverride, isOverride && string.IsNullOrWhiteSpace(impact.SeverityReason));
    }

    private static string SignalText(string key) => Checklists.SeveritySignals.First(s => s.Key == key).Text;
}

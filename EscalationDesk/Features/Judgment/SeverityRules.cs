using EscalationDesk.Features.Wizard;

namespace EscalationDesk.Features.Judgment;

public sealed record SeveritySuggestion(Severity Severity, IReadOnlyList<string> Reasons)
{
    public string Explanation => Reasons.Count == 0
        ? $"{Severity.Text()}: no Critical or High signal"
        : $"{Severity.Text()} because: {string.Join(", ", Reasons)}";
}

// Signals and SlaStatus are the ones in effect: the agent's own on step 3 and what step 1 carries in (FactMap).
public sealed record SeverityDecision(SeveritySuggestion Suggested, Severity Effective, bool IsOverride, bool OverrideNeedsReason,
    CarriedChecklist Signals, SlaStatus? SlaStatus, bool SlaStatusFromStep1);

// PRODUCT.md §1 step 3. Critical: Production down, Data at risk, Security breach, Multiple high-value customers affected.
// High, otherwise: Major functionality broken, Key customer blocked, SLA status At risk / Breached, Depth = Blocked.
// Medium, otherwise. A signal or status carried from step 1 counts as if ticked here, and says so in the reasons.
public static class SeverityRules
{
    public static readonly IReadOnlyList<string> CriticalSignals = ["production-down", "data-at-risk", "security-breach", "multiple-high-value"];
    public static readonly IReadOnlyList<string> HighSignals = ["major-functionality", "key-customer-blocked"];

    public static SeveritySuggestion Suggest(DraftContent content) =>
        Suggest(content.Impact, FactMap.SeveritySignals(content), FactMap.EffectiveSlaStatus(content));

    private static SeveritySuggestion Suggest(ImpactStep impact, CarriedChecklist signals, SlaStatus? sla)
    {
        string Reason(string key) => SignalText(key) + (signals.IsFromStep1(key) ? FromStep1 : "");

        var critical = CriticalSignals.Where(signals.IsTicked).Select(Reason).ToList();
        if (critical.Count > 0) return new(Severity.Critical, critical);

        var high = HighSignals.Where(signals.IsTicked).Select(Reason).ToList();
        if (sla is SlaStatus.AtRisk or SlaStatus.Breached) high.Add($"SLA status {sla.Value.Text()}{(impact.SlaStatus is null ? FromStep1 : "")}");
        if (impact.Depth == ImpactDepth.Blocked) high.Add("Depth Blocked");
        if (high.Count > 0) return new(Severity.High, high);

        return new(Severity.Medium, []);
    }

    // The suggestion is the escalation's severity until the agent picks another; a different pick needs a reason.
    public static SeverityDecision Decide(DraftContent content)
    {
        var impact = content.Impact;
        var signals = FactMap.SeveritySignals(content);
        var sla = FactMap.EffectiveSlaStatus(content);
        var suggested = Suggest(impact, signals, sla);
        var effective = impact.ChosenSeverity ?? suggested.Severity;
        var isOverride = effective != suggested.Severity;
        return new(suggested, effective, isOverride, isOverride && string.IsNullOrWhiteSpace(impact.SeverityReason),
            signals, sla, impact.SlaStatus is null && sla is not null);
    }

    public const string FromStep1 = " (from step 1)";

    private static string SignalText(string key) => Checklists.SeveritySignals.First(s => s.Key == key).Text;
}

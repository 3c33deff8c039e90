using EscalationDesk.Features.Wizard;

namespace EscalationDesk.Features.Judgment;

public sealed record TargetRecommendation(EscalationTarget Target, IReadOnlyList<string> Reasons);

public sealed record TargetDecision(
    IReadOnlyList<TargetRecommendation> Recommended,
    IReadOnlyList<EscalationTarget> Effective,
    EscalationTarget? Primary,
    bool SecurityRecommended,
    bool PrimaryOverridesSecurity,
    bool OverrideNeedsReason,
    CarriedChecklist Signals)
{
    // Target team as the brief shows it: primary first, then the others in precedence order.
    public string TeamText => string.Join(", ", Effective.Select(t => t.Text()));
}

// PRODUCT.md §1 step 4: every signal recommends a target; the primary is the first recommended one in the
// order Security, Engineering, Product, L2 Support, Leadership. A signal carried from step 1 (FactMap) counts as ticked.
public static class TargetRules
{
    public static readonly IReadOnlyList<EscalationTarget> Precedence =
        [EscalationTarget.Security, EscalationTarget.Engineering, EscalationTarget.Product, EscalationTarget.L2Support, EscalationTarget.Leadership];

    public static IReadOnlyList<TargetRecommendation> Recommend(IEnumerable<string> signals) =>
        Recommend(new CarriedChecklist(signals.ToHashSet(), new HashSet<string>(), new HashSet<string>()));

    private static IReadOnlyList<TargetRecommendation> Recommend(CarriedChecklist signals) =>
        Precedence
            .Select(target => new TargetRecommendation(target,
                Checklists.TargetSignals.Where(s => s.Recommends == target && signals.IsTicked(s.Key))
                    .Select(s => s.Text + (signals.IsFromStep1(s.Key) ? SeverityRules.FromStep1 : "")).ToList()))
            .Where(r => r.Reasons.Count > 0)
            .ToList();

    // The recommendation is the escalation's until the agent changes it. A primary other than a recommended
    // Security takes effect only with a reason: security escalations bypass the tiers.
    public static TargetDecision Decide(DraftContent content)
    {
        var step = content.Target;
        var signals = FactMap.TargetSignals(content);
        var recommended = Recommend(signals);
        var securityRecommended = recommended.Any(r => r.Target == EscalationTarget.Security);
        var chosen = step.ChosenTargets ?? recommended.Select(r => r.Target).ToList();

        var wanted = step.ChosenPrimary ?? Ordered(chosen).Cast<EscalationTarget?>().FirstOrDefault();
        var overridesSecurity = securityRecommended && wanted != EscalationTarget.Security;
        var needsReason = overridesSecurity && string.IsNullOrWhiteSpace(step.PrimaryReason);
        var primary = needsReason ? EscalationTarget.Security : wanted;

        var effective = Ordered(primary is EscalationTarget first ? chosen.Append(first) : chosen).ToList();
        if (primary is EscalationTarget head)
        {
            effective.Remove(head);
            effective.Insert(0, head);
        }
        return new(recommended, effective, primary, securityRecommended, overridesSecurity, needsReason, signals);
    }

    private static IEnumerable<EscalationTarget> Ordered(IEnumerable<EscalationTarget> targets) =>
        targets.Distinct().OrderBy(t => Precedence.ToList().IndexOf(t));
}

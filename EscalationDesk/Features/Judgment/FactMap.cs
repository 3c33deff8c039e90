using EscalationDesk.Features.Wizard;

namespace EscalationDesk.Features.Judgment;

// One step-1 "Escalate when" item and what it already says for steps 3 and 4: the severity signals and target signals
// it ticks there, and the SLA status it fills in when that is still empty.
public sealed record CarriedFact(string EscalateItem, IReadOnlyList<string> SeveritySignals, IReadOnlyList<string> TargetSignals, SlaStatus? SlaStatus = null);

// A later step's checklist as it stands: the agent's own ticks, plus what step 1 carries in, minus what the agent
// unticked here. An own tick wins over an untick.
public sealed record CarriedChecklist(IReadOnlySet<string> Own, IReadOnlySet<string> Carried, IReadOnlySet<string> Unticked)
{
    public static readonly CarriedChecklist Empty = new(new HashSet<string>(), new HashSet<string>(), new HashSet<string>());

    public bool IsTicked(string key) => Own.Contains(key) || (Carried.Contains(key) && !Unticked.Contains(key));

    // Ticked because of step 1 (and not also by the agent on this step).
    public bool IsFromStep1(string key) => Carried.Contains(key) && !Unticked.Contains(key) && !Own.Contains(key);

    // Carried in, but unticked by the agent on this step.
    public bool IsUntickedHere(string key) => Carried.Contains(key) && Unticked.Contains(key) && !Own.Contains(key);

    public IEnumerable<string> Ticked => Own.Union(Carried.Except(Unticked));
}

// The one table of facts asked more than once (issue 2/9): a fact ticked on step 1 is shown ticked where it recurs,
// marked "from step 1", and feeds the suggested severity and the recommended targets until it is unticked there.
public static class FactMap
{
    public static readonly IReadOnlyList<CarriedFact> Rows =
    [
        new("bug-confirmed", [], ["bug-needs-fix"]),
        new("infrastructure", [], ["infrastructure"]),
        new("data-corruption", ["data-at-risk"], ["data-corruption"]),
        new("beyond-diagnosis", [], ["deeper-investigation"]),
        new("production-down", ["production-down"], []),
        new("data-integrity", ["data-at-risk"], []),
        new("security-concern", ["security-breach"], ["data-exposure"]),
        new("high-value-at-risk", [], ["churn-threat"]),
        // "Imminent or occurred": At risk is the least it says; the agent picks Breached when it has happened.
        new("sla-breach", [], ["sla-breach-critical"], SlaStatus.AtRisk),
    ];

    public static CarriedChecklist SeveritySignals(DraftContent content) =>
        new(content.Impact.SeveritySignals.ToHashSet(), Carried(content.Understand, r => r.SeveritySignals), content.Impact.UntickedFromStep1.ToHashSet());

    public static CarriedChecklist TargetSignals(DraftContent content) =>
        new(content.Target.Signals.ToHashSet(), Carried(content.Understand, r => r.TargetSignals), content.Target.UntickedFromStep1.ToHashSet());

    // A status the agent chose stands; otherwise the one step 1 says.
    public static SlaStatus? EffectiveSlaStatus(DraftContent content) => content.Impact.SlaStatus ?? CarriedSlaStatus(content.Understand);

    public static SlaStatus? CarriedSlaStatus(UnderstandStep understand) =>
        Rows.Where(r => understand.EscalateItems.Contains(r.EscalateItem)).Select(r => r.SlaStatus).FirstOrDefault(s => s is not null);

    // One click on a later step's checkbox: a carried signal is unticked there (and can be ticked back), any other is the
    // agent's own tick.
    public static void Set(List<string> own, List<string> unticked, CarriedChecklist checklist, string key, bool ticked)
    {
        if (ticked)
        {
            unticked.Remove(key);
            if (!checklist.Carried.Contains(key) && !own.Contains(key)) own.Add(key);
            return;
        }
        own.Remove(key);
        if (checklist.Carried.Contains(key) && !unticked.Contains(key)) unticked.Add(key);
    }

    private static HashSet<string> Carried(UnderstandStep understand, Func<CarriedFact, IReadOnlyList<string>> signals) =>
        Rows.Where(r => understand.EscalateItems.Contains(r.EscalateItem)).SelectMany(signals).ToHashSet();
}

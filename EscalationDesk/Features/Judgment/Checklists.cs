namespace EscalationDesk.Features.Judgment;

// The checklists of PRODUCT.md §1, keyed so a stored record survives wording changes.

public sealed record ChecklistItem(string Key, string Text);

public sealed record ChecklistGroup(string Name, IReadOnlyList<ChecklistItem> Items);

public sealed record TargetSignal(string Key, string Text, EscalationTarget Recommends);

public static class Checklists
{
    public static readonly IReadOnlyList<ChecklistItem> HandleInSupport =
    [
        new("documented-solution", "Documented solution or known workaround"),
        new("configuration", "Configuration or setup issue support can resolve"),
        new("guidance", "Customer needs guidance or training, not a fix"),
        new("known-limitation", "Known limitation with a documented alternative"),
        new("resolved-before", "Similar tickets were resolved at the support level before"),
    ];

    public static readonly IReadOnlyList<ChecklistGroup> Escalate =
    [
        new("Technical",
        [
            new("bug-confirmed", "Bug confirmed and needs a code fix"),
            new("infrastructure", "Infrastructure investigation needed"),
            new("data-corruption", "Data corruption or loss"),
        ]),
        new("Complexity",
        [
            new("beyond-diagnosis", "Beyond support's ability to diagnose"),
            new("needs-access", "Requires access support doesn't have"),
            new("custom-implementation", "Involves custom implementation"),
        ]),
        new("Impact",
        [
            new("multiple-customers", "Multiple customers affected"),
            new("production-down", "Production system down"),
            new("data-integrity", "Data integrity at risk"),
            new("security-concern", "Security concern"),
        ]),
        new("Business",
        [
            new("high-value-at-risk", "High-value customer at risk"),
            new("sla-breach", "SLA breach imminent or occurred"),
            new("executive-involvement", "Customer requesting executive involvement"),
        ]),
        new("Time",
        [
            new("beyond-sla", "Open beyond SLA"),
            new("waiting-too-long", "Customer has been waiting unreasonably long"),
            new("not-progressing", "Normal support channels aren't progressing"),
        ]),
        new("Pattern",
        [
            new("three-customers", "Same issue reported by 3+ customers"),
            new("recurring", "Recurring issue that was supposedly fixed"),
            new("increasing-severity", "Increasing severity over time"),
        ]),
    ];

    public static readonly IReadOnlyList<ChecklistItem> SeveritySignals =
    [
        new("production-down", "Production down"),
        new("data-at-risk", "Data at risk"),
        new("security-breach", "Security breach"),
        new("multiple-high-value", "Multiple high-value customers affected"),
        new("major-functionality", "Major functionality broken"),
        new("key-customer-blocked", "Key customer blocked"),
        new("workaround-available", "Workaround available"),
    ];

    public static readonly IReadOnlyList<TargetSignal> TargetSignals =
    [
        new("deeper-investigation", "Needs deeper investigation or specialised product knowledge", EscalationTarget.L2Support),
        new("bug-needs-fix", "Bug confirmed, needs a code fix", EscalationTarget.Engineering),
        new("infrastructure", "Infrastructure or system-level investigation needed", EscalationTarget.Engineering),
        new("data-corruption", "Data corruption or loss", EscalationTarget.Engineering),
        new("feature-gap", "Feature gap causing customer pain", EscalationTarget.Product),
        new("design-decision", "Design decision needed / workflow doesn't match expectations", EscalationTarget.Product),
        new("competing-needs", "Competing customer needs require prioritisation", EscalationTarget.Product),
        new("data-exposure", "Potential data exposure or unauthorised access", EscalationTarget.Security),
        new("vulnerability", "Vulnerability report or compliance concern", EscalationTarget.Security),
        new("churn-threat", "High-revenue customer threatening churn", EscalationTarget.Leadership),
        new("sla-breach-critical", "SLA breach on a critical account", EscalationTarget.Leadership),
        new("cross-functional", "Cross-functional decision or exception to policy needed", EscalationTarget.Leadership),
        new("pr-legal", "PR or legal risk", EscalationTarget.Leadership),
    ];
}

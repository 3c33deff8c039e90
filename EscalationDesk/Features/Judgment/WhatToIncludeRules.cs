using EscalationDesk.Features.Wizard;

namespace EscalationDesk.Features.Judgment;

public sealed record IncludeItem(EscalationTarget Target, string Text, int Step, string Fields, bool Satisfied);

// The skill's tier table: what each target needs in the brief, each item tied to the fields that satisfy it.
public static class WhatToIncludeRules
{
    private sealed record Rule(string Text, int Step, string Fields, Func<DraftContent, int, bool> IsMet);

    private static bool Has(string? text) => !string.IsNullOrWhiteSpace(text);

    private static readonly Rule BusinessImpact = new("Business impact", 3, "Customers affected or ARR at risk",
        (c, _) => c.Impact.CustomersAffected is not null || c.Impact.ArrAtRisk is not null);

    private static readonly Dictionary<EscalationTarget, Rule[]> Rules = new()
    {
        [EscalationTarget.L2Support] =
        [
            new("Ticket summary", 1, "Summary and What's broken or needed", (c, _) => Has(c.Understand.Summary) && Has(c.Understand.WhatsBroken)),
            new("Steps already tried", 1, "What's been tried", (c, _) => c.Understand.Tried.Any(t => Has(t.Step))),
            new("Customer context", 1, "Customer and Who's affected", (c, _) => c.Understand.AccountId is not null && Has(c.Understand.WhosAffected)),
        ],
        [EscalationTarget.Engineering] =
        [
            new("Full reproduction steps", 5, "Steps, Expected and Actual",
                (c, _) => c.Reproduce.Steps.Any(s => Has(s.Text)) && Has(c.Reproduce.Expected) && Has(c.Reproduce.Actual)),
            new("Environment details", 5, "Environment", (c, _) => Has(c.Reproduce.Environment)),
            new("Logs or error messages", 5, "Evidence", (c, files) => Has(c.Reproduce.ErrorMessages) || files > 0),
            BusinessImpact,
            new("Customer timeline", 1, "Started", (c, _) => c.Understand.Started is not null),
        ],
        [EscalationTarget.Product] =
        [
            new("Customer use case", 1, "What's broken or needed", (c, _) => Has(c.Understand.WhatsBroken)),
            BusinessImpact,
            new("Frequency of request", 2, "Related tickets or Customers affected",
                (c, _) => c.Context.RelatedTickets.Any(t => Has(t.Reference)) || c.Impact.CustomersAffected is not null),
            new("Competitive pressure (if known)", 3, "Pending deals affected or Escalation risk",
                (c, _) => c.Impact.PendingDealsAmount is not null || Has(c.Impact.PendingDealsNote) || Has(c.Brief.EscalationRisk)),
        ],
        [EscalationTarget.Security] =
        [
            new("What was observed", 1, "What's broken or needed", (c, _) => Has(c.Understand.WhatsBroken)),
            new("Who or what is potentially affected", 1, "Who's affected", (c, _) => Has(c.Understand.WhosAffected)),
            new("Immediate containment steps taken", 1, "What's been tried", (c, _) => c.Understand.Tried.Any(t => Has(t.Step))),
            new("Urgency assessment", 1, "Why escalate now", (c, _) => Has(c.Understand.WhyEscalateNow)),
        ],
        [EscalationTarget.Leadership] =
        [
            new("Full business context", 1, "Who's affected and Why escalate now", (c, _) => Has(c.Understand.WhosAffected) && Has(c.Understand.WhyEscalateNow)),
            new("Revenue at risk", 3, "ARR at risk", (c, _) => c.Impact.ArrAtRisk is not null),
            new("What's been tried", 1, "What's been tried", (c, _) => c.Understand.Tried.Any(t => Has(t.Step))),
            new("Specific decision or action needed", 6, "Specific ask and What's needed",
                (c, _) => c.Brief.SpecificAsk is not null && Has(c.Brief.WhatsNeeded)),
            new("Deadline", 6, "Deadline", (c, _) => c.Brief.Deadline is not null),
        ],
    };

    public static IReadOnlyList<IncludeItem> Evaluate(DraftContent content, IEnumerable<EscalationTarget> targets, int attachmentCount) =>
        targets.SelectMany(target => Rules[target].Select(rule =>
            new IncludeItem(target, rule.Text, rule.Step, rule.Fields, rule.IsMet(content, attachmentCount)))).ToList();
}

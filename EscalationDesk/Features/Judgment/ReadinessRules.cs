using EscalationDesk.Features.Wizard;

namespace EscalationDesk.Features.Judgment;

// PRODUCT.md §1 step 6: one list of what is missing or weak across the whole record.
public static class ReadinessRules
{
    public const int MinimumSummaryWords = 4;

    public static IReadOnlyList<Finding> Check(DraftContent c, Assessment a)
    {
        var findings = new List<Finding>();
        var words = c.Understand.Summary.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Length;
        if (words == 0) findings.Add(new(1, "Summary", "No Summary."));
        else if (words < MinimumSummaryWords) findings.Add(new(1, "Summary", $"Summary is too vague: {words} word{(words == 1 ? "" : "s")}; say what fails for whom."));
        if (a.Escalate.NeedsReasonToContinue && string.IsNullOrWhiteSpace(c.Understand.EscalateAnywayReason))
            findings.Add(new(1, "Reason to escalate anyway", "The checklist says handle in support: give a reason to escalate anyway."));
        if (c.Impact.CustomersAffected is null && c.Impact.ArrAtRisk is null)
            findings.Add(new(3, "Customers affected", "Impact is not quantified: give Customers affected or ARR at risk."));
        if (a.Severity.OverrideNeedsReason)
            findings.Add(new(3, "Reason for the severity", $"Severity {a.Severity.Effective.Text()} differs from the suggested {a.Severity.Suggested.Severity.Text()}: give a reason."));
        if (a.Targets.Primary is null)
            findings.Add(new(4, "Primary target", "No target: tick the signals that apply or pick a target."));
        if (a.Targets.OverrideNeedsReason)
            findings.Add(new(4, "Reason for the primary target", "Security is recommended, so it stays primary until you give a reason."));
        findings.AddRange(a.ReproWarnings);
        findings.AddRange(a.WhatToInclude.Where(i => !i.Satisfied)
            .Select(i => new Finding(i.Step, i.Fields, $"{i.Target.Text()} needs: {i.Text} ({i.Fields}).")));
        if (c.Brief.SpecificAsk is null || (c.Brief.SpecificAsk == SpecificAsk.Other && string.IsNullOrWhiteSpace(c.Brief.OtherAsk)))
            findings.Add(new(6, "Specific ask", "No specific ask: say whether to investigate, fix, decide or approve."));
        if (c.Brief.Deadline is null) findings.Add(new(6, "Deadline", "No deadline: urgency without a date is ambiguous."));
        return findings;
    }
}

using EscalationDesk.Features.Judgment;
using EscalationDesk.Features.Wizard;

namespace EscalationDesk.Tests.Features.Judgment;

public sealed class ReadinessRulesTests
{
    // A record a senior engineer would send as it is: nothing missing or weak.
    internal static DraftContent Ready() => new()
    {
        Understand = new()
        {
            Summary = "CSV export drops rows above 10,000", WhatsBroken = "Exports stop at 10,000 rows.", AccountId = 1,
            WhosAffected = "Acme finance team", Started = new DateTime(2026, 11, 20, 9, 0, 0), WhyEscalateNow = "Month-end close",
            Tried = [new() { Step = "Re-ran the export", Result = "Same" }], EscalateItems = ["bug-confirmed"],
        },
        Impact = new() { CustomersAffected = 3, ArrAtRisk = 120_000m, SeveritySignals = ["major-functionality"] },
        Target = new() { Signals = ["bug-needs-fix"] },
        Reproduce = new()
        {
            Steps = [new() { Text = "Click Export on the Dashboard page" }], Expected = "12,000 rows", Actual = "10,000 rows",
            Environment = "Chrome 131", Frequency = ReproFrequency.Always, ErrorMessages = "none",
        },
        Brief = new() { SpecificAsk = SpecificAsk.PrioritizeFix, WhatsNeeded = "Fix before the 30th", Deadline = new DateTime(2026, 11, 28, 17, 0, 0) },
    };

    private static IReadOnlyList<Finding> Readiness(DraftContent c) => Assessment.Of(c, JudgmentFacts.None).Readiness;

    [Fact]
    public void A_complete_record_is_ready() => Assert.Empty(Readiness(Ready()));

    public static TheoryData<string, int, string, string> Items => new()
    {
        { "summary-vague", 1, "Summary", "Summary is too vague" },
        { "summary-missing", 1, "Summary", "No Summary" },
        { "unquantified", 3, "Customers affected", "Impact is not quantified" },
        { "no-deadline", 6, "Deadline", "No deadline" },
        { "no-ask", 6, "Specific ask", "No specific ask" },
        { "other-ask-empty", 6, "Specific ask", "No specific ask" },
        { "repro-warning", 5, "Environment", "No Environment" },
        { "include-unmet", 1, "Started", "Engineering needs: Customer timeline" },
        { "severity-override", 3, "Reason for the severity", "differs from the suggested" },
        { "handle-in-support", 1, "Reason to escalate anyway", "give a reason to escalate anyway" },
        { "security-primary", 4, "Reason for the primary target", "Security is recommended" },
        { "no-target", 4, "Primary target", "No target" },
    };

    [Theory]
    [MemberData(nameof(Items))]
    public void Each_missing_or_weak_part_is_listed_at_its_step(string weakness, int step, string field, string message)
    {
        var c = Ready();
        switch (weakness)
        {
            case "summary-vague": c.Understand.Summary = "Export broken"; break;
            case "summary-missing": c.Understand.Summary = ""; break;
            case "unquantified": c.Impact.CustomersAffected = null; c.Impact.ArrAtRisk = null; break;
            case "no-deadline": c.Brief.Deadline = null; break;
            case "no-ask": c.Brief.SpecificAsk = null; break;
            case "other-ask-empty": c.Brief.SpecificAsk = SpecificAsk.Other; break;
            case "repro-warning": c.Reproduce.Environment = ""; break;
            case "include-unmet": c.Understand.Started = null; break;
            case "severity-override": c.Impact.ChosenSeverity = Severity.Medium; break;
            case "handle-in-support": c.Understand.EscalateItems.Clear(); c.Understand.HandleInSupportItems = ["configuration"]; break;
            case "security-primary": c.Target.Signals.Add("data-exposure"); c.Target.ChosenPrimary = EscalationTarget.Engineering;
                c.Understand.Tried.Clear(); c.Understand.Tried.Add(new() { Step = "Rotated keys", Result = "done" }); break;
            case "no-target": c.Target.Signals.Clear(); c.Target.UntickedFromStep1.Add("bug-needs-fix"); break;
        }

        var findings = Readiness(c);

        Assert.Contains(findings, f => f.Step == step && f.Field == field && f.Message.Contains(message));
    }

    [Fact]
    public void Linked_reports_from_three_customers_suggest_the_pattern_item_until_it_is_ticked()
    {
        var c = Ready();
        Assert.False(Assessment.Of(c, new JudgmentFacts(LinkedCustomerCount: 2)).SuggestPattern);
        Assert.True(Assessment.Of(c, new JudgmentFacts(LinkedCustomerCount: 3)).SuggestPattern);
        c.Understand.EscalateItems.Add(Assessment.PatternItem);
        Assert.False(Assessment.Of(c, new JudgmentFacts(LinkedCustomerCount: 3)).SuggestPattern);
    }
}

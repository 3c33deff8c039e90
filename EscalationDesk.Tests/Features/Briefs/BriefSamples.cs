using EscalationDesk.Features.Briefs;
using EscalationDesk.Features.Judgment;
using EscalationDesk.Features.Wizard;

namespace EscalationDesk.Tests.Features.Briefs;

public static class BriefSamples
{
    public static readonly DateTime CreatedAt = new(2026, 11, 23, 8, 15, 0, DateTimeKind.Utc);
    public static readonly DateTime AsOf = new(2026, 11, 24, 10, 45, 0, DateTimeKind.Utc);

    public static DraftContent FullContent() => new()
    {
        Understand = new()
        {
            Summary = "CSV export drops rows above 10,000 for Acme",
            WhatsBroken = "Exports of the Transactions report stop at exactly 10,000 rows.\nNo error is shown to the user.",
            AccountId = 1, WhosAffected = "Acme finance team (40 users)", Started = new DateTime(2026, 11, 20, 9, 0, 0),
            Tried = [new() { Step = "Re-ran the export with a smaller date range", Result = "Works below 10,000 rows" },
                     new() { Step = "Tried Firefox and Chrome", Result = "Same in both" }],
            WhyEscalateNow = "Month-end close on the 30th depends on this export.",
            EscalateItems = ["bug-confirmed", "high-value-at-risk"],
        },
        Context = new()
        {
            RelatedTickets = [new() { Reference = "https://support.example.com/tickets/4711", Note = "first report" }],
            InternalDiscussions = [new() { Reference = "#support-escalations thread 2026-11-21", Note = "" }],
            RelatedBugs = [new() { Reference = "ENG-1234", Note = "open" }],
            KnownIssues = [new() { Reference = "KB-88", Note = "export limits" }],
            LinkedSimilar = [7],
        },
        Impact = new()
        {
            CustomersAffected = 3, UsersAffected = 120, Growing = true, Depth = ImpactDepth.Blocked, TimeUntilCritical = "Month-end close",
            ArrAtRisk = 250_000m, PendingDealsAmount = 40_000m, PendingDealsNote = "Globex expansion", ReferenceCustomer = true,
            SlaStatus = SlaStatus.AtRisk, SeveritySignals = ["major-functionality", "key-customer-blocked"],
        },
        Target = new() { Signals = ["bug-needs-fix", "churn-threat"] },
        Reproduce = new()
        {
            StartingState = "Enterprise account, admin role",
            Steps = [new() { Text = "Open Reports > Transactions" }, new() { Text = "Set the range to 2026-01-01 to 2026-11-01" }, new() { Text = "Click Export CSV" }],
            Expected = "A CSV with 12,345 rows", Actual = "A CSV with 10,000 rows", Environment = "Chrome 131 on macOS 15, plan Enterprise",
            Frequency = ReproFrequency.Always, ErrorMessages = "none shown; server log: ExportLimitExceeded", RuledOut = "Not browser-specific",
        },
        Brief = new()
        {
            SpecificAsk = SpecificAsk.PrioritizeFix, WhatsNeeded = "Lift or page the 10,000-row cap before month-end.",
            Deadline = new DateTime(2026, 11, 28, 17, 0, 0), LastUpdateToCustomerAt = new DateTime(2026, 11, 24, 9, 30, 0),
            LastUpdateToCustomer = "Told them engineering is looking at it today.", CustomerExpectation = "A fix before the 30th",
            EscalationRisk = "CFO will call our CEO if month-end slips.",
        },
    };

    public static BriefSource Full() => new(42, FullContent(), "Acme Corp", "Ana Agent", CreatedAt,
        [new LinkedEscalation(7, "Exports truncated for Globex", "Globex")], ["export-log.txt"], "USD", AsOf);

    public static BriefSource Empty() => new(43, new DraftContent(), null, "Ana Agent", CreatedAt, [], [], "USD", AsOf);

    public static BriefSource With(DraftContent content) => new(44, content, "Acme Corp", "Ana Agent", CreatedAt, [], [], "USD", AsOf);
}

using EscalationDesk.Features.Judgment;
using EscalationDesk.Features.Wizard;

namespace EscalationDesk.Tests.Features.Judgment;

public sealed class WhatToIncludeRulesTests
{
    public static TheoryData<EscalationTarget, string[]> Tiers => new()
    {
        { EscalationTarget.L2Support, ["Ticket summary", "Steps already tried", "Customer context"] },
        { EscalationTarget.Engineering, ["Full reproduction steps", "Environment details", "Logs or error messages", "Business impact", "Customer timeline"] },
        { EscalationTarget.Product, ["Customer use case", "Business impact", "Frequency of request", "Competitive pressure (if known)"] },
        { EscalationTarget.Security, ["What was observed", "Who or what is potentially affected", "Immediate containment steps taken", "Urgency assessment"] },
        { EscalationTarget.Leadership, ["Full business context", "Revenue at risk", "What's been tried", "Specific decision or action needed", "Deadline"] },
    };

    [Theory]
    [MemberData(nameof(Tiers))]
    public void Each_target_lists_its_tier_items_unticked_on_an_empty_record_and_ticked_on_a_full_one(EscalationTarget target, string[] items)
    {
        var empty = WhatToIncludeRules.Evaluate(new DraftContent(), [target], 0);
        Assert.Equal(items, empty.Select(i => i.Text));
        Assert.All(empty, i => Assert.False(i.Satisfied));

        var full = ReadinessRulesTests.Ready();
        full.Understand.WhyEscalateNow = "Month-end close";
        full.Brief.EscalationRisk = "They will call the CEO";
        Assert.All(WhatToIncludeRules.Evaluate(full, [target], 0), i => Assert.True(i.Satisfied, i.Text));
    }

    [Fact]
    public void An_attachment_satisfies_logs_or_error_messages()
    {
        var c = new DraftContent();
        Assert.True(WhatToIncludeRules.Evaluate(c, [EscalationTarget.Engineering], 1).Single(i => i.Text == "Logs or error messages").Satisfied);
    }
}

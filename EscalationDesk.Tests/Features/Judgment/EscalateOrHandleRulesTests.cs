using EscalationDesk.Features.Judgment;
using EscalationDesk.Features.Wizard;

namespace EscalationDesk.Tests.Features.Judgment;

public sealed class EscalateOrHandleRulesTests
{
    public static TheoryData<string[], string[], string[], string> Rows => new()
    {
        { [], [], [], "Not enough information" },
        { ["documented-solution"], [], [], "Handle in support" },
        { ["configuration", "guidance"], [], [], "Handle in support" },
        { [], ["bug-confirmed"], [], "Escalate" },
        { ["documented-solution"], ["multiple-customers"], [], "Escalate" },
        { [], ["security-concern"], [], "Escalate to Security now" },
        { ["documented-solution"], ["security-concern", "bug-confirmed"], [], "Escalate to Security now" },
        { ["documented-solution"], [], ["data-exposure"], "Escalate to Security now" },
        { [], [], ["vulnerability"], "Escalate to Security now" },
        { [], [], ["bug-needs-fix"], "Not enough information" },
    };

    [Theory]
    [MemberData(nameof(Rows))]
    public void The_recommendation_follows_the_ticked_items(string[] handle, string[] escalate, string[] targetSignals, string expected)
    {
        var advice = EscalateOrHandleRules.Evaluate(
            new UnderstandStep { HandleInSupportItems = [.. handle], EscalateItems = [.. escalate] },
            new TargetStep { Signals = [.. targetSignals] });

        Assert.Equal(expected, advice.Text);
        Assert.Equal(expected == "Handle in support", advice.NeedsReasonToContinue);
    }

    [Fact]
    public void Every_escalate_item_of_every_group_recommends_escalating_and_is_named_as_the_reason()
    {
        foreach (var item in Checklists.Escalate.SelectMany(g => g.Items))
        {
            var advice = EscalateOrHandleRules.Evaluate(new UnderstandStep { EscalateItems = [item.Key] }, new TargetStep());
            Assert.Contains(advice.Recommendation, new[] { EscalateRecommendation.Escalate, EscalateRecommendation.EscalateToSecurityNow });
            Assert.Equal([item.Text], advice.Reasons);
        }
        Assert.Equal(["Technical", "Complexity", "Impact", "Business", "Time", "Pattern"], Checklists.Escalate.Select(g => g.Name));
    }
}

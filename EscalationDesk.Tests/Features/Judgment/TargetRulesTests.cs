using EscalationDesk.Features.Judgment;
using EscalationDesk.Features.Wizard;

namespace EscalationDesk.Tests.Features.Judgment;

public sealed class TargetRulesTests
{
    public static TheoryData<string, EscalationTarget> SignalTable => new()
    {
        { "Needs deeper investigation or specialised product knowledge", EscalationTarget.L2Support },
        { "Bug confirmed, needs a code fix", EscalationTarget.Engineering },
        { "Infrastructure or system-level investigation needed", EscalationTarget.Engineering },
        { "Data corruption or loss", EscalationTarget.Engineering },
        { "Feature gap causing customer pain", EscalationTarget.Product },
        { "Design decision needed / workflow doesn't match expectations", EscalationTarget.Product },
        { "Competing customer needs require prioritisation", EscalationTarget.Product },
        { "Potential data exposure or unauthorised access", EscalationTarget.Security },
        { "Vulnerability report or compliance concern", EscalationTarget.Security },
        { "High-revenue customer threatening churn", EscalationTarget.Leadership },
        { "SLA breach on a critical account", EscalationTarget.Leadership },
        { "Cross-functional decision or exception to policy needed", EscalationTarget.Leadership },
        { "PR or legal risk", EscalationTarget.Leadership },
    };

    [Theory]
    [MemberData(nameof(SignalTable))]
    public void Each_signal_recommends_its_target_with_itself_as_the_reason(string signalText, EscalationTarget expected)
    {
        var key = Checklists.TargetSignals.Single(s => s.Text == signalText).Key;

        var recommendation = Assert.Single(TargetRules.Recommend([key]));

        Assert.Equal(expected, recommendation.Target);
        Assert.Equal([signalText], recommendation.Reasons);
        Assert.Equal(expected, Decide(new TargetStep { Signals = [key] }).Primary);
    }

    [Fact]
    public void The_table_has_exactly_the_thirteen_signals_of_the_spec()
    {
        Assert.Equal(SignalTable.Select(r => (string)r[0]), Checklists.TargetSignals.Select(s => s.Text));
    }

    public static TheoryData<string[], EscalationTarget, string> PrecedenceRows => new()
    {
        { ["pr-legal", "deeper-investigation"], EscalationTarget.L2Support, "L2 Support, Leadership" },
        { ["pr-legal", "deeper-investigation", "feature-gap"], EscalationTarget.Product, "Product, L2 Support, Leadership" },
        { ["feature-gap", "churn-threat", "bug-needs-fix"], EscalationTarget.Engineering, "Engineering, Product, Leadership" },
        { ["bug-needs-fix", "data-exposure", "churn-threat"], EscalationTarget.Security, "Security, Engineering, Leadership" },
        { ["churn-threat"], EscalationTarget.Leadership, "Leadership" },
    };

    [Theory]
    [MemberData(nameof(PrecedenceRows))]
    public void The_primary_follows_Security_Engineering_Product_L2_Support_Leadership(string[] signals, EscalationTarget primary, string team)
    {
        var decision = Decide(new TargetStep { Signals = [.. signals] });

        Assert.Equal(primary, decision.Primary);
        Assert.Equal(team, decision.TeamText);
    }

    [Fact]
    public void The_agent_may_pick_another_primary_which_then_leads_the_team()
    {
        var decision = Decide(new TargetStep { Signals = ["bug-needs-fix", "churn-threat"], ChosenPrimary = EscalationTarget.Leadership });

        Assert.Equal(EscalationTarget.Leadership, decision.Primary);
        Assert.Equal("Leadership, Engineering", decision.TeamText);
        Assert.False(decision.OverrideNeedsReason);
    }

    [Fact]
    public void A_recommended_Security_stays_primary_until_the_agent_gives_a_reason()
    {
        var step = new TargetStep { Signals = ["data-exposure", "bug-needs-fix"], ChosenPrimary = EscalationTarget.Engineering };

        var withoutReason = Decide(step);
        Assert.True(withoutReason.SecurityRecommended);
        Assert.True(withoutReason.OverrideNeedsReason);
        Assert.Equal(EscalationTarget.Security, withoutReason.Primary);

        step.PrimaryReason = "Exposure ruled out by the security on-call; the defect remains";
        var withReason = Decide(step);
        Assert.Equal(EscalationTarget.Engineering, withReason.Primary);
        Assert.Equal("Engineering, Security", withReason.TeamText);
    }

    [Fact]
    public void Chosen_targets_replace_the_recommendation()
    {
        var decision = Decide(new TargetStep { Signals = ["bug-needs-fix"], ChosenTargets = [EscalationTarget.Product, EscalationTarget.Leadership] });

        Assert.Equal("Product, Leadership", decision.TeamText);
        Assert.Equal(EscalationTarget.Product, decision.Primary);
    }

    [Fact]
    public void No_signal_and_no_choice_means_no_target()
    {
        var decision = Decide(new TargetStep());
        Assert.Null(decision.Primary);
        Assert.Empty(decision.Effective);
    }

    private static TargetDecision Decide(TargetStep step) => TargetRules.Decide(new DraftContent { Target = step });
}

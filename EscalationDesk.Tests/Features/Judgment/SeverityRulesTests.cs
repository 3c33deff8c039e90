using EscalationDesk.Features.Judgment;
using EscalationDesk.Features.Wizard;

namespace EscalationDesk.Tests.Features.Judgment;

public sealed class SeverityRulesTests
{
    public static TheoryData<string[], SlaStatus?, ImpactDepth?, Severity, string> Rows => new()
    {
        { ["production-down"], null, null, Severity.Critical, "Critical because: Production down" },
        { ["data-at-risk"], null, null, Severity.Critical, "Critical because: Data at risk" },
        { ["security-breach"], null, null, Severity.Critical, "Critical because: Security breach" },
        { ["multiple-high-value"], null, null, Severity.Critical, "Critical because: Multiple high-value customers affected" },
        { ["data-at-risk", "major-functionality"], SlaStatus.Breached, ImpactDepth.Blocked, Severity.Critical, "Critical because: Data at risk" },
        { ["major-functionality"], null, null, Severity.High, "High because: Major functionality broken" },
        { ["key-customer-blocked"], null, null, Severity.High, "High because: Key customer blocked" },
        { [], SlaStatus.AtRisk, null, Severity.High, "High because: SLA status At risk" },
        { [], SlaStatus.Breached, null, Severity.High, "High because: SLA status Breached" },
        { [], null, ImpactDepth.Blocked, Severity.High, "High because: Depth Blocked" },
        { [], SlaStatus.NotAtRisk, ImpactDepth.Degraded, Severity.Medium, "Medium: no Critical or High signal" },
        { ["workaround-available"], null, ImpactDepth.Inconvenienced, Severity.Medium, "Medium: no Critical or High signal" },
        { [], null, null, Severity.Medium, "Medium: no Critical or High signal" },
    };

    [Theory]
    [MemberData(nameof(Rows))]
    public void Suggested_severity_follows_the_table_with_its_reasons(string[] signals, SlaStatus? sla, ImpactDepth? depth, Severity expected, string explanation)
    {
        var suggestion = Suggest(new ImpactStep { SeveritySignals = [.. signals], SlaStatus = sla, Depth = depth });

        Assert.Equal(expected, suggestion.Severity);
        Assert.Equal(explanation, suggestion.Explanation);
    }

    [Fact]
    public void High_lists_every_reason_that_produced_it()
    {
        var suggestion = Suggest(new ImpactStep
        {
            SeveritySignals = ["key-customer-blocked", "major-functionality"], SlaStatus = SlaStatus.AtRisk, Depth = ImpactDepth.Blocked,
        });
        Assert.Equal(["Major functionality broken", "Key customer blocked", "SLA status At risk", "Depth Blocked"], suggestion.Reasons);
    }

    [Fact]
    public void The_suggestion_is_the_severity_until_the_agent_overrides_it_and_an_override_needs_a_reason()
    {
        var impact = new ImpactStep { SeveritySignals = ["data-at-risk"] };
        var suggested = Decide(impact);
        Assert.Equal(Severity.Critical, suggested.Effective);
        Assert.False(suggested.IsOverride);

        impact.ChosenSeverity = Severity.Critical;
        Assert.False(Decide(impact).IsOverride);

        impact.ChosenSeverity = Severity.Medium;
        var overridden = Decide(impact);
        Assert.Equal(Severity.Medium, overridden.Effective);
        Assert.True(overridden.IsOverride);
        Assert.True(overridden.OverrideNeedsReason);

        impact.SeverityReason = "Customer confirmed only a test tenant is affected";
        Assert.False(Decide(impact).OverrideNeedsReason);
    }

    private static SeveritySuggestion Suggest(ImpactStep impact) => SeverityRules.Suggest(new DraftContent { Impact = impact });

    private static SeverityDecision Decide(ImpactStep impact) => SeverityRules.Decide(new DraftContent { Impact = impact });
}

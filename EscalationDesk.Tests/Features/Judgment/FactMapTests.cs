using EscalationDesk.Features.Judgment;
using EscalationDesk.Features.Wizard;

namespace EscalationDesk.Tests.Features.Judgment;

// The whole FactMap, row by row: a fact ticked on step 1 is ticked on steps 3 and 4 and feeds severity and targets,
// and unticked there it no longer does.
public sealed class FactMapTests
{
    // Step-1 item → what ticking it alone suggests and recommends (written out here, not derived from FactMap).
    public static TheoryData<string, Severity, EscalationTarget[]> Rows => new()
    {
        { "bug-confirmed", Severity.Medium, [EscalationTarget.Engineering] },
        { "infrastructure", Severity.Medium, [EscalationTarget.Engineering] },
        { "data-corruption", Severity.Critical, [EscalationTarget.Engineering] },
        { "beyond-diagnosis", Severity.Medium, [EscalationTarget.L2Support] },
        { "production-down", Severity.Critical, [] },
        { "data-integrity", Severity.Critical, [] },
        { "security-concern", Severity.Critical, [EscalationTarget.Security] },
        { "high-value-at-risk", Severity.Medium, [EscalationTarget.Leadership] },
        { "sla-breach", Severity.High, [EscalationTarget.Leadership] },
    };

    public static TheoryData<string> Items
    {
        get
        {
            var items = new TheoryData<string>();
            foreach (var row in Rows) items.Add((string)row[0]);
            return items;
        }
    }

    private static DraftContent Ticked(string item) => new() { Understand = new() { EscalateItems = [item] } };

    [Fact]
    public void The_rows_above_are_the_whole_map_and_name_real_checklist_items()
    {
        Assert.Equal(Rows.Select(r => (string)r[0]).Order(), FactMap.Rows.Select(r => r.EscalateItem).Order());
        var escalate = Checklists.Escalate.SelectMany(g => g.Items).Select(i => i.Key).ToHashSet();
        foreach (var row in FactMap.Rows)
        {
            Assert.Contains(row.EscalateItem, escalate);
            Assert.All(row.SeveritySignals, s => Assert.Contains(s, Checklists.SeveritySignals.Select(x => x.Key)));
            Assert.All(row.TargetSignals, s => Assert.Contains(s, Checklists.TargetSignals.Select(x => x.Key)));
        }
    }

    [Theory]
    [MemberData(nameof(Rows))]
    public void A_fact_ticked_on_step_1_is_ticked_later_and_feeds_severity_and_targets(string item, Severity severity, EscalationTarget[] targets)
    {
        var content = Ticked(item);
        var row = FactMap.Rows.Single(r => r.EscalateItem == item);

        var decision = SeverityRules.Decide(content);
        Assert.All(row.SeveritySignals, s => Assert.True(decision.Signals.IsFromStep1(s), s));
        Assert.All(row.TargetSignals, s => Assert.True(FactMap.TargetSignals(content).IsFromStep1(s), s));
        Assert.Equal(severity, decision.Effective);
        Assert.All(decision.Suggested.Reasons, r => Assert.EndsWith("(from step 1)", r));
        Assert.Equal(row.SlaStatus, decision.SlaStatus);
        Assert.Equal(targets, TargetRules.Decide(content).Effective);
        Assert.All(TargetRules.Decide(content).Recommended.SelectMany(r => r.Reasons), r => Assert.EndsWith("(from step 1)", r));
        // The step's own lists stay as the agent left them: carried facts are read, not copied.
        Assert.Empty(content.Impact.SeveritySignals);
        Assert.Empty(content.Target.Signals);
    }

    [Theory]
    [MemberData(nameof(Items))]
    public void Unticked_on_its_later_step_a_carried_fact_no_longer_feeds_them(string item)
    {
        var content = Ticked(item);
        foreach (var signal in FactMap.SeveritySignals(content).Carried)
            FactMap.Set(content.Impact.SeveritySignals, content.Impact.UntickedFromStep1, FactMap.SeveritySignals(content), signal, ticked: false);
        foreach (var signal in FactMap.TargetSignals(content).Carried)
            FactMap.Set(content.Target.Signals, content.Target.UntickedFromStep1, FactMap.TargetSignals(content), signal, ticked: false);
        if (FactMap.CarriedSlaStatus(content.Understand) is not null) content.Impact.SlaStatus = SlaStatus.NotAtRisk;

        Assert.Equal(Severity.Medium, SeverityRules.Decide(content).Effective);
        Assert.Empty(TargetRules.Decide(content).Effective);
        var signals = FactMap.SeveritySignals(content);
        Assert.All(signals.Carried, s => Assert.True(!signals.IsTicked(s) && signals.IsUntickedHere(s), s));
        Assert.Empty(content.Impact.SeveritySignals);
    }

    [Fact]
    public void An_untick_can_be_ticked_back_and_an_own_tick_is_unticked_with_the_carried_one()
    {
        var content = Ticked("production-down");
        content.Impact.SeveritySignals.Add("production-down");
        Assert.False(SeverityRules.Decide(content).Signals.IsFromStep1("production-down"));

        FactMap.Set(content.Impact.SeveritySignals, content.Impact.UntickedFromStep1, FactMap.SeveritySignals(content), "production-down", false);
        Assert.Equal(Severity.Medium, SeverityRules.Decide(content).Effective);

        FactMap.Set(content.Impact.SeveritySignals, content.Impact.UntickedFromStep1, FactMap.SeveritySignals(content), "production-down", true);
        Assert.Equal(Severity.Critical, SeverityRules.Decide(content).Effective);
        Assert.Empty(content.Impact.UntickedFromStep1);
        Assert.Equal("Critical because: Production down (from step 1)", SeverityRules.Suggest(content).Explanation);
    }

    [Fact]
    public void A_status_the_agent_picks_wins_over_the_one_step_1_says()
    {
        var content = Ticked("sla-breach");
        Assert.Equal(["SLA status At risk (from step 1)"], SeverityRules.Suggest(content).Reasons);

        content.Impact.SlaStatus = SlaStatus.Breached;
        var decision = SeverityRules.Decide(content);
        Assert.Equal((SlaStatus.Breached, false), (decision.SlaStatus!.Value, decision.SlaStatusFromStep1));
        Assert.Equal(["SLA status Breached"], decision.Suggested.Reasons);
    }

    [Fact]
    public void Items_outside_the_map_carry_nothing()
    {
        foreach (var item in Checklists.Escalate.SelectMany(g => g.Items).Where(i => FactMap.Rows.All(r => r.EscalateItem != i.Key)))
        {
            var content = Ticked(item.Key);
            Assert.Equal(Severity.Medium, SeverityRules.Decide(content).Effective);
            Assert.Empty(TargetRules.Decide(content).Effective);
        }
    }
}

using Bunit;
using EscalationDesk.Features.Escalations;
using EscalationDesk.Features.Judgment;
using EscalationDesk.Tests.Infrastructure;

namespace EscalationDesk.Tests.Features.Escalations;

// The actions a status offers on the page are exactly the ones the commands carry out: one table (LifecycleRules) for both.
public sealed class LifecycleActionsTests : ComponentTestBase
{
    private readonly FixedUser _lead = FixedUser.Lead();
    private EscalationScenario Scenario => new(Db);
    private LifecycleCommands LeadCommands => new(Db, _lead, Db.Clock);

    public static TheoryData<EscalationStatus, LifecycleAction> EveryPair()
    {
        var pairs = new TheoryData<EscalationStatus, LifecycleAction>();
        foreach (var status in Enum.GetValues<EscalationStatus>())
            foreach (var action in Enum.GetValues<LifecycleAction>())
                pairs.Add(status, action);
        return pairs;
    }

    [Theory]
    [MemberData(nameof(EveryPair))]
    public async Task An_action_is_offered_on_the_page_exactly_when_the_server_carries_it_out(EscalationStatus status, LifecycleAction action)
    {
        var id = await InStatusAsync(status);

        var buttons = Render<EscalationActions>(p => p.Add(x => x.EscalationId, id).Add(x => x.Status, status).Add(x => x.ByLead, true))
            .FindAll("button").Select(b => b.TextContent.Trim()).ToList();
        // Escalate is offered by the wizard's Brief step, for a draft, and never on this page.
        var offered = action == LifecycleAction.Escalate ? status == EscalationStatus.Draft : buttons.Contains(EscalationActions.Labels[action]);
        var result = await ActAsync(id, action);

        Assert.True(offered == result.Ok, $"{status} / {action}: offered {offered}, server said {(result.Ok ? "done" : result.Error)}");
        if (action == LifecycleAction.Escalate) Assert.DoesNotContain("Escalate", buttons);
    }

    [Theory]
    [InlineData(EscalationStatus.Draft, new string[0])]
    [InlineData(EscalationStatus.Escalated, new[] { "Acknowledge", "Log internal follow-up", "Log customer update", "Change severity", "De-escalate", "Resolve" })]
    [InlineData(EscalationStatus.Acknowledged, new[] { "Log internal follow-up", "Log customer update", "Change severity", "De-escalate", "Resolve" })]
    [InlineData(EscalationStatus.Resolved, new[] { "Log customer update", "Close" })]
    [InlineData(EscalationStatus.DeEscalated, new[] { "Log customer update", "Close" })]
    [InlineData(EscalationStatus.Closed, new[] { "Reopen" })]
    public void Each_status_offers_a_lead_only_the_actions_that_make_sense(EscalationStatus status, string[] expected)
    {
        var buttons = Render<EscalationActions>(p => p.Add(x => x.Status, status).Add(x => x.ByLead, true)).FindAll("button").Select(b => b.TextContent.Trim());

        Assert.Equal(expected, buttons);
    }

    [Fact]
    public void An_agent_is_not_offered_Reopen_on_a_closed_escalation()
    {
        var page = Render<EscalationActions>(p => p.Add(x => x.Status, EscalationStatus.Closed).Add(x => x.ByLead, false));

        Assert.Empty(page.FindAll("button"));
    }

    [Fact]
    public async Task An_agent_cannot_reopen_even_their_own_closed_escalation()
    {
        var id = await InStatusAsync(EscalationStatus.Closed);

        var result = await Scenario.Lifecycle.ReopenAsync(id, "The customer says it is back");

        Assert.Equal("Only a Lead or an Admin can reopen a closed escalation.", result.Error);
        Assert.Equal(EscalationStatus.Closed, (await Scenario.Reader.GetAsync(id))!.Status);
    }

    [Fact]
    public async Task Reopening_needs_a_reason()
    {
        var id = await InStatusAsync(EscalationStatus.Closed);

        Assert.Equal("A reason is required.", (await LeadCommands.ReopenAsync(id, "  ")).Error);
        Assert.Equal(EscalationStatus.Closed, (await Scenario.Reader.GetAsync(id))!.Status);
    }

    [Fact]
    public async Task A_lead_reopens_it_back_to_its_team_with_the_timers_running_again_and_the_reason_on_the_timeline()
    {
        var id = await InStatusAsync(EscalationStatus.Closed);
        Db.Clock.Advance(TimeSpan.FromDays(3));
        var now = Db.Clock.GetUtcNow().UtcDateTime;

        Assert.True((await LeadCommands.ReopenAsync(id, "The customer says it is back")).Ok);

        var view = (await Scenario.Reader.GetAsync(id))!;
        Assert.Equal(EscalationStatus.Acknowledged, view.Status);
        Assert.Equal(now.AddHours(4), view.InternalTimer!.DueAt);
        Assert.Equal(now.AddHours(4), view.CustomerTimer!.DueAt);
        var reopened = view.Timeline.First();
        Assert.Equal(("Lee Lead", "Reopened, back to Acknowledged: The customer says it is back"), (reopened.Actor, reopened.Detail));
        Assert.True((await LeadCommands.LogFollowUpAsync(id, "Looking again")).Ok);
    }

    [Fact]
    public async Task A_closed_escalation_never_acknowledged_reopens_as_Escalated()
    {
        var id = await Scenario.EscalatedAsync();
        await Scenario.Lifecycle.ResolveAsync(id, "Fixed");
        await Scenario.Lifecycle.CloseAsync(id, true, true, "Alert sooner");

        Assert.True((await LeadCommands.ReopenAsync(id, "Back again")).Ok);

        Assert.Equal(EscalationStatus.Escalated, (await Scenario.Reader.GetAsync(id))!.Status);
    }

    // An escalation owned by the agent, brought to the status the way the app gets there.
    private async Task<int> InStatusAsync(EscalationStatus status)
    {
        var s = Scenario;
        if (status == EscalationStatus.Draft) return await s.ReadyDraftAsync();
        var id = await s.EscalatedAsync();
        var steps = status switch
        {
            EscalationStatus.Acknowledged => [() => s.Lifecycle.AcknowledgeAsync(id)],
            EscalationStatus.Resolved => [() => s.Lifecycle.AcknowledgeAsync(id), () => s.Lifecycle.ResolveAsync(id, "Gateway timeout raised")],
            EscalationStatus.DeEscalated => [() => s.Lifecycle.DeEscalateAsync(id, "workaround", ["notify-team"], "")],
            EscalationStatus.Closed =>
            [
                () => s.Lifecycle.AcknowledgeAsync(id), () => s.Lifecycle.ResolveAsync(id, "Gateway timeout raised"),
                () => s.Lifecycle.CloseAsync(id, true, true, "Alert on gateway latency"),
            ],
            _ => new Func<Task<ActionResult>>[0],
        };
        foreach (var step in steps) Assert.True((await step()).Ok);
        return id;
    }

    private Task<ActionResult> ActAsync(int id, LifecycleAction action) => action switch
    {
        LifecycleAction.Escalate => new EscalateCommand(Db, _lead, Db.Clock).EscalateAsync(id),
        LifecycleAction.Acknowledge => LeadCommands.AcknowledgeAsync(id),
        LifecycleAction.LogFollowUp => LeadCommands.LogFollowUpAsync(id, "Checked with Engineering"),
        LifecycleAction.LogCustomerUpdate => LeadCommands.LogCustomerUpdateAsync(id, "Email", "Told them a fix is coming"),
        LifecycleAction.ChangeSeverity => LeadCommands.ChangeSeverityAsync(id, Severity.Critical, "Second region affected"),
        LifecycleAction.DeEscalate => LeadCommands.DeEscalateAsync(id, "workaround", [], ""),
        LifecycleAction.Resolve => LeadCommands.ResolveAsync(id, "Fixed"),
        LifecycleAction.Close => LeadCommands.CloseAsync(id, true, true, "Learned"),
        _ => LeadCommands.ReopenAsync(id, "Back again"),
    };
}

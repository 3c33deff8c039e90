using AngleSharp.Dom;
using Bunit;
using Bunit.TestDoubles;
using EscalationDesk.Features.Drafts;
using EscalationDesk.Features.Judgment;
using EscalationDesk.Features.Wizard;
using EscalationDesk.Tests.Features.Escalations;
using EscalationDesk.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace EscalationDesk.Tests.Components;

// Issue 2/9 "Calm readiness": warnings only where the agent has been, blockers before advice, Escalate confirmed.
public sealed class WizardCalmReadinessTests : ComponentTestBase
{
    private static readonly string[] Steps = ["Understand", "Gather context", "Assess impact", "Target", "Reproduce", "Brief", "Next steps"];

    [Fact]
    public async Task A_new_draft_marks_no_step_before_the_agent_has_been_there()
    {
        var id = await Drafts.CreateAsync();

        var page = RenderWizard(id, 1);

        Assert.Empty(MarkedSteps(page));
        Next(page);
        // Understand is left without a summary; the steps ahead, though incomplete, are not marked.
        Assert.Equal(["Understand"], MarkedSteps(page));
    }

    [Fact]
    public async Task Reaching_the_Brief_marks_every_step_that_lacks_something()
    {
        var id = await Drafts.CreateAsync();

        var page = RenderWizard(id, 6);

        Assert.Equal(["Understand", "Assess impact", "Target", "Reproduce", "Brief"], MarkedSteps(page));
    }

    [Fact]
    public async Task A_reopened_draft_keeps_the_steps_visited_before()
    {
        var id = await Drafts.CreateAsync();
        var draft = (await Wizard.LoadAsync(id))!;
        draft.Content.Understand.Summary = "Exports fail for Acme customers";
        await Wizard.SaveAsync(id, draft.Content, 3, draft.Version);
        var page = RenderWizard(id, 3);
        Next(page);
        Db.Clock.Advance(Autosave.MaxDelay);
        page.WaitForAssertion(() => Assert.Contains(3, Wizard.LoadAsync(id).Result!.Content.VisitedSteps));
        await DisposeComponentsAsync();

        var reopened = RenderWizard(id, 1);

        Assert.Equal(["Assess impact", "Target"], MarkedSteps(reopened));
    }

    [Fact]
    public async Task The_Brief_lists_what_blocks_escalating_first_then_advice_without_repeating_it()
    {
        var id = await Drafts.CreateAsync();

        var page = RenderWizard(id, 6);

        var lists = page.FindAll("ul.finding-list");
        Assert.Equal(["Before you can escalate", "Advice"], lists.Select(l => l.GetAttribute("aria-label")));
        Assert.Equal(["Summary is required.", "Choose a primary target.", "Say what is needed.", "Set a deadline."], Items(lists[0]));
        var blocked = lists[0].QuerySelectorAll("li").Select(Place).ToHashSet();
        var advice = lists[1].QuerySelectorAll("li").ToList();
        Assert.Contains(advice, li => li.TextContent.Contains("Impact is not quantified"));
        Assert.DoesNotContain(advice, li => blocked.Contains(Place(li)));
        Assert.DoesNotContain(advice, li => li.TextContent.Contains("No deadline") || li.TextContent.Contains("No Summary"));
    }

    [Fact]
    public async Task Escalate_is_disabled_with_the_blockers_named_beside_it()
    {
        var id = await Drafts.CreateAsync();

        var page = RenderWizard(id, 6);

        Assert.True(EscalateButton(page).HasAttribute("disabled"));
        Assert.Equal("Needs first: Summary, Primary target, What's needed, Deadline", page.Find("[data-testid=escalate-blockers]").TextContent.Trim());
        Assert.Equal("escalate-blockers", EscalateButton(page).GetAttribute("aria-describedby"));
    }

    [Fact]
    public async Task A_ready_draft_can_be_escalated_and_has_no_blockers()
    {
        var id = await new EscalationScenario(Db).ReadyDraftAsync();

        var page = RenderWizard(id, 6);

        Assert.False(EscalateButton(page).HasAttribute("disabled"));
        Assert.Empty(page.FindAll("[data-testid=escalate-blockers]"));
        Assert.Empty(page.FindAll("ul[aria-label='Before you can escalate']"));
    }

    [Fact]
    public async Task Escalate_asks_first_showing_severity_targets_primary_first_and_deadline_and_cancel_changes_nothing()
    {
        var id = await new EscalationScenario(Db).ReadyDraftAsync(c => c.Target.Signals.Add("feature-gap"));
        var dialogs = Render<MudDialogProvider>();
        var page = RenderWizard(id, 6);

        EscalateButton(page).Click();

        dialogs.WaitForAssertion(() => Assert.NotEmpty(dialogs.FindAll("[data-testid=escalate-summary]")));
        Assert.Equal("High", dialogs.Find("[data-testid=confirm-severity]").TextContent.Trim());
        Assert.Equal("Engineering (primary), Product", dialogs.Find("[data-testid=confirm-targets]").TextContent.Trim());
        Assert.Equal("2026-11-30 17:00 UTC", dialogs.Find("[data-testid=confirm-deadline]").TextContent.Trim());

        dialogs.FindAll("button").Single(b => b.TextContent.Trim() == "Cancel").Click();

        dialogs.WaitForAssertion(() => Assert.Empty(dialogs.FindAll("[data-testid=escalate-summary]")));
        Assert.Equal(EscalationStatus.Draft, (await Wizard.LoadAsync(id))!.Status);
        Assert.EndsWith("step=6", Services.GetRequiredService<BunitNavigationManager>().Uri);
    }

    [Fact]
    public async Task Confirming_escalates_says_so_and_opens_Next_steps()
    {
        var id = await new EscalationScenario(Db).ReadyDraftAsync();
        var dialogs = Render<MudDialogProvider>();
        var snackbar = Render<MudSnackbarProvider>();
        var page = RenderWizard(id, 6);

        EscalateButton(page).Click();
        dialogs.WaitForAssertion(() => Assert.NotEmpty(dialogs.FindAll("[data-testid=escalate-summary]")));
        dialogs.FindAll("button").Single(b => b.TextContent.Trim() == "Escalate now").Click();

        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("[data-testid=escalated-message]")));
        Assert.Equal(EscalationStatus.Escalated, (await Wizard.LoadAsync(id))!.Status);
        Assert.EndsWith($"/escalations/{id}/edit?step=7", Services.GetRequiredService<BunitNavigationManager>().Uri);
        Assert.Contains($"Escalated as ESC-{id}", page.Find("[data-testid=escalated-message]").TextContent);
        Assert.Contains("Post to chat", page.Markup);
        snackbar.WaitForAssertion(() => Assert.Contains($"Escalated as ESC-{id}: High to Engineering.", snackbar.Markup));
    }

    [Fact]
    public async Task Next_and_Back_focus_the_new_steps_heading()
    {
        var id = await Drafts.CreateAsync();
        var page = RenderWizard(id, 1);

        Next(page);
        Assert.Equal("Step 2 of 7: Gather context", page.Find("[data-step-heading='2']").TextContent);
        Assert.Equal("-1", page.Find("[data-step-heading='2']").GetAttribute("tabindex"));
        page.FindAll("button").Single(b => b.TextContent.Trim() == "Back").Click();

        page.WaitForAssertion(() => Assert.Equal([2, 1], JSInterop.Invocations["escalationDesk.focusStepHeading"].Select(i => (int)i.Arguments[0]!)));
    }

    [Fact]
    public async Task A_new_escalation_removes_an_earlier_draft_nobody_typed_into_and_keeps_a_typed_one()
    {
        var untouched = await Drafts.CreateAsync();
        var typed = await Drafts.CreateAsync();
        var page = RenderWizard(untouched, 1);
        Next(page);
        Db.Clock.Advance(Autosave.MaxDelay);
        await DisposeComponentsAsync();
        page = RenderWizard(typed, 1);
        WizardPageTests.InputOf(page, "Summary").Input("Exports fail for Acme customers");
        await DisposeComponentsAsync();
        Db.Clock.Advance(DraftsService.UntouchedKept + TimeSpan.FromMinutes(1));

        var started = await Drafts.CreateAsync();

        Assert.Equal([started, typed], (await Drafts.ListMineAsync()).Select(d => d.Id));
        Assert.Null(await Wizard.LoadAsync(untouched));
    }

    private static void Next(IRenderedComponent<WizardPage> page) =>
        page.FindAll("button").Single(b => b.TextContent.Trim() == "Next").Click();

    private static IElement EscalateButton(IRenderedComponent<WizardPage> page) =>
        page.FindAll("button").Single(b => b.TextContent.Trim() == "Escalate");

    private static (string?, string?) Place(IElement li) => (li.GetAttribute("data-step"), li.GetAttribute("data-field"));

    private static string[] Items(IElement list) =>
        list.QuerySelectorAll("li").Select(li => li.ChildNodes.OfType<IText>().First().TextContent.Trim()).ToArray();

    private static string[] MarkedSteps(IRenderedComponent<WizardPage> page) =>
        page.FindAll(".mud-step").Where(s => s.ClassList.Contains("mud-step-error") || s.QuerySelector(".mud-error-text") is not null)
            .Select(s => Steps.Single(name => s.TextContent.Contains(name))).ToArray();
}

using AngleSharp.Dom;
using Bunit;
using EscalationDesk.Features.Judgment;
using EscalationDesk.Features.Wizard;
using EscalationDesk.Tests.Infrastructure;

namespace EscalationDesk.Tests.Components;

// A fact given once as the agent meets it again: step 1's ticks on Assess impact and Target (ticked, marked, one click to
// untick), and a deadline offered between Assess impact and Brief.
public sealed class CarriedFactsTests : ComponentTestBase
{
    private async Task<int> DraftTickedOnStep1Async(params string[] items)
    {
        var id = await Drafts.CreateAsync();
        var draft = (await Wizard.LoadAsync(id))!;
        draft.Content.Understand.EscalateItems.AddRange(items);
        Assert.Equal(SaveOutcome.Saved, (await Wizard.SaveAsync(id, draft.Content, 1, draft.Version)).Outcome);
        return id;
    }

    [Fact]
    public async Task Production_system_down_on_step_1_is_ticked_on_step_3_from_step_1_and_one_click_unticks_it()
    {
        var id = await DraftTickedOnStep1Async("production-down");
        var page = RenderWizard(id, 3);

        Assert.True(Checkbox(page, "Production down").HasAttribute("checked"));
        Assert.Equal("from step 1", page.Find("[data-from-step1='production-down']").TextContent.Trim());
        Assert.Contains("Critical because: Production down (from step 1)", page.Find("[data-suggested-severity]").TextContent);

        Checkbox(page, "Production down").Change(false);

        Assert.False(Checkbox(page, "Production down").HasAttribute("checked"));
        Assert.Empty(page.FindAll("[data-from-step1='production-down']"));
        Assert.Equal("ticked on step 1, unticked here", page.Find("[data-unticked-here='production-down']").TextContent.Trim());
        Assert.Contains("Suggested severity: Medium", page.Find("[data-suggested-severity]").TextContent);
        var saved = await SavedAsync(page, id);
        Assert.Equal(["production-down"], saved.Impact.UntickedFromStep1);
        Assert.Empty(saved.Impact.SeveritySignals);

        Checkbox(page, "Production down").Change(true);
        Assert.NotNull(page.Find("[data-from-step1='production-down']"));
        Assert.Contains("Suggested severity: Critical", page.Find("[data-suggested-severity]").TextContent);
    }

    [Fact]
    public async Task SLA_breach_on_step_1_fills_the_SLA_status_until_the_agent_picks_one()
    {
        var id = await DraftTickedOnStep1Async("sla-breach");
        var page = RenderWizard(id, 3);

        Assert.True(RadioChecked(page, "SLA status", "At risk"));
        Assert.Contains("At risk from step 1", page.Find("[data-from-step1='sla-status']").TextContent);
        Assert.Contains("High because: SLA status At risk (from step 1)", page.Find("[data-suggested-severity]").TextContent);

        page.FindAll("[role=radiogroup][aria-label='SLA status'] label").Single(l => l.TextContent.Trim() == "Not at risk").QuerySelector("input")!.Click();

        Assert.True(RadioChecked(page, "SLA status", "Not at risk"));
        Assert.Empty(page.FindAll("[data-from-step1='sla-status']"));
        Assert.Contains("Suggested severity: Medium", page.Find("[data-suggested-severity]").TextContent);
    }

    [Fact]
    public async Task Security_concern_on_step_1_recommends_Security_on_step_4_from_step_1_and_one_click_unticks_it()
    {
        var id = await DraftTickedOnStep1Async("security-concern", "bug-confirmed");
        var page = RenderWizard(id, 4);
        const string exposure = "Potential data exposure or unauthorised access → Security";

        Assert.True(Checkbox(page, exposure).HasAttribute("checked"));
        Assert.True(Checkbox(page, "Bug confirmed, needs a code fix → Engineering").HasAttribute("checked"));
        Assert.NotNull(page.Find("[data-from-step1='data-exposure']"));
        Assert.Equal("Security", page.Find("[data-primary-target]").GetAttribute("data-primary-target"));
        Assert.Contains("Security because: Potential data exposure or unauthorised access (from step 1)", page.Markup);

        Checkbox(page, exposure).Change(false);

        Assert.False(Checkbox(page, exposure).HasAttribute("checked"));
        Assert.Equal("Engineering", page.Find("[data-primary-target]").GetAttribute("data-primary-target"));
        Assert.Equal(["data-exposure"], (await SavedAsync(page, id)).Target.UntickedFromStep1);
    }

    [Fact]
    public async Task The_hard_deadline_is_offered_as_the_brief_s_deadline_with_one_click()
    {
        var id = await Drafts.CreateAsync();
        var draft = (await Wizard.LoadAsync(id))!;
        draft.Content.Impact.HardDeadline = new DateTime(2026, 11, 28, 17, 0, 0);
        Assert.Equal(SaveOutcome.Saved, (await Wizard.SaveAsync(id, draft.Content, 6, draft.Version)).Outcome);
        var page = RenderWizard(id, 6);

        Button(page, "Use the hard deadline (2026-11-28 17:00)").Click();

        Assert.Equal("2026-11-28T17:00", WizardPageTests.InputOf(page, "Deadline").GetAttribute("value"));
        Assert.DoesNotContain("Use the hard deadline", page.Markup);
        Assert.Equal(new DateTime(2026, 11, 28, 17, 0, 0), (await SavedAsync(page, id)).Brief.Deadline);
    }

    [Fact]
    public async Task The_brief_s_deadline_is_offered_as_the_hard_deadline_while_that_is_empty()
    {
        var id = await Drafts.CreateAsync();
        var draft = (await Wizard.LoadAsync(id))!;
        draft.Content.Brief.Deadline = new DateTime(2026, 11, 30, 9, 0, 0);
        Assert.Equal(SaveOutcome.Saved, (await Wizard.SaveAsync(id, draft.Content, 3, draft.Version)).Outcome);
        var page = RenderWizard(id, 3);

        Button(page, "Use the brief's deadline (2026-11-30 09:00)").Click();

        Assert.Equal("2026-11-30T09:00", WizardPageTests.InputOf(page, "Hard deadline").GetAttribute("value"));
        Assert.DoesNotContain("Use the brief's deadline", page.Markup);
        Assert.Equal(new DateTime(2026, 11, 30, 9, 0, 0), (await SavedAsync(page, id)).Impact.HardDeadline);
    }

    private static IElement Button(IRenderedComponent<WizardPage> page, string text) =>
        page.FindAll("button").Single(b => b.TextContent.Trim() == text);

    private static IElement Checkbox(IRenderedComponent<WizardPage> page, string label) =>
        page.FindAll("label.mud-checkbox").Single(l => l.TextContent.Trim() == label).QuerySelector("input")!;

    private static bool RadioChecked(IRenderedComponent<WizardPage> page, string group, string option) =>
        page.FindAll($"[role=radiogroup][aria-label='{group}'] label")
            .Single(l => l.TextContent.Trim() == option).QuerySelector("input")!.HasAttribute("checked");

    private async Task<DraftContent> SavedAsync(IRenderedComponent<WizardPage> page, int id)
    {
        Db.Clock.Advance(Autosave.MaxDelay);
        page.WaitForAssertion(() => Assert.Equal("Saved", page.Find("[data-save-state]").TextContent.Trim()));
        return (await Wizard.LoadAsync(id))!.Content;
    }
}

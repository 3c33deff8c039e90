using AngleSharp.Dom;
using Bunit;
using EscalationDesk.Features.Judgment;
using EscalationDesk.Features.Wizard;
using EscalationDesk.Tests.Infrastructure;

namespace EscalationDesk.Tests.Components;

// A fact ticked on step 1 as the agent meets it again on Assess impact and Target: ticked, marked, one click to untick.
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

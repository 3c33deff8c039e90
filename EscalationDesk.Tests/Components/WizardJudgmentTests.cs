using AngleSharp.Dom;
using Bunit;
using EscalationDesk.Features.Judgment;
using EscalationDesk.Features.Wizard;
using EscalationDesk.Tests.Infrastructure;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;

namespace EscalationDesk.Tests.Components;

public sealed class WizardJudgmentTests : ComponentTestBase
{
    [Fact]
    public async Task Ticking_Data_at_risk_shows_Critical_with_its_reason_and_stores_it()
    {
        var id = await Drafts.CreateAsync();
        var page = RenderWizard(id, 3);
        Assert.Contains("Suggested severity: Medium", page.Find("[data-suggested-severity]").TextContent);

        Tick(page, "Data at risk");

        var judgment = page.Find("[data-suggested-severity]").TextContent;
        Assert.Contains("Suggested severity: Critical", judgment);
        Assert.Contains("Critical because: Data at risk", judgment);
        Assert.True(RadioChecked(page, "Severity", "Critical"));
        Db.Clock.Advance(Autosave.Quiet);
        page.WaitForAssertion(() => Assert.Equal("Saved", page.Find("[data-save-state]").TextContent.Trim()));
        Assert.Equal(Severity.Critical, SeverityRules.Decide((await Wizard.LoadAsync(id))!.Content).Effective);
    }

    [Fact]
    public async Task Overriding_the_severity_asks_for_a_reason()
    {
        var id = await Drafts.CreateAsync();
        var page = RenderWizard(id, 3);
        Tick(page, "Production down");

        page.FindAll("[role=radiogroup][aria-label='Severity'] input[type=radio]")[2].Click();

        Assert.Contains("You chose Medium over the suggested Critical", page.Markup);
        Assert.NotNull(WizardPageTests.InputOf(page, "Reason for the severity"));
    }

    [Fact]
    public async Task Ticking_potential_data_exposure_makes_Security_primary_and_says_it_bypasses_the_tiers()
    {
        var id = await Drafts.CreateAsync();
        var page = RenderWizard(id, 4);
        Tick(page, "Bug confirmed, needs a code fix → Engineering");
        Assert.Equal("Engineering", page.Find("[data-primary-target]").GetAttribute("data-primary-target"));
        Assert.DoesNotContain("bypass the tiers", page.Markup);

        Tick(page, "Potential data exposure or unauthorised access → Security");

        Assert.Equal("Security", page.Find("[data-primary-target]").GetAttribute("data-primary-target"));
        Assert.Contains("Security escalations bypass the tiers and go now", page.Markup);
        Assert.Contains("Target team: Security, Engineering", page.Find("[data-primary-target]").TextContent);
        Assert.True(RadioChecked(page, "Primary target", "Security"));
        Assert.Contains("What to include for Security", page.Markup);
    }

    [Fact]
    public async Task Step_one_recommends_as_items_are_ticked()
    {
        var id = await Drafts.CreateAsync();
        var page = RenderWizard(id, 1);
        Assert.Contains("Not enough information", Recommendation(page));

        Tick(page, "Documented solution or known workaround");
        Assert.Contains("Recommendation: Handle in support", Recommendation(page));
        Assert.NotNull(WizardPageTests.InputOf(page, "Reason to escalate anyway"));

        Tick(page, "Bug confirmed and needs a code fix");
        Assert.Contains("Recommendation: Escalate", Recommendation(page));

        Tick(page, "Security concern");
        Assert.Contains("Recommendation: Escalate to Security now", Recommendation(page));
    }

    [Fact]
    public async Task Repro_warnings_and_readiness_are_listed_and_the_stepper_marks_those_steps()
    {
        var id = await Drafts.CreateAsync();
        var page = RenderWizard(id, 5);
        Assert.Contains("No reproduction steps.", page.Markup);
        Assert.Contains("No Environment.", page.Markup);

        page.FindAll("button").Single(b => b.TextContent.Trim() == "Next").Click();

        var advice = page.Find("ul[aria-label='Advice']").TextContent;
        Assert.Contains("Impact is not quantified", advice);
        Assert.Contains("No specific ask", advice);
        Assert.Contains("Set a deadline.", page.Find("ul[aria-label='Before you can escalate']").TextContent);
        Assert.NotEmpty(page.FindAll(".mud-step.mud-step-error, .mud-step .mud-error-text"));
    }

    private static string Recommendation(IRenderedComponent<WizardPage> page) => page.Find("[data-recommendation]").TextContent;

    private static void Tick(IRenderedComponent<WizardPage> page, string label) =>
        page.FindAll("label.mud-checkbox").Single(l => l.TextContent.Trim() == label).QuerySelector("input")!.Change(true);

    private static bool RadioChecked(IRenderedComponent<WizardPage> page, string group, string option) =>
        page.FindAll($"[role=radiogroup][aria-label='{group}'] label")
            .Single(l => l.TextContent.Trim() == option).QuerySelector("input")!.HasAttribute("checked");
}

using AngleSharp.Dom;
using Bunit;
using Bunit.TestDoubles;
using EscalationDesk.Features.Wizard;
using EscalationDesk.Tests.Infrastructure;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;

namespace EscalationDesk.Tests.Components;

public sealed class WizardPageTests : ComponentTestBase
{
    public static TheoryData<int, string[]> LabelsByStep => new()
    {
        { 1, ["Summary", "What's broken or needed", "Customer", "Who's affected", "Started", "What's been tried", "Why escalate now",
              "Handle in support when", "Technical", "Complexity", "Impact", "Business", "Time", "Pattern",
              "Documented solution or known workaround", "Bug confirmed and needs a code fix", "Security concern"] },
        { 2, ["Related tickets", "Account details", "Previous escalations", "Internal discussions",
              "Related bugs or feature requests", "Known issues and workarounds"] },
        { 3, ["Customers affected", "Users affected", "Growing", "Depth", "Time until critical", "ARR at risk", "Pending deals affected",
              "Could become public", "Reference customer", "SLA status", "Contractual obligations", "Hard deadline",
              "Production down", "Data at risk", "Security breach", "Multiple high-value customers affected",
              "Major functionality broken", "Key customer blocked", "Workaround available"] },
        { 4, ["Needs deeper investigation or specialised product knowledge → L2 Support",
              "Potential data exposure or unauthorised access → Security", "PR or legal risk → Leadership",
              "Targets", "L2 Support", "Engineering", "Product", "Security", "Leadership", "Primary target"] },
        { 5, ["Starting state", "Steps", "Expected", "Actual", "Environment", "Frequency", "Evidence", "Attachments", "Ruled out"] },
        { 6, ["Specific ask", "What's needed", "Deadline", "Last update to customer", "Customer expectation", "Escalation risk"] },
        { 7, ["Interim customer response", "Customer status update"] },
    };

    [Theory]
    [MemberData(nameof(LabelsByStep))]
    public async Task Each_step_shows_its_fields_under_their_exact_labels(int step, string[] labels)
    {
        var id = await Drafts.CreateAsync();
        RenderPopoverProvider();

        var page = RenderWizard(id, step);

        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll(".mud-stepper")));
        var names = AccessibleNames(page);
        Assert.All(labels, label => Assert.Contains(label, names));
        Assert.Equal(["Understand", "Gather context", "Assess impact", "Target", "Reproduce", "Brief", "Next steps"],
            page.FindAll(".mud-step-label-content").Select(e => e.TextContent.Trim()));
    }

    [Fact]
    public async Task Next_and_Back_move_between_steps()
    {
        var id = await Drafts.CreateAsync();
        var page = RenderWizard(id, 1);
        page.WaitForAssertion(() => Assert.Contains("Summary", AccessibleNames(page)));

        page.FindAll("button").Single(b => b.TextContent.Trim() == "Next").Click();
        Assert.Contains("Related tickets", AccessibleNames(page));
        page.FindAll("button").Single(b => b.TextContent.Trim() == "Back").Click();
        Assert.Contains("Summary", AccessibleNames(page));
    }

    [Fact]
    public async Task Typing_shows_saving_then_saved_once_the_draft_is_in_the_database()
    {
        var id = await Drafts.CreateAsync();
        var page = RenderWizard(id, 1);
        page.WaitForAssertion(() => Assert.Contains("Summary", AccessibleNames(page)));

        InputOf(page, "Summary").Input("Checkout times out for EU customers");

        Assert.Equal("Saving…", SaveStateText(page));
        Assert.Equal("", (await Wizard.LoadAsync(id))!.Content.Understand.Summary);

        Db.Clock.Advance(Autosave.Quiet);

        page.WaitForAssertion(() => Assert.Equal("Saved", SaveStateText(page)));
        Assert.Equal("Checkout times out for EU customers", (await Wizard.LoadAsync(id))!.Content.Understand.Summary);
    }

    [Fact]
    public async Task A_save_over_a_change_made_elsewhere_shows_the_conflict_and_keeps_the_text()
    {
        var id = await Drafts.CreateAsync();
        var page = RenderWizard(id, 1);
        page.WaitForAssertion(() => Assert.Contains("Summary", AccessibleNames(page)));
        var elsewhere = (await Wizard.LoadAsync(id))!;
        elsewhere.Content.Understand.Summary = "Saved from another tab";
        await Wizard.SaveAsync(id, elsewhere.Content, 1, elsewhere.Version);

        InputOf(page, "Summary").Input("Typed in this tab");
        Db.Clock.Advance(Autosave.Quiet);

        page.WaitForAssertion(() => Assert.Contains("changed in another tab", page.Find("[data-save-state]").TextContent));
        Assert.Equal("Typed in this tab", InputOf(page, "Summary").GetAttribute("value"));
        Assert.Equal("Saved from another tab", (await Wizard.LoadAsync(id))!.Content.Understand.Summary);
    }

    [Fact]
    public async Task A_negative_ARR_gets_a_message_at_the_field()
    {
        var id = await Drafts.CreateAsync();
        var page = RenderWizard(id, 3);
        page.WaitForAssertion(() => Assert.Contains("ARR at risk", AccessibleNames(page)));

        var arr = InputOf(page, "ARR at risk");
        arr.Change("-5");
        arr.Blur();

        page.WaitForAssertion(() => Assert.Contains("ARR at risk must be zero or more.", page.Markup));
    }

    [Fact]
    public async Task Letters_in_a_number_field_get_a_message_and_are_not_saved_as_a_number()
    {
        var id = await Drafts.CreateAsync();
        var page = RenderWizard(id, 3);
        page.WaitForAssertion(() => Assert.Contains("Customers affected", AccessibleNames(page)));

        var customers = InputOf(page, "Customers affected");
        customers.Change("twelve");
        customers.Blur();
        Db.Clock.Advance(Autosave.Quiet);

        page.WaitForAssertion(() => Assert.Contains("number", page.Find(".mud-input-error").TextContent, StringComparison.OrdinalIgnoreCase));
        Assert.Null((await Wizard.LoadAsync(id))!.Content.Impact.CustomersAffected);
    }

    // Leaving the wizard (another page, a closed tab) takes the stepper apart step by step; that must neither navigate
    // nor save a different step as the place to resume (nor bump the version under the next tab).
    [Fact]
    public async Task Leaving_the_wizard_keeps_the_step_to_resume_and_does_not_navigate()
    {
        var id = await Drafts.CreateAsync();
        var page = RenderWizard(id, 5);
        page.WaitForAssertion(() => Assert.Contains("Starting state", AccessibleNames(page)));
        Db.Clock.Advance(Autosave.MaxDelay);
        var wizard = Services.GetRequiredService<WizardService>();
        var before = (await wizard.LoadAsync(id))!;
        var navigation = Services.GetRequiredService<BunitNavigationManager>();
        var navigations = navigation.History.Count;

        await DisposeComponentsAsync();
        Db.Clock.Advance(Autosave.MaxDelay);

        Assert.Equal(navigations, navigation.History.Count);
        var after = (await wizard.LoadAsync(id))!;
        Assert.Equal((before.CurrentStep, before.Version), (after.CurrentStep, after.Version));
    }

    [Fact]
    public void A_draft_that_does_not_exist_answers_not_found()
    {
        // The Router shows its not-found page (and the prerender answers 404) when a page calls NotFound().
        var notFound = 0;
        Services.GetRequiredService<BunitNavigationManager>().OnNotFound += (_, _) => notFound++;
        var page = Render<WizardPage>(p => p.Add(x => x.Id, 999));
        page.WaitForAssertion(() => Assert.Equal(1, notFound));
    }

    private static string SaveStateText(IRenderedComponent<WizardPage> page) =>
        page.Find("[data-save-state] .mud-chip-content").TextContent.Trim();

    internal static IElement InputOf(IRenderedComponent<WizardPage> page, string label)
    {
        var labelElement = page.FindAll("label[for]").First(l => Clean(l.TextContent) == label);
        return page.Find($"#{labelElement.GetAttribute("for")}");
    }

    // What assistive technology (and a browser test's GetByLabel) can find a field by.
    internal static HashSet<string> AccessibleNames(IRenderedComponent<WizardPage> page)
    {
        var names = new HashSet<string>();
        foreach (var label in page.FindAll("label[for]"))
            if (page.FindAll($"#{label.GetAttribute("for")}").Count == 1) names.Add(Clean(label.TextContent));
        foreach (var element in page.FindAll("[aria-label]")) names.Add(element.GetAttribute("aria-label")!);
        foreach (var legend in page.FindAll("legend")) names.Add(Clean(legend.TextContent));
        foreach (var heading in page.FindAll("h2, h3")) names.Add(Clean(heading.TextContent));
        foreach (var checkbox in page.FindAll("label.mud-checkbox, label.mud-switch")) names.Add(Clean(checkbox.TextContent));
        return names;
    }

    private static string Clean(string text) => text.Replace("*", "").Trim();
}

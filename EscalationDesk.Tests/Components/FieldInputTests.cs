using Bunit;
using EscalationDesk.Features.Accounts;
using EscalationDesk.Features.Wizard;
using EscalationDesk.Tests.Infrastructure;

namespace EscalationDesk.Tests.Components;

// Money, count and date fields as an agent meets them: typed text is understood and shown back, or refused or questioned at the field.
public sealed class FieldInputTests : ComponentTestBase
{
    [Theory]
    [InlineData("480k", "480,000", 480_000)]
    [InlineData("1.2M", "1,200,000", 1_200_000)]
    [InlineData("480 000", "480,000", 480_000)]
    [InlineData("$480,000.50", "480,000.50", 480_000.50)]
    public async Task An_understood_amount_is_saved_and_shown_back_with_the_currency(string typed, string shown, decimal saved)
    {
        var id = await Drafts.CreateAsync();
        var page = RenderWizard(id, 3);

        Leave(page, "ARR at risk", typed);

        Assert.Equal(shown, WizardPageTests.InputOf(page, "ARR at risk").GetAttribute("value"));
        Assert.Equal("USD", Control(page, "ARR at risk").QuerySelector(".mud-input-adornment-start")!.TextContent.Trim());
        Assert.Empty(page.FindAll(".mud-input-error"));
        Assert.Equal(saved, (await SavedAsync(page, id)).Impact.ArrAtRisk);
    }

    [Fact]
    public async Task A_vague_amount_stays_as_typed_with_a_message_and_the_saved_amount_is_not_replaced()
    {
        var id = await Drafts.CreateAsync();
        var page = RenderWizard(id, 3);
        Leave(page, "ARR at risk", "500k");
        await SavedAsync(page, id);

        Leave(page, "ARR at risk", "480 or so");

        Assert.Equal("480 or so", WizardPageTests.InputOf(page, "ARR at risk").GetAttribute("value"));
        var message = Control(page, "ARR at risk").QuerySelector(".mud-input-helper-text.mud-input-error")!.TextContent;
        Assert.Contains("ARR at risk: not an amount. Enter digits, e.g. 480000, 480,000, 480 000, 480k or 1.2M.", message);
        Assert.Contains("Still saved: USD 500,000.", message);
        Db.Clock.Advance(Autosave.MaxDelay);
        Assert.Equal(500_000m, (await Wizard.LoadAsync(id))!.Content.Impact.ArrAtRisk);
    }

    [Fact]
    public async Task A_count_understands_thousands_and_refuses_fractions()
    {
        var id = await Drafts.CreateAsync();
        var page = RenderWizard(id, 3);

        Leave(page, "Customers affected", "1.2k");
        Leave(page, "Users affected", "2.5");

        Assert.Equal("1,200", WizardPageTests.InputOf(page, "Customers affected").GetAttribute("value"));
        Assert.Equal("2.5", WizardPageTests.InputOf(page, "Users affected").GetAttribute("value"));
        Assert.Contains("Users affected must be a whole number.", Control(page, "Users affected").QuerySelector(".mud-input-helper-text.mud-input-error")!.TextContent);
        var impact = (await SavedAsync(page, id)).Impact;
        Assert.Equal((1200, (int?)null), (impact.CustomersAffected, impact.UsersAffected));
    }

    [Fact]
    public async Task A_start_in_the_future_or_before_2000_is_questioned_at_the_field_and_kept()
    {
        var id = await Drafts.CreateAsync();
        var page = RenderWizard(id, 1);
        Assert.Empty(page.FindAll("[data-date-question]"));

        Leave(page, "Started", "2062-11-20T09:00");

        Assert.Equal("Started: This is in the future: is the date right?", page.Find("[data-date-question='Started']").TextContent.Trim());
        Assert.Equal(new DateTime(2062, 11, 20, 9, 0, 0), (await SavedAsync(page, id)).Understand.Started);

        Leave(page, "Started", "1926-11-20T09:00");
        Assert.Equal("Started: This is before 2000: is the year right?", page.Find("[data-date-question='Started']").TextContent.Trim());
        Leave(page, "Started", "2026-11-20T09:00");
        Assert.Empty(page.FindAll("[data-date-question]"));
    }

    [Fact]
    public async Task A_deadline_years_ahead_is_questioned_on_both_steps()
    {
        var id = await Drafts.CreateAsync();
        var impact = RenderWizard(id, 3);
        Leave(impact, "Hard deadline", "2062-11-28T17:00");
        Assert.Contains("more than a year ahead", impact.Find("[data-date-question='Hard deadline']").TextContent);

        var brief = RenderWizard(id, 6);
        Leave(brief, "Deadline", "2062-11-28T17:00");
        Assert.Contains("more than a year ahead", brief.Find("[data-date-question='Deadline']").TextContent);
    }

    [Fact]
    public void A_customer_is_not_created_while_its_ARR_is_not_understood()
    {
        var input = new AccountInput { Name = "Acme" };
        var form = Render<Microsoft.AspNetCore.Components.Forms.EditForm>(p => p
            .Add(x => x.Model, input)
            .Add(x => x.ChildContent, (Microsoft.AspNetCore.Components.RenderFragment<Microsoft.AspNetCore.Components.Forms.EditContext>)(_ => b =>
            {
                b.OpenComponent<AccountFields>(0);
                b.AddAttribute(1, nameof(AccountFields.Input), input);
                b.CloseComponent();
            })));
        AngleSharp.Dom.IElement Arr() => form.Find($"#{form.FindAll("label[for]").First(l => l.TextContent.Trim() == "ARR").GetAttribute("for")}");

        Arr().Change("1.2M");
        Assert.Equal(1_200_000m, input.Arr);
        Arr().Change("12abc");

        Assert.Equal(1_200_000m, input.Arr);
        Assert.Contains("ARR: not an amount.", form.Markup);
        Assert.False(form.Instance.EditContext!.Validate());
        Arr().Change("1.3M");
        Assert.True(form.Instance.EditContext!.Validate());
    }

    // Typing and leaving the field: the change event fires when focus moves on.
    private static void Leave(IRenderedComponent<WizardPage> page, string label, string text)
    {
        var input = WizardPageTests.InputOf(page, label);
        input.Change(text);
        input.Blur();
    }

    private static AngleSharp.Dom.IElement Control(IRenderedComponent<WizardPage> page, string label) =>
        page.FindAll(".mud-input-control").Single(c => c.QuerySelector("label")?.TextContent.Trim() == label);

    private async Task<DraftContent> SavedAsync(IRenderedComponent<WizardPage> page, int id)
    {
        Db.Clock.Advance(Autosave.MaxDelay);
        page.WaitForAssertion(() => Assert.Equal("Saved", page.Find("[data-save-state]").TextContent.Trim()));
        return (await Wizard.LoadAsync(id))!.Content;
    }
}

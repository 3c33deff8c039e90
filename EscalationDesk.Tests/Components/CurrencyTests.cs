using System.Text;
using Bunit;
using EscalationDesk.Features.Accounts;
using EscalationDesk.Features.Briefs;
using EscalationDesk.Features.Judgment;
using EscalationDesk.Features.Queue;
using EscalationDesk.Features.Wizard;
using EscalationDesk.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace EscalationDesk.Tests.Components;

// The one currency setting reaches every place money is shown: the ARR fields, the brief's preview and download, the digest.
public sealed class CurrencyTests() : ComponentTestBase(new Dictionary<string, string?> { ["EscalationDesk:Currency"] = "EUR" })
{
    private async Task<int> DraftWithArrAsync(decimal arr)
    {
        var id = await Drafts.CreateAsync();
        var draft = (await Wizard.LoadAsync(id))!;
        draft.Content.Understand.Summary = "Invoices fail to send";
        draft.Content.Impact.ArrAtRisk = arr;
        Assert.Equal(SaveOutcome.Saved, (await Wizard.SaveAsync(id, draft.Content, 1, draft.Version)).Outcome);
        return id;
    }

    [Fact]
    public async Task The_wizard_shows_the_setting_beside_ARR_and_in_the_brief_preview()
    {
        var id = await DraftWithArrAsync(1_234_567m);
        RenderPopoverProvider();

        var impact = RenderWizard(id, 3);
        var arrField = impact.FindAll(".mud-input-control").Single(c => c.QuerySelector("label")?.TextContent.Trim() == "ARR at risk");
        Assert.Equal("EUR", arrField.QuerySelector(".mud-input-adornment-start")!.TextContent.Trim());

        var brief = RenderWizard(id, 6);
        brief.WaitForAssertion(() => Assert.Contains("EUR 1,234,567 ARR", brief.Markup));
        Assert.DoesNotContain("USD", brief.Markup);
    }

    [Fact]
    public void A_customer_s_ARR_field_shows_the_setting()
    {
        var fields = Render<AccountFields>(p => p.Add(x => x.Input, new AccountInput()));
        var arrField = fields.FindAll(".mud-input-control").Single(c => c.QuerySelector("label")?.TextContent.Trim() == "ARR");
        Assert.Equal("EUR", arrField.QuerySelector(".mud-input-adornment-start")!.TextContent.Trim());
    }

    [Fact]
    public async Task The_downloaded_brief_and_the_digest_show_the_setting()
    {
        var id = await DraftWithArrAsync(2_500m);
        var markdown = Encoding.UTF8.GetString((await Services.GetRequiredService<BriefService>().MarkdownAsync(id))!.Data);
        Assert.Contains("EUR 2,500 ARR", markdown);

        await EscalationRows.AddAsync(Db, Db.Clock.GetUtcNow().UtcDateTime, "Checkout down", EscalationStatus.Escalated, Severity.Critical, arr: 20_000);
        var digest = await ActivatorUtilities.CreateInstance<DigestService>(Services, FixedUser.Lead()).MarkdownAsync();
        Assert.Contains("**ARR at risk:** EUR 20,000", digest);
        Assert.DoesNotContain("USD", digest);
    }
}

// Unset or blank, the currency is USD.
public sealed class CurrencyDefaultTests
{
    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    public void Without_a_setting_the_currency_is_USD(string? setting)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["EscalationDesk:Currency"] = setting }).Build();
        using var services = new ServiceCollection().AddEscalationDeskFeatures(configuration).BuildServiceProvider();
        Assert.Equal("USD", services.GetRequiredService<EscalationDeskOptions>().Currency);
    }
}

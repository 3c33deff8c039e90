using Bunit;
using EscalationDesk.Features.Accounts;
using EscalationDesk.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace EscalationDesk.Tests.Components;

public sealed class CustomerPickerTests : ComponentTestBase
{
    private AccountService Accounts => Services.GetRequiredService<AccountService>();

    [Fact]
    public async Task A_name_no_account_has_is_offered_as_Create_and_opens_the_dialog_prefilled()
    {
        await Accounts.CreateAsync(new AccountInput { Name = "Acme Corp" });
        RenderPopoverProvider();
        var dialogs = Render<MudDialogProvider>();
        int? picked = null;
        var picker = Render<CustomerPicker>(p => p.Add(x => x.AccountIdChanged, id => picked = id));

        await SearchAsync(picker, "Globex");

        var create = picker.WaitForElement("button:contains('Create “Globex”')");
        create.Click();
        dialogs.WaitForAssertion(() => Assert.Equal("Globex", dialogs.Find("input").GetAttribute("value")));
        dialogs.Find("form").Submit();
        picker.WaitForAssertion(() => Assert.NotNull(picked));
        Assert.Equal("Globex", (await Accounts.GetAsync(picked!.Value))!.Name);
    }

    [Fact]
    public async Task A_name_an_account_has_is_not_offered_again()
    {
        await Accounts.CreateAsync(new AccountInput { Name = "Acme Corp" });
        RenderPopoverProvider();
        var picker = Render<CustomerPicker>();

        var found = await SearchAsync(picker, "acme corp");

        Assert.Equal(["Acme Corp"], found.Select(a => a.Name));
        Assert.DoesNotContain("Create “", picker.Markup);
        Assert.Contains("New customer", picker.Markup);
    }

    [Fact]
    public async Task The_create_dialog_shows_no_error_before_the_user_types()
    {
        RenderPopoverProvider();
        var dialogs = Render<MudDialogProvider>();
        var picker = Render<CustomerPicker>();

        picker.FindAll("button").Single(b => b.TextContent.Trim() == "New customer").Click();
        var name = dialogs.WaitForElement("input");
        name.Blur();

        Assert.Empty(dialogs.FindAll(".mud-input-error"));
        Assert.DoesNotContain("Name is required.", dialogs.Markup);

        // Submitting it empty still says what is missing.
        dialogs.Find("form").Submit();
        dialogs.WaitForAssertion(() => Assert.Contains("Name is required.", dialogs.Markup));
        Assert.Empty(await Accounts.SearchAsync(null));
    }

    // What the field does as the agent types (after its debounce): the picker's own search.
    private static async Task<IEnumerable<AccountSummary>> SearchAsync(IRenderedComponent<CustomerPicker> picker, string text)
    {
        var field = picker.FindComponent<MudAutocomplete<AccountSummary>>().Instance;
        IEnumerable<AccountSummary> found = [];
        await picker.InvokeAsync(async () => found = await field.SearchFunc!(text, CancellationToken.None) ?? []);
        return found;
    }
}

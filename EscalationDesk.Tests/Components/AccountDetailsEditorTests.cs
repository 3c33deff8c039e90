using Bunit;
using EscalationDesk.Features.Accounts;
using EscalationDesk.Features.Judgment;
using EscalationDesk.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace EscalationDesk.Tests.Components;

public sealed class AccountDetailsEditorTests : ComponentTestBase
{
    private AccountService AsLead => new(Db, Db.Clock, FixedUser.Lead());

    [Fact]
    public async Task An_agent_who_owns_no_escalation_of_the_customer_reads_its_details_with_the_reason_and_no_way_to_save()
    {
        var acme = await AsLead.CreateAsync(new AccountInput { Name = "Acme Corp", Plan = "Enterprise", Arr = 120_000m, KeyContacts = "Jo (CTO)" });
        await EscalationRows.AddAsync(Db, Db.Clock.GetUtcNow().UtcDateTime, "someone else's", owner: "Sam", accountId: acme.Id, change: e => e.OwnerId = "user-sam");

        var editor = Render<AccountDetailsEditor>(p => p.Add(x => x.AccountId, acme.Id));

        editor.WaitForAssertion(() => Assert.Contains(AccountService.ReadOnlyReason, editor.Markup));
        Assert.Empty(editor.FindAll("input, textarea"));
        Assert.DoesNotContain("Save account details", editor.Markup);
        var facts = editor.Find("dl").TextContent;
        Assert.Contains("Enterprise", facts);
        Assert.Contains("120,000", facts);
        Assert.Contains("Jo (CTO)", facts);
    }

    [Fact]
    public async Task The_agent_who_owns_an_escalation_of_the_customer_edits_and_saves_its_details()
    {
        var acme = await AsLead.CreateAsync(new AccountInput { Name = "Acme Corp", Plan = "Business" });
        await EscalationRows.AddAsync(Db, Db.Clock.GetUtcNow().UtcDateTime, "mine", status: EscalationStatus.Draft, owner: Agent.Name, accountId: acme.Id,
            change: e => e.OwnerId = Agent.Id);
        var snackbar = Render<MudBlazor.MudSnackbarProvider>();

        var editor = Render<AccountDetailsEditor>(p => p.Add(x => x.AccountId, acme.Id));
        editor.WaitForAssertion(() => Assert.Contains("Save account details", editor.Markup));
        Assert.DoesNotContain(AccountService.ReadOnlyReason, editor.Markup);
        editor.FindAll("input").First(i => i.GetAttribute("value") == "Business").Change("Enterprise");
        editor.Find("form").Submit();

        snackbar.WaitForAssertion(() => Assert.Contains("Account details saved.", snackbar.Markup));
        Assert.Equal("Enterprise", (await Services.GetRequiredService<AccountService>().GetAsync(acme.Id))!.Plan);
    }
}

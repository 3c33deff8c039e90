using System.ComponentModel.DataAnnotations;
using EscalationDesk.Features.Accounts;
using EscalationDesk.Tests.Infrastructure;

namespace EscalationDesk.Tests.Features.Accounts;

public sealed class AccountServiceTests : IDisposable
{
    private readonly TestDatabase _db = new();
    private AccountService Accounts => new(_db, _db.Clock, new FixedUser("Ana Agent"));

    [Fact]
    public async Task A_customer_created_inline_can_be_found_by_part_of_its_name_and_edited()
    {
        var created = await Accounts.CreateAsync(new AccountInput { Name = "Acme Corp", Plan = "Enterprise", Arr = 120_000m });
        await Accounts.CreateAsync(new AccountInput { Name = "Globex" });

        var found = Assert.Single(await Accounts.SearchAsync("acme"));
        Assert.Equal(created.Id, found.Id);

        // Editing a shared customer is for Leads and the owners of its escalations (AccountEditTraceTests).
        await new AccountService(_db, _db.Clock, FixedUser.Lead()).UpdateAsync(created.Id, new AccountInput { Name = "Acme Corp", Plan = "Enterprise Plus", KeyContacts = "Jo (CTO)" });
        var edited = (await Accounts.GetAsync(created.Id))!;
        Assert.Equal("Enterprise Plus", edited.Plan);
        Assert.Equal("Jo (CTO)", edited.KeyContacts);
    }

    [Fact]
    public async Task Search_treats_like_wildcards_as_plain_text()
    {
        await Accounts.CreateAsync(new AccountInput { Name = "Acme" });
        Assert.Empty(await Accounts.SearchAsync("%"));
        Assert.Empty(await Accounts.SearchAsync("_cme"));
    }

    [Fact]
    public async Task A_customer_needs_a_name_and_a_non_negative_arr()
    {
        await Assert.ThrowsAsync<ValidationException>(() => Accounts.CreateAsync(new AccountInput { Name = "" }));
        await Assert.ThrowsAsync<ValidationException>(() => Accounts.CreateAsync(new AccountInput { Name = "Acme", Arr = -1m }));
        Assert.Empty(await Accounts.SearchAsync(null));
    }

    public void Dispose() => _db.Dispose();
}

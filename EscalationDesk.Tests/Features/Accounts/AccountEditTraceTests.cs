using EscalationDesk.Data;
using EscalationDesk.Features.Accounts;
using EscalationDesk.Features.Escalations;
using EscalationDesk.Features.Judgment;
using EscalationDesk.Features.Users;
using EscalationDesk.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace EscalationDesk.Tests.Features.Accounts;

// Pen test: any agent could change any customer's plan, ARR and contacts, also of escalations they cannot open, and nothing
// recorded it. Now: Leads, Admins and agents owning an escalation of the customer may; each change is on every linked timeline.
public sealed class AccountEditTraceTests : IDisposable
{
    private readonly TestDatabase _db = new();
    private readonly FixedUser _owner = new("Ana Agent");
    private readonly FixedUser _stranger = new("Sam Stranger");
    private DateTime Now => _db.Clock.GetUtcNow().UtcDateTime;

    private AccountService As(ICurrentUser user) => new(_db, _db.Clock, user);

    private static AccountInput Edited => new() { Name = "Acme Corp", Plan = "Enterprise", Arr = 250_000m, KeyContacts = "Jo (CTO)\nSam (IT)" };

    private async Task<int> AcmeAsync() =>
        (await As(FixedUser.Lead()).CreateAsync(new AccountInput { Name = "Acme Corp", Plan = "Business", Arr = 100_000m, KeyContacts = "Jo (CTO)" })).Id;

    private Task<int> EscalationAsync(int accountId, FixedUser owner, EscalationStatus status = EscalationStatus.Escalated, bool discarded = false) =>
        EscalationRows.AddAsync(_db, Now, $"{owner.Name}'s escalation", status: status, owner: owner.Name, accountId: accountId,
            change: e => { e.OwnerId = owner.Id; if (discarded) e.DiscardedAt = Now; });

    [Fact]
    public async Task An_agent_who_owns_no_escalation_of_the_customer_is_refused_and_nothing_changes()
    {
        var acme = await AcmeAsync();
        var owned = await EscalationAsync(acme, _owner);
        // A discarded draft of the customer no longer makes its owner answerable for it.
        await EscalationAsync(acme, _stranger, EscalationStatus.Draft, discarded: true);

        Assert.False(await As(_stranger).CanEditAsync(acme));
        await Assert.ThrowsAsync<NotAllowedException>(() => As(_stranger).UpdateAsync(acme, Edited));

        var stored = (await As(_stranger).GetAsync(acme))!;
        Assert.Equal(("Business", 100_000m), (stored.Plan, stored.Arr));
        Assert.DoesNotContain(await TimelineAsync(owned), t => t.Kind == TimelineKinds.AccountEdited);
    }

    [Fact]
    public async Task An_agent_who_owns_an_escalation_or_a_draft_of_the_customer_may_edit_it()
    {
        var acme = await AcmeAsync();
        await EscalationAsync(acme, _owner, EscalationStatus.Draft);

        Assert.True(await As(_owner).CanEditAsync(acme));
        Assert.Equal("Enterprise", (await As(_owner).UpdateAsync(acme, Edited))!.Plan);
    }

    [Fact]
    public async Task A_lead_may_edit_any_customer()
    {
        var acme = await AcmeAsync();
        await EscalationAsync(acme, _owner);

        Assert.True(await As(FixedUser.Lead()).CanEditAsync(acme));
        Assert.Equal(250_000m, (await As(FixedUser.Lead()).UpdateAsync(acme, Edited))!.Arr);
    }

    [Fact]
    public async Task The_change_with_old_and_new_values_is_on_the_timeline_of_every_escalation_of_the_customer()
    {
        var acme = await AcmeAsync();
        var mine = await EscalationAsync(acme, _owner);
        var others = await EscalationAsync(acme, _stranger);
        var draft = await EscalationAsync(acme, _stranger, EscalationStatus.Draft);
        var globex = await EscalationRows.AddAsync(_db, Now, "globex", customer: "Globex");

        await As(_owner).UpdateAsync(acme, Edited);

        const string expected = "Customer Acme Corp edited: Plan \"Business\" → \"Enterprise\"; ARR 100,000 → 250,000; Key contacts \"Jo (CTO)\" → \"Jo (CTO) Sam (IT)\"";
        foreach (var id in new[] { mine, others, draft })
        {
            var entry = Assert.Single(await TimelineAsync(id), t => t.Kind == TimelineKinds.AccountEdited);
            Assert.Equal(("Ana Agent", expected, Now), (entry.Actor, entry.Detail, entry.At));
        }
        Assert.DoesNotContain(await TimelineAsync(globex), t => t.Kind == TimelineKinds.AccountEdited);
        // As the escalation page shows it, for the owner of that escalation.
        var page = (await new EscalationReader(_db, _stranger).GetAsync(others))!;
        Assert.Equal(expected, page.Timeline.First().Detail);
    }

    [Fact]
    public async Task A_save_that_changes_nothing_writes_no_entry_and_a_rename_past_one_batch_is_told_on_each()
    {
        var acme = await AcmeAsync();
        var ids = new List<int>();
        for (var i = 0; i < AccountService.RenameBatch + 1; i++) ids.Add(await EscalationAsync(acme, _owner));
        var lead = As(FixedUser.Lead());

        await lead.UpdateAsync(acme, new AccountInput { Name = " Acme Corp ", Plan = "Business", Arr = 100_000m, KeyContacts = "Jo (CTO)" });
        await lead.UpdateAsync(acme, new AccountInput { Name = "Acme Renamed", Plan = "Business", Arr = 100_000m, KeyContacts = "Jo (CTO)" });

        await using var db = _db.CreateDbContext();
        var details = await db.Timeline.Where(t => t.Kind == TimelineKinds.AccountEdited).Select(t => new { t.EscalationId, t.Detail }).ToListAsync();
        Assert.Equal(ids, details.Select(d => d.EscalationId).Order());
        Assert.All(details, d => Assert.Equal("Customer Acme Renamed edited: Name \"Acme Corp\" → \"Acme Renamed\"", d.Detail));
        Assert.Equal(ids.Count, await db.Escalations.CountAsync(e => e.CustomerName == "Acme Renamed"));
    }

    private async Task<List<TimelineEvent>> TimelineAsync(int id)
    {
        await using var db = _db.CreateDbContext();
        return await db.Timeline.AsNoTracking().Where(t => t.EscalationId == id).ToListAsync();
    }

    public void Dispose() => _db.Dispose();
}

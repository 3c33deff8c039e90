using EscalationDesk.Data;
using EscalationDesk.Features.Accounts;
using EscalationDesk.Features.Demo;
using EscalationDesk.Features.Judgment;
using EscalationDesk.Features.Wizard;
using EscalationDesk.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace EscalationDesk.Tests.Features.Escalations;

// Every way an escalation changes leaves each derived column as the rules say for its stored content, status and times:
// the expected values are worked out here from the Judgment rules and the account's name, not by EscalationDerivation.
public sealed class EscalationDerivationTests : IDisposable
{
    private readonly TestDatabase _db = new();
    private readonly EscalationScenario _s;
    private DateTime Now => _db.Clock.GetUtcNow().UtcDateTime;

    public EscalationDerivationTests() => _s = new EscalationScenario(_db);

    public static TheoryData<string> Changes =>
        ["wizard save", "escalate", "acknowledge", "follow-up", "customer update", "change severity", "de-escalate", "resolve", "close", "customer rename"];

    [Theory]
    [MemberData(nameof(Changes))]
    public async Task Each_derived_column_follows_the_content_status_and_times(string change)
    {
        var account = await new AccountService(_db, _db.Clock, _s.Agent).CreateAsync(new AccountInput { Name = "Acme Corp" });
        var id = await _s.ReadyDraftAsync(c =>
        {
            c.Understand.Summary = "  Checkout times out for EU cards  ";
            c.Understand.AccountId = account.Id;
            c.Impact.ArrAtRisk = 12_345.67m;
            c.Target.Signals.Add("vulnerability");
            c.Target.ChosenPrimary = EscalationTarget.Engineering;
            c.Target.PrimaryReason = "Engineering owns the gateway";
            c.Context.LinkedSimilar = [7, 9];
        });
        if (change != "wizard save") await EscalateAsync(id);
        _db.Clock.Advance(TimeSpan.FromHours(3));

        var visible = change switch
        {
            "wizard save" => await Row(id) is var r && r is { CustomerName: "Acme Corp", ArrAtRisk: 12_345.67m, Summary: "Checkout times out for EU cards" },
            "escalate" => (await Row(id)).NextInternalDueAt == Now.AddHours(-3 + 4),
            "acknowledge" => await Ok(_s.Lifecycle.AcknowledgeAsync(id)) && (await Row(id)).StatusOrder == 2,
            "follow-up" => await Ok(_s.Lifecycle.LogFollowUpAsync(id, "Checked")) && (await Row(id)).NextInternalDueAt == Now.AddHours(4),
            "customer update" => await Ok(_s.Lifecycle.LogCustomerUpdateAsync(id, "Email", "Told them")) && (await Row(id)).NextCustomerOverdueAt == Now.AddHours(8),
            "change severity" => await Ok(_s.Lifecycle.ChangeSeverityAsync(id, Severity.Critical, "Second region down"))
                && await Row(id) is { Severity: Severity.Critical } critical && critical.NextInternalDueAt == critical.EscalatedAt!.Value.AddHours(2),
            "de-escalate" => await Ok(_s.Lifecycle.DeEscalateAsync(id, "workaround", [], "")) && (await Row(id)) is { NextInternalDueAt: null, OverdueFrom: null },
            "resolve" => await Ok(_s.Lifecycle.ResolveAsync(id, "Fixed")) && (await Row(id)) is { StatusOrder: 3, NextCustomerDueAt: not null },
            "close" => await Ok(_s.Lifecycle.ResolveAsync(id, "Fixed")) && await Ok(_s.Lifecycle.CloseAsync(id, true, true, "Alert sooner"))
                && (await Row(id)) is { StatusOrder: 5, NextCustomerDueAt: null },
            _ => await new AccountService(_db, _db.Clock, _s.Agent).UpdateAsync(account.Id, new AccountInput { Name = "Acme Renamed" }) is not null
                && (await Row(id)).CustomerName == "Acme Renamed",
        };

        Assert.True(visible, $"{change}: the change a user sees");
        await using var db = _db.CreateDbContext();
        var row = await db.Escalations.AsNoTracking().SingleAsync(e => e.Id == id);
        Assert.Equal(Expected(row, await AccountNameAsync(db, row)), Derived(row));
    }

    [Fact]
    public async Task Seeded_escalations_have_every_derived_column_from_their_content()
    {
        await DemoSeeder.SeedAsync(_db, 200, Now, batchSize: 50);

        await using var db = _db.CreateDbContext();
        var names = await db.Accounts.ToDictionaryAsync(a => a.Id, a => a.Name);
        var rows = await db.Escalations.AsNoTracking().ToListAsync();
        Assert.Equal(200, rows.Count);
        Assert.Contains(rows, r => r.OverdueFrom is not null);
        Assert.Contains(rows, r => r.ArrAtRisk is not null);
        Assert.All(rows, r => Assert.Equal(Expected(r, names[r.Content.Understand.AccountId!.Value]), Derived(r)));
    }

    [Fact]
    public async Task A_rename_reaches_every_escalation_of_the_customer_past_one_batch_and_no_other()
    {
        var accounts = new AccountService(_db, _db.Clock, FixedUser.Lead());
        var acme = await accounts.CreateAsync(new AccountInput { Name = "Acme" });
        var ids = new List<int>();
        for (var i = 0; i < AccountService.RenameBatch + 2; i++) ids.Add(await EscalationRows.AddAsync(_db, Now, $"acme {i}", accountId: acme.Id));
        var other = await EscalationRows.AddAsync(_db, Now, "globex", customer: "Globex");

        await accounts.UpdateAsync(acme.Id, new AccountInput { Name = "Acme Renamed" });

        await using var db = _db.CreateDbContext();
        Assert.Equal(ids.Count, await db.Escalations.CountAsync(e => e.CustomerName == "Acme Renamed"));
        Assert.Equal("Globex", (await db.Escalations.SingleAsync(e => e.Id == other)).CustomerName);
    }

    private async Task EscalateAsync(int id) => Assert.True((await _s.Escalate.EscalateAsync(id)).Ok);

    private static async Task<bool> Ok(Task<EscalationDesk.Features.Escalations.ActionResult> action) => (await action).Ok;

    private async Task<Escalation> Row(int id)
    {
        await using var db = _db.CreateDbContext();
        return await db.Escalations.AsNoTracking().SingleAsync(e => e.Id == id);
    }

    private static async Task<string?> AccountNameAsync(EscalationDeskDbContext db, Escalation row) =>
        row.Content.Understand.AccountId is int id ? await db.Accounts.Where(a => a.Id == id).Select(a => a.Name).SingleAsync() : null;

    // The columns as the rules give them for this row's content, status and times (the spec's cadence table).
    private static List<(string, object?)> Expected(Escalation row, string? accountName)
    {
        var c = row.Content;
        var severity = SeverityRules.Decide(c).Effective;
        var targets = TargetRules.Decide(c);
        var timers = LifecycleRules.TimersRun(row.Status) && row.EscalatedAt is DateTime at
            ? CadenceRules.Next(new CadenceOptions(), severity, at, row.LastInternalFollowUpAt, row.LastCustomerUpdateAt)
            : null;
        DateTime? overdue = timers is null ? null : new[] { timers.Internal.OverdueFrom, timers.Customer.OverdueFrom }.Min();
        return
        [
            ("Summary", c.Understand.Summary.Trim()), ("AccountId", c.Understand.AccountId), ("CustomerName", accountName),
            ("Severity", severity), ("PrimaryTarget", targets.Primary), ("Targets", targets.TeamText),
            ("TargetL2Support", targets.Effective.Contains(EscalationTarget.L2Support)), ("TargetEngineering", targets.Effective.Contains(EscalationTarget.Engineering)),
            ("TargetProduct", targets.Effective.Contains(EscalationTarget.Product)), ("TargetSecurity", targets.Effective.Contains(EscalationTarget.Security)),
            ("TargetLeadership", targets.Effective.Contains(EscalationTarget.Leadership)), ("StatusOrder", LifecycleRules.Order(row.Status)),
            ("NextInternalDueAt", timers?.Internal.DueAt), ("NextInternalOverdueAt", timers?.Internal.OverdueAt),
            ("NextCustomerDueAt", timers?.Customer.DueAt), ("NextCustomerOverdueAt", timers?.Customer.OverdueAt),
            ("InternalOverdueFrom", timers?.Internal.OverdueFrom), ("CustomerOverdueFrom", timers?.Customer.OverdueFrom), ("OverdueFrom", overdue),
            ("ArrAtRisk", c.Impact.ArrAtRisk), ("LinkedSimilarCount", c.Context.LinkedSimilar.Count),
        ];
    }

    private static List<(string, object?)> Derived(Escalation e) =>
    [
        ("Summary", e.Summary), ("AccountId", e.AccountId), ("CustomerName", e.CustomerName), ("Severity", e.Severity),
        ("PrimaryTarget", e.PrimaryTarget), ("Targets", e.Targets), ("TargetL2Support", e.TargetL2Support), ("TargetEngineering", e.TargetEngineering),
        ("TargetProduct", e.TargetProduct), ("TargetSecurity", e.TargetSecurity), ("TargetLeadership", e.TargetLeadership), ("StatusOrder", e.StatusOrder),
        ("NextInternalDueAt", e.NextInternalDueAt), ("NextInternalOverdueAt", e.NextInternalOverdueAt), ("NextCustomerDueAt", e.NextCustomerDueAt),
        ("NextCustomerOverdueAt", e.NextCustomerOverdueAt), ("InternalOverdueFrom", e.InternalOverdueFrom), ("CustomerOverdueFrom", e.CustomerOverdueFrom),
        ("OverdueFrom", e.OverdueFrom), ("ArrAtRisk", e.ArrAtRisk), ("LinkedSimilarCount", e.LinkedSimilarCount),
    ];

    public void Dispose() => _db.Dispose();
}

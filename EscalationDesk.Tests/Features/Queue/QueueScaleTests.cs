using EscalationDesk.Data;
using EscalationDesk.Features.Accounts;
using EscalationDesk.Features.Judgment;
using EscalationDesk.Features.Queue;
using EscalationDesk.Tests.Features.Escalations;
using EscalationDesk.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace EscalationDesk.Tests.Features.Queue;

// What keeps the queue fast at scale: the capped count, and the derived target and overdue columns kept in step by every write.
public sealed class QueueScaleTests : IDisposable
{
    private readonly TestDatabase _db = new();
    private DateTime Now => _db.Clock.GetUtcNow().UtcDateTime;

    private async Task AddManyAsync(int count)
    {
        for (var i = 0; i < count; i++) await EscalationRows.AddAsync(_db, Now, $"item {i:00}", escalatedHoursAgo: i);
    }

    [Fact]
    public async Task Past_the_cap_the_count_says_so_and_pages_reach_exactly_the_first_rows_in_order()
    {
        await AddManyAsync(26);
        var queue = new QueueService(_db, _db.Clock, FixedUser.Lead(), _db.Search, countCap: 20);
        var everything = (await new QueueService(_db, _db.Clock, FixedUser.Lead(), _db.Search).PageAsync(new QueueQuery(Sort: "summary", PageSize: 100))).Rows.Select(r => r.Summary).ToList();

        var first = await queue.PageAsync(new QueueQuery(Sort: "summary", PageSize: 10));
        var beyond = await queue.PageAsync(new QueueQuery(Sort: "summary", Page: 99, PageSize: 10));

        Assert.Equal(26, everything.Count);
        Assert.Equal((20, true, 2), (first.Total, first.Capped, first.Pages));
        Assert.Equal(everything.Take(10), first.Rows.Select(r => r.Summary));
        Assert.Equal(1, beyond.Page);
        Assert.Equal(everything.Skip(10).Take(10), beyond.Rows.Select(r => r.Summary));
    }

    [Fact]
    public async Task Turning_the_page_keeps_the_count_the_lead_saw_and_any_other_change_counts_again()
    {
        await AddManyAsync(12);
        var queue = new QueueService(_db, _db.Clock, FixedUser.Lead(), _db.Search);
        var first = await queue.PageAsync(new QueueQuery(Sort: "summary", PageSize: 10));
        for (var i = 0; i < 10; i++) await EscalationRows.AddAsync(_db, Now, $"later {i}");

        var next = await queue.PageAsync(new QueueQuery(Sort: "summary", Page: 1, PageSize: 10), first);
        var reversed = await queue.PageAsync(new QueueQuery(Sort: "summary", Descending: true, Page: 1, PageSize: 10), first);
        var high = await queue.PageAsync(new QueueQuery(Severity: Severity.High, Sort: "summary", Page: 1, PageSize: 10), first);
        var closed = await queue.PageAsync(new QueueQuery([EscalationStatus.Closed], Sort: "summary", Page: 1, PageSize: 10), first);

        Assert.Equal(12, first.Total);
        Assert.Equal((12, 1), (next.Total, next.Page));
        Assert.Equal(["item 10", "item 11"], next.Rows.Select(r => r.Summary));
        Assert.Equal(22, reversed.Total);
        Assert.Equal(0, closed.Total);
        Assert.Equal(22, high.Total);   // EscalationRows adds High by default
    }

    [Fact]
    public async Task At_the_cap_or_below_the_count_is_exact_and_the_last_page_is_the_real_end()
    {
        await AddManyAsync(20);
        var queue = new QueueService(_db, _db.Clock, FixedUser.Lead(), _db.Search, countCap: 20);

        var last = await queue.PageAsync(new QueueQuery(Sort: "summary", Descending: true, Page: 1, PageSize: 15));

        Assert.Equal((20, false, 2), (last.Total, last.Capped, last.Pages));
        Assert.Equal(["item 04", "item 03", "item 02", "item 01", "item 00"], last.Rows.Select(r => r.Summary));
    }

    [Fact]
    public async Task The_target_filter_follows_the_targets_the_wizard_saves_and_escalation_stamps()
    {
        var s = new EscalationScenario(_db);
        var id = await s.ReadyDraftAsync(c => c.Target.Signals.Add("vulnerability"));
        Assert.True(await TargetFlagAsync(id, e => e.TargetSecurity));

        var draft = (await s.Wizard.LoadAsync(id))!;
        draft.Content.Target.Signals.Remove("vulnerability");
        draft.Content.Target.Signals.Add("churn-threat");
        await s.Wizard.SaveAsync(id, draft.Content, 6, draft.Version);
        Assert.False(await TargetFlagAsync(id, e => e.TargetSecurity));
        Assert.True((await s.Escalate.EscalateAsync(id)).Ok);

        var queue = new QueueService(_db, _db.Clock, FixedUser.Lead(), _db.Search);
        Assert.Equal([id], (await queue.PageAsync(new QueueQuery(Target: EscalationTarget.Leadership))).Rows.Select(r => r.Id));
        Assert.Equal([id], (await queue.PageAsync(new QueueQuery(Target: EscalationTarget.Engineering))).Rows.Select(r => r.Id));
        Assert.Empty((await queue.PageAsync(new QueueQuery(Target: EscalationTarget.Security))).Rows);
        Assert.Empty((await queue.PageAsync(new QueueQuery(Target: EscalationTarget.Product))).Rows);
    }

    [Fact]
    public async Task The_overdue_filter_follows_the_timers_through_follow_ups()
    {
        var s = new EscalationScenario(_db);
        var id = await s.EscalatedAsync();
        var queue = new QueueService(_db, _db.Clock, FixedUser.Lead(), _db.Search);
        Task<bool> OverdueAsync() => queue.PageAsync(new QueueQuery(Overdue: OverdueFilter.Either)).ContinueWith(t => t.Result.Rows.Any(r => r.Id == id));
        var timers = await TimersAsync(id);
        Assert.True(timers.InternalDue < timers.CustomerOverdue);

        _db.Clock.SetUtcNow(timers.InternalDue.AddSeconds(-1));
        Assert.False(await OverdueAsync());
        _db.Clock.SetUtcNow(timers.InternalDue);
        Assert.True(await OverdueAsync());

        _db.Clock.SetUtcNow(timers.InternalDue.AddMinutes(1));
        Assert.True((await s.Lifecycle.LogFollowUpAsync(id, "Engineering is on it")).Ok);
        Assert.False(await OverdueAsync());

        // The customer update is overdue only once its overdue time has passed.
        _db.Clock.SetUtcNow(timers.CustomerOverdue);
        var later = await TimersAsync(id);
        Assert.True(later.InternalDue > timers.CustomerOverdue);
        Assert.False(await OverdueAsync());
        _db.Clock.SetUtcNow(timers.CustomerOverdue.AddSeconds(1));
        Assert.True(await OverdueAsync());
        Assert.True((await s.Lifecycle.LogCustomerUpdateAsync(id, "Email", "Told them the fix is under way")).Ok);
        Assert.False(await OverdueAsync());
    }

    [Fact]
    public async Task The_customer_filter_matches_part_of_the_account_name_also_after_a_rename()
    {
        var accounts = new AccountService(_db, _db.Clock, FixedUser.Lead());
        var acme = await accounts.CreateAsync(new AccountInput { Name = "Acme Corp" });
        await EscalationRows.AddAsync(_db, Now, "acme escalation", accountId: acme.Id, customer: "Acme Corp");
        await EscalationRows.AddAsync(_db, Now, "globex escalation", customer: "Globex");
        var queue = new QueueService(_db, _db.Clock, FixedUser.Lead(), _db.Search);

        Assert.Equal(["acme escalation"], (await queue.PageAsync(new QueueQuery(Customer: "me co"))).Rows.Select(r => r.Summary));
        Assert.Empty((await queue.PageAsync(new QueueQuery(Customer: "%"))).Rows);

        await accounts.UpdateAsync(acme.Id, new AccountInput { Name = "Initech" });
        Assert.Empty((await queue.PageAsync(new QueueQuery(Customer: "acme"))).Rows);
        Assert.Equal(["acme escalation"], (await queue.PageAsync(new QueueQuery(Customer: "inite"))).Rows.Select(r => r.Summary));
    }

    [SqliteFact("upgrades a database made by SQLite's older migrations; a PostgreSQL database starts at its own first migration")]
    public async Task A_database_from_before_the_derived_columns_gets_them_filled_in()
    {
        // Escalated 5 hours ago at High: the cadence's 4-hour internal follow-up is overdue.
        var id = await EscalationRows.AddAsync(_db, Now, "old row", targets: "Security, Leadership", escalatedHoursAgo: 5, internalDueInHours: -1,
            arr: 12_345.67m);
        // As the Derive migration leaves a database from before it: ARR in a new column, the overdue instants not yet filled.
        await using (var db = _db.CreateDbContext())
            await db.Database.ExecuteSqlRawAsync("UPDATE Escalations SET TargetSecurity = 0, TargetLeadership = 0, OverdueFrom = NULL, InternalOverdueFrom = NULL, ArrAtRiskCents = 1234567.0 / 100");
        var queue = new QueueService(_db, _db.Clock, FixedUser.Lead(), _db.Search);
        Assert.Empty((await queue.PageAsync(new QueueQuery(Target: EscalationTarget.Security))).Rows);

        await using (var db = _db.CreateDbContext()) db.BackfillQueueColumns();

        Assert.Equal([id], (await queue.PageAsync(new QueueQuery(Target: EscalationTarget.Security))).Rows.Select(r => r.Id));
        Assert.Equal([id], (await queue.PageAsync(new QueueQuery(Target: EscalationTarget.Leadership, Overdue: OverdueFilter.Either))).Rows.Select(r => r.Id));
        Assert.Equal([id], (await queue.PageAsync(new QueueQuery(Overdue: OverdueFilter.Internal))).Rows.Select(r => r.Id));
        Assert.Equal(12_345.67m, (await queue.PageAsync(new QueueQuery())).Rows.Single().ArrAtRisk);   // from the content, to the cent
    }

    [SqliteFact("upgrades a database made by SQLite's older migrations; a PostgreSQL database starts at its own first migration")]
    public async Task Upgrading_a_database_that_stored_ARR_as_a_double_keeps_every_amount_to_the_cent()
    {
        var id = await EscalationRows.AddAsync(_db, Now, "old row", arr: 12_345.67m);
        await using (var db = _db.CreateDbContext())
        {
            // The database as the app before the Derive migration left it: ARR in dollars, as a REAL.
            var migrations = db.Database.GetMigrations().ToList();
            var derive = migrations.Single(m => m.Contains("_Derive_", StringComparison.Ordinal));
            await db.GetService<Microsoft.EntityFrameworkCore.Migrations.IMigrator>().MigrateAsync(migrations[migrations.IndexOf(derive) - 1]);
            await db.Database.ExecuteSqlRawAsync("UPDATE Escalations SET ArrAtRisk = 12345.67");
        }

        // As the app starts (EscalationDeskSetup.MigrateDatabase).
        await using (var db = _db.CreateDbContext())
        {
            var adds = EscalationDeskDbContext.AddsQueueColumns(await db.Database.GetPendingMigrationsAsync());
            await db.Database.MigrateAsync();
            Assert.True(adds);
            db.BackfillQueueColumns();
        }

        var row = (await new QueueService(_db, _db.Clock, FixedUser.Lead(), _db.Search).PageAsync(new QueueQuery())).Rows.Single();
        Assert.Equal((id, 12_345.67m), (row.Id, row.ArrAtRisk));
    }

    private async Task<bool> TargetFlagAsync(int id, Func<Escalation, bool> flag)
    {
        await using var db = _db.CreateDbContext();
        return flag(await db.Escalations.SingleAsync(e => e.Id == id));
    }

    private async Task<(DateTime InternalDue, DateTime CustomerOverdue)> TimersAsync(int id)
    {
        await using var db = _db.CreateDbContext();
        var e = await db.Escalations.SingleAsync(x => x.Id == id);
        return (e.NextInternalDueAt!.Value, e.NextCustomerOverdueAt!.Value);
    }

    public void Dispose() => _db.Dispose();
}

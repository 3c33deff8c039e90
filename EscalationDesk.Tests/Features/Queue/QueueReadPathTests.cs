using EscalationDesk.Data;
using EscalationDesk.Features.Judgment;
using EscalationDesk.Features.Queue;
using EscalationDesk.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace EscalationDesk.Tests.Features.Queue;

// The queue reads some views a way the engine can follow an index (customer ids read first, the statuses as one range):
// the rows and their order are what the plain rule says, on both engines.
public sealed class QueueReadPathTests : IDisposable
{
    private readonly TestDatabase _db = new();
    private DateTime Now => _db.Clock.GetUtcNow().UtcDateTime;
    private QueueService Queue => new(_db, _db.Clock, FixedUser.Lead(), _db.Search);

    private async Task<List<int>> AllPagesAsync(QueueQuery query)
    {
        var ids = new List<int>();
        for (var page = 0; ; page++)
        {
            var result = await Queue.PageAsync(query with { Page = page, PageSize = QueueService.MinPageSize });
            ids.AddRange(result.Rows.Select(r => r.Id));
            if (page + 1 >= result.Pages) return ids;
        }
    }

    [Theory]
    [InlineData("acme 1")]    // 111 accounts: their ids are read first
    [InlineData("acme")]      // more than MaxCustomerAccounts: matched as a subquery
    [InlineData("ACME 20")]   // a different case, 12 accounts
    [InlineData("nobody")]
    public async Task The_customer_filter_finds_every_escalation_of_every_matching_account_and_no_other(string typed)
    {
        // 201 accounts whose names hold "Acme", one escalation each (the odd ones two), beside another customer's.
        var accounts = Enumerable.Range(1, QueueService.MaxCustomerAccounts + 1)
            .Select(i => new Account { Name = $"Acme {i}", CreatedAt = Now, UpdatedAt = Now }).ToList();
        await using (var db = _db.CreateDbContext())
        {
            db.Accounts.AddRange(accounts);
            await db.SaveChangesAsync();
        }
        var expected = new List<int>();
        foreach (var account in accounts)
            for (var n = 0; n < (account.Id % 2 == 1 ? 2 : 1); n++)
            {
                var id = await EscalationRows.AddAsync(_db, Now, $"{account.Name} #{n}", accountId: account.Id, customer: account.Name,
                    escalatedHoursAgo: account.Id + n);
                if (account.Name.Contains(typed, StringComparison.OrdinalIgnoreCase)) expected.Add(id);
            }
        await EscalationRows.AddAsync(_db, Now, "globex escalation", customer: "Globex");

        var found = await AllPagesAsync(new QueueQuery(Customer: typed));

        Assert.Equal(expected.Order(), found.Order());
        Assert.Equal(found.Count, found.Distinct().Count());
        Assert.Equal(expected.Count, (await Queue.PageAsync(new QueueQuery(Customer: typed))).Total);
    }

    public static TheoryData<EscalationStatus[], bool> StatusSets => new()
    {
        { [EscalationStatus.Escalated, EscalationStatus.Acknowledged], false },   // the open ones: one range
        { [EscalationStatus.Escalated, EscalationStatus.Acknowledged], true },
        { [EscalationStatus.Acknowledged, EscalationStatus.Resolved, EscalationStatus.DeEscalated], true },
        { [EscalationStatus.Escalated, EscalationStatus.Resolved, EscalationStatus.Closed], false },   // gaps: a list
        { [EscalationStatus.Closed, EscalationStatus.Escalated], true },
        { [EscalationStatus.Resolved], false },
    };

    [Theory]
    [MemberData(nameof(StatusSets))]
    public async Task Sorted_by_status_every_page_follows_the_lifecycle_then_the_id_and_holds_only_the_statuses_asked_for(
        EscalationStatus[] statuses, bool descending)
    {
        // Five of each status but drafts, added in a shuffled order so the ids do not follow the statuses.
        var all = Enum.GetValues<EscalationStatus>().Where(s => s != EscalationStatus.Draft).ToArray();
        var added = new List<(int Id, EscalationStatus Status)>();
        foreach (var (status, i) in Enumerable.Range(0, 25).Select(i => (all[i * 7 % all.Length], i)))
            added.Add((await EscalationRows.AddAsync(_db, Now, $"{status} {i}", status), status));
        var ascending = added.Where(a => statuses.Contains(a.Status)).OrderBy(a => LifecycleRules.Order(a.Status)).ThenBy(a => a.Id).Select(a => a.Id);
        var expected = descending ? ascending.Reverse().ToList() : ascending.ToList();

        var paged = await AllPagesAsync(new QueueQuery(statuses, Sort: "status", Descending: descending));

        Assert.Equal(expected, paged);
    }

    [Theory]
    [InlineData(OverdueFilter.Internal, "internal")]
    [InlineData(OverdueFilter.Customer, "customer-update")]
    public async Task A_dashboard_overdue_link_counts_and_shows_exactly_the_open_escalations_with_that_timer_overdue(OverdueFilter which, string sort)
    {
        // Overdue one way, the other, both, neither; open and resolved (whose timers run but are not open).
        var expected = new List<int>();
        foreach (var status in new[] { EscalationStatus.Escalated, EscalationStatus.Acknowledged, EscalationStatus.Resolved })
            foreach (var (internalDue, customerOverdue) in new[] { (-2.0, 5.0), (4.0, -1.0), (-3.0, -2.0), (4.0, 6.0) })
            {
                var id = await EscalationRows.AddAsync(_db, Now, $"{status} {internalDue} {customerOverdue}", status,
                    internalDueInHours: internalDue, customerDueInHours: Math.Min(customerOverdue, 3), customerOverdueInHours: customerOverdue);
                var overdue = which == OverdueFilter.Internal ? internalDue < 0 : customerOverdue < 0;
                if (overdue && status != EscalationStatus.Resolved) expected.Add(id);
            }
        await EscalationRows.AddAsync(_db, Now, "closed", EscalationStatus.Closed);

        var link = new QueueQuery(Overdue: which, Sort: sort);
        var page = await Queue.PageAsync(link);

        Assert.Equal(expected.Count, page.Total);
        Assert.Equal(expected.Order(), (await AllPagesAsync(link)).Order());
    }

    public void Dispose() => _db.Dispose();
}

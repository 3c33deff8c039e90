using EscalationDesk.Data;
using EscalationDesk.Features.Briefs;
using EscalationDesk.Features.Judgment;
using EscalationDesk.Features.Queue;
using EscalationDesk.Tests.Infrastructure;
using UglyToad.PdfPig;

namespace EscalationDesk.Tests.Features.Queue;

public sealed class DashboardAndDigestTests : IDisposable
{
    private readonly TestDatabase _db = new();
    private DateTime Now => _db.Clock.GetUtcNow().UtcDateTime;

    private Task<int> AddAsync(string summary, Severity severity, EscalationStatus status = EscalationStatus.Escalated, decimal? arr = null,
        int? accountId = null, bool overdue = false, double daysAgo = 1, int[]? linked = null, Action<Escalation>? change = null) =>
        EscalationRows.AddAsync(_db, Now, summary, status, severity, accountId: accountId, customer: accountId is null ? null : $"Customer {accountId}",
            arr: arr, escalatedHoursAgo: daysAgo * 24, internalDueInHours: overdue ? -1 : 2, customerDueInHours: 2, customerOverdueInHours: 4,
            linked: linked, change: change);

    private async Task<int[]> AccountsAsync(int n)
    {
        await using var db = _db.CreateDbContext();
        var accounts = Enumerable.Range(1, n).Select(i => new Account { Name = $"Customer {i}", CreatedAt = Now, UpdatedAt = Now }).ToList();
        db.Accounts.AddRange(accounts);
        await db.SaveChangesAsync();
        return accounts.Select(a => a.Id).ToArray();
    }

    [Fact]
    public async Task The_dashboard_counts_open_escalations_overdue_timers_ARR_oldest_and_weeks()
    {
        await AddAsync("critical", Severity.Critical, arr: 100_000, overdue: true, daysAgo: 20);
        await AddAsync("high", Severity.High, EscalationStatus.Acknowledged, arr: 50_000, daysAgo: 2);
        await AddAsync("closed", Severity.High, EscalationStatus.Closed, arr: 999_999);
        await AddAsync("draft", Severity.Medium, EscalationStatus.Draft);

        var d = await new DashboardService(_db, _db.Clock, FixedUser.Lead()).LoadAsync();

        Assert.Equal(2, d.OpenCount);
        Assert.Equal(150_000, d.OpenArrAtRisk);
        Assert.Equal([1, 1, 0], d.BySeverity.Select(c => c.Value));
        Assert.Equal((1, 0), (d.OverdueInternal, d.OverdueCustomer));
        Assert.Equal(["critical", "high"], d.Oldest.Select(o => o.Summary));
        Assert.DoesNotContain(d.ByStatus, s => s.Key == EscalationStatus.Draft);
        Assert.Equal(DashboardService.Weeks, d.OpenedPerWeek.Count);
        Assert.Equal(4, d.OpenedPerWeek.Sum(w => w.Opened));
    }

    [Fact]
    public async Task Each_dashboard_count_is_the_number_of_rows_its_queue_link_shows_on_seeded_data()
    {
        await EscalationDesk.Features.Demo.DemoSeeder.SeedAsync(_db, 400, Now, batchSize: 100);
        _db.Clock.Advance(TimeSpan.FromHours(1));   // some timers come due after seeding, and only one of the two
        var d = await new DashboardService(_db, _db.Clock, FixedUser.Lead()).LoadAsync();
        var queue = new QueueService(_db, _db.Clock, FixedUser.Lead(), _db.Search);
        // The link as the page renders it, read back as the queue page reads its address.
        async Task<int> RowsBehindAsync(QueueQuery link)
        {
            var href = DashboardLinks.Href(link);
            var query = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(new Uri(new Uri("http://desk/"), href).Query);
            return (await queue.PageAsync(QueueUrl.Parse(query.ToDictionary(q => q.Key, q => (string?)q.Value.ToString())))).Total;
        }

        Assert.True(d.OverdueInternal > 0 && d.OverdueCustomer > 0 && d.OverdueInternal != d.OverdueCustomer);
        Assert.Equal(d.OpenCount, await RowsBehindAsync(DashboardLinks.Open));
        Assert.Equal(d.OverdueInternal, await RowsBehindAsync(DashboardLinks.InternalOverdue));
        Assert.Equal(d.OverdueCustomer, await RowsBehindAsync(DashboardLinks.CustomerOverdue));
        foreach (var c in d.BySeverity) Assert.Equal((c.Key, c.Value), (c.Key, await RowsBehindAsync(DashboardLinks.OfSeverity(c.Key))));
        foreach (var c in d.ByTarget) Assert.Equal((c.Key, c.Value), (c.Key, await RowsBehindAsync(DashboardLinks.OfPrimaryTarget(c.Key))));
        foreach (var c in d.ByStatus) Assert.Equal((c.Key, c.Value), (c.Key, await RowsBehindAsync(DashboardLinks.OfStatus(c.Key))));
        Assert.Equal(5, d.ByStatus.Count);
        Assert.Contains(d.ByTarget, c => c.Value > 0 && c.Value < d.OpenCount);
    }

    [Fact]
    public async Task ARR_at_risk_adds_up_to_the_cent()
    {
        await AddAsync("a", Severity.High, arr: 0.10m);
        await AddAsync("b", Severity.High, arr: 0.20m);
        await AddAsync("c", Severity.High, arr: 1_000_000.05m);

        Assert.Equal(1_000_000.35m, (await new DashboardService(_db, _db.Clock, FixedUser.Lead()).LoadAsync()).OpenArrAtRisk);
        Assert.Equal([1_000_000.05m, 0.20m, 0.10m],
            (await new QueueService(_db, _db.Clock, FixedUser.Lead(), _db.Search).PageAsync(new QueueQuery(Sort: "arr", Descending: true))).Rows.Select(r => r.ArrAtRisk));
    }

    [Fact]
    public async Task A_pattern_is_a_group_of_linked_open_escalations_from_three_customers_not_three_from_one()
    {
        var customers = await AccountsAsync(3);
        var a = await AddAsync("audit log gaps A", Severity.High, accountId: customers[0]);
        var b = await AddAsync("audit log gaps B", Severity.High, accountId: customers[1], linked: [a]);
        var sameCustomer1 = await AddAsync("export slow 1", Severity.Medium, accountId: customers[0]);
        await AddAsync("export slow 2", Severity.Medium, accountId: customers[0], linked: [sameCustomer1]);
        var dashboard = new DashboardService(_db, _db.Clock, FixedUser.Lead());
        Assert.Empty((await dashboard.LoadAsync()).Patterns);

        await AddAsync("audit log gaps C", Severity.High, accountId: customers[2], linked: [b]);

        var pattern = Assert.Single((await dashboard.LoadAsync()).Patterns);
        Assert.Equal(3, pattern.Customers);
        Assert.Equal(["audit log gaps A", "audit log gaps B", "audit log gaps C"], pattern.Members.Select(m => m.Summary));
    }

    [Fact]
    public async Task The_digest_lists_open_critical_then_high_impact_first_with_totals_on_page_one()
    {
        await AddAsync("Payments down for EU", Severity.Critical, arr: 400_000, change: e =>
        {
            e.Content.Impact.CustomersAffected = 12;
            e.Content.Impact.SlaStatus = SlaStatus.Breached;
            e.Content.Brief.SpecificAsk = SpecificAsk.PrioritizeFix;
            e.Content.Brief.Deadline = new DateTime(2026, 11, 25, 12, 0, 0);
        });
        await AddAsync("Reports slow ## not a heading <script>x</script>", Severity.High, arr: 20_000);
        await AddAsync("Medium is left out", Severity.Medium);
        await AddAsync("Closed is left out", Severity.Critical, EscalationStatus.Closed);
        var digest = new DigestService(_db, _db.Clock, FixedUser.Lead("Lead Lee"), new EscalationDeskOptions(),
            new Lazy<IBriefPdf>(() => new PdfSharpBriefPdf(new PdfOptions())), new PdfRenderLimits(new PdfOptions()));

        using var pdf = PdfDocument.Open(await digest.PdfAsync());
        var firstPage = string.Join(" ", pdf.GetPage(1).GetWords().Select(w => w.Text));
        var text = string.Join(" ", pdf.GetPages().SelectMany(p => p.GetWords()).Select(w => w.Text));

        Assert.Contains("Open Critical and High: 2 (1 Critical)", firstPage);
        Assert.Contains("ARR at risk: USD 420,000", firstPage);
        Assert.True(text.IndexOf("Payments down for EU", StringComparison.Ordinal) < text.IndexOf("Reports slow", StringComparison.Ordinal));
        Assert.Contains("Customers affected: 12", text);
        Assert.Contains("SLA status: Breached", text);
        Assert.Contains("Deadline: 2026-11-25 12:00", text);
        Assert.Contains("Ask: Prioritize fix", text);
        Assert.Contains("## not a heading <script>x</script>", text);
        Assert.DoesNotContain("Medium is left out", text);
        Assert.DoesNotContain("Closed is left out", text);
        Assert.Equal("Lead Lee", pdf.Information.Author);
    }

    public void Dispose() => _db.Dispose();
}

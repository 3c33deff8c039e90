using System.Text;
using EscalationDesk.Data;
using EscalationDesk.Features.Judgment;
using EscalationDesk.Features.Queue;
using EscalationDesk.Tests.Infrastructure;

namespace EscalationDesk.Tests.Features.Queue;

public sealed class QueueServiceTests : IDisposable
{
    private readonly TestDatabase _db = new();
    private QueueService Queue => new(_db, _db.Clock, FixedUser.Lead(), _db.Search);
    private DateTime Now => _db.Clock.GetUtcNow().UtcDateTime;

    private Task<int> AddAsync(string summary, EscalationStatus status = EscalationStatus.Escalated, Severity severity = Severity.High,
        string targets = "Engineering", string owner = "Ana", string? customer = "Acme", decimal? arr = null, double escalatedHoursAgo = 1,
        double internalDueInHours = 3, double customerDueInHours = 3, double customerOverdueInHours = 7, string? ownerId = null) =>
        EscalationRows.AddAsync(_db, Now, summary, status, severity, targets, owner, customer: customer, arr: arr, escalatedHoursAgo: escalatedHoursAgo,
            internalDueInHours: internalDueInHours, customerDueInHours: customerDueInHours, customerOverdueInHours: customerOverdueInHours,
            change: e => e.OwnerId = ownerId);

    private async Task<List<string>> SummariesAsync(QueueQuery query) => (await Queue.PageAsync(query)).Rows.Select(r => r.Summary).ToList();

    [Fact]
    public async Task By_default_it_shows_open_escalations_only_never_drafts()
    {
        await AddAsync("escalated", escalatedHoursAgo: 1);
        await AddAsync("acknowledged", EscalationStatus.Acknowledged, escalatedHoursAgo: 2);
        await AddAsync("draft", EscalationStatus.Draft);
        await AddAsync("closed", EscalationStatus.Closed);

        Assert.Equal(["escalated", "acknowledged"], await SummariesAsync(new QueueQuery(Sort: "queue", Descending: true)));
        Assert.Equal(["closed"], await SummariesAsync(new QueueQuery([EscalationStatus.Closed])));
        Assert.Empty(await SummariesAsync(new QueueQuery([EscalationStatus.Draft])));
    }

    [Fact]
    public async Task The_owner_filter_goes_by_account_so_two_people_sharing_a_name_are_told_apart_and_me_is_the_viewer()
    {
        var lead = FixedUser.Lead("Sam Lee");
        await AddAsync("first Sam's", owner: "Sam Lee", ownerId: "user-sam-1");
        await AddAsync("second Sam's", owner: "Sam Lee", ownerId: "user-sam-2");
        await AddAsync("the lead's", owner: "Sam Lee", ownerId: lead.Id);
        var queue = new QueueService(_db, _db.Clock, lead, _db.Search);

        Assert.Equal(["first Sam's"], (await queue.PageAsync(new QueueQuery(OwnerId: "user-sam-1"))).Rows.Select(r => r.Summary));
        Assert.Equal(["second Sam's"], (await queue.PageAsync(new QueueQuery(OwnerId: "user-sam-2"))).Rows.Select(r => r.Summary));
        Assert.Equal(["the lead's"], (await queue.PageAsync(new QueueQuery(OwnerId: QueueQuery.Me))).Rows.Select(r => r.Summary));
    }

    [Fact]
    public async Task The_owner_picker_offers_everyone_who_can_sign_in_by_name()
    {
        await using (var db = _db.CreateDbContext())
        {
            db.Users.AddRange(
                new AppUser { Id = "u-zoe", UserName = "zoe@example.com", Email = "zoe@example.com", DisplayName = "Zoe Park" },
                new AppUser { Id = "u-al", UserName = "al@example.com", Email = "al@example.com", DisplayName = "Al Diaz" },
                new AppUser { Id = "u-gone", UserName = "gone@example.com", Email = "gone@example.com", DisplayName = "Gone Person", DisabledAt = Now });
            await db.SaveChangesAsync();
        }

        Assert.Equal([new QueueOwner("u-al", "Al Diaz", "al@example.com"), new QueueOwner("u-zoe", "Zoe Park", "zoe@example.com")], await Queue.OwnersAsync());
    }

    [Fact]
    public async Task Each_filter_narrows_the_queue()
    {
        await AddAsync("critical security", severity: Severity.Critical, targets: "Security, Engineering", owner: "Bo", customer: "Globex", ownerId: "user-bo");
        await AddAsync("high engineering", targets: "Engineering, Leadership", customer: "Acme Corp");
        await AddAsync("medium product overdue", severity: Severity.Medium, targets: "Product", customer: "Initech", internalDueInHours: -1);

        Assert.Equal(["critical security"], await SummariesAsync(new QueueQuery(Severity: Severity.Critical)));
        Assert.Equal(["critical security", "high engineering"], await SummariesAsync(new QueueQuery(Target: EscalationTarget.Engineering)));
        Assert.Equal(["high engineering"], await SummariesAsync(new QueueQuery(Target: EscalationTarget.Leadership)));
        Assert.Equal(["critical security"], await SummariesAsync(new QueueQuery(OwnerId: "user-bo")));
        Assert.Equal(["high engineering"], await SummariesAsync(new QueueQuery(Customer: "acme")));
        Assert.Equal(["medium product overdue"], await SummariesAsync(new QueueQuery(Overdue: OverdueFilter.Either)));
        Assert.Equal(["high engineering"], await SummariesAsync(new QueueQuery(Text: "engin")));
        Assert.Empty(await SummariesAsync(new QueueQuery(Text: "\" OR NEAR( *")));
    }

    [Fact]
    public async Task Overdue_follows_the_clock()
    {
        await AddAsync("customer update overdue soon", internalDueInHours: 10, customerDueInHours: 1, customerOverdueInHours: 2);
        Assert.Empty(await SummariesAsync(new QueueQuery(Overdue: OverdueFilter.Either)));

        _db.Clock.Advance(TimeSpan.FromHours(2));
        Assert.Empty(await SummariesAsync(new QueueQuery(Overdue: OverdueFilter.Either)));   // due, not yet past the upper bound

        _db.Clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(["customer update overdue soon"], await SummariesAsync(new QueueQuery(Overdue: OverdueFilter.Either)));
    }

    [Fact]
    public async Task Internal_and_customer_overdue_are_filters_of_their_own_and_survive_the_address()
    {
        await AddAsync("internal overdue", internalDueInHours: -1);
        await AddAsync("customer overdue", customerDueInHours: -3, customerOverdueInHours: -1);
        await AddAsync("customer due, not overdue", customerDueInHours: -1, customerOverdueInHours: 1);
        await AddAsync("on time");

        Assert.Equal(["internal overdue"], await SummariesAsync(new QueueQuery(Overdue: OverdueFilter.Internal, Sort: "summary")));
        Assert.Equal(["customer overdue"], await SummariesAsync(new QueueQuery(Overdue: OverdueFilter.Customer, Sort: "summary")));
        Assert.Equal(["customer overdue", "internal overdue"], await SummariesAsync(new QueueQuery(Overdue: OverdueFilter.Either, Sort: "summary")));
        foreach (var which in new[] { OverdueFilter.Internal, OverdueFilter.Customer, OverdueFilter.Either })
        {
            var query = new QueueQuery(Overdue: which, PrimaryTarget: EscalationTarget.Engineering);
            var address = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(QueueUrl.QueryString(query));
            Assert.Equal(query, QueueUrl.Parse(address.ToDictionary(q => q.Key, q => (string?)q.Value.ToString())) with { Statuses = null });
        }
        Assert.Equal(OverdueFilter.Either, QueueUrl.Parse(new Dictionary<string, string?> { ["overdue"] = "true" }).Overdue);   // links made before
    }

    public static TheoryData<string, string[]> Sorts => new()
    {
        { "summary", ["a", "b", "c"] },
        { "customer", ["c", "a", "b"] },
        { "severity", ["b", "a", "c"] },
        { "targets", ["a", "c", "b"] },
        { "status", ["a", "c", "b"] },       // the lifecycle: Escalated before Acknowledged
        { "owner", ["c", "b", "a"] },
        { "queue", ["c", "a", "b"] },
        { "internal", ["b", "c", "a"] },
        { "customer-update", ["a", "b", "c"] },
        { "arr", ["b", "c", "a"] },
    };

    [Theory]
    [MemberData(nameof(Sorts))]
    public async Task Every_column_sorts_both_ways(string key, string[] ascending)
    {
        await AddAsync("a", status: EscalationStatus.Escalated, severity: Severity.High, targets: "Engineering", owner: "Zoe", customer: "Beta",
            arr: 300, escalatedHoursAgo: 5, internalDueInHours: 9, customerDueInHours: 1);
        await AddAsync("b", status: EscalationStatus.Acknowledged, severity: Severity.Critical, targets: "Security", owner: "Max", customer: "Gamma",
            arr: null, escalatedHoursAgo: 1, internalDueInHours: 2, customerDueInHours: 2);
        await AddAsync("c", status: EscalationStatus.Escalated, severity: Severity.Medium, targets: "Product", owner: "Ada", customer: "Alpha",
            arr: 100, escalatedHoursAgo: 9, internalDueInHours: 5, customerDueInHours: 3);

        Assert.Equal(ascending, await SummariesAsync(new QueueQuery(Sort: key)));
        Assert.Equal(ascending.Reverse(), await SummariesAsync(new QueueQuery(Sort: key, Descending: true)));
    }

    [Theory]
    [InlineData("summary", false)]
    [InlineData("arr", true)]
    [InlineData(null, false)]
    public async Task Every_page_read_from_either_end_is_the_same_as_walking_the_whole_list(string? sort, bool descending)
    {
        for (var i = 0; i < 37; i++)
            await AddAsync($"item {i:00}", severity: (Severity)(i % 3), arr: i % 4 == 0 ? null : i * 10, escalatedHoursAgo: i % 5);
        var all = await SummariesAsync(new QueueQuery(Sort: sort, Descending: descending, PageSize: 100));

        var paged = new List<string>();
        for (var page = 0; page < 4; page++)
            paged.AddRange(await SummariesAsync(new QueueQuery(Sort: sort, Descending: descending, Page: page, PageSize: 10)));

        Assert.Equal(all, paged);
    }

    [Fact]
    public async Task An_unknown_sort_key_falls_back_to_severity_then_time_in_queue()
    {
        await AddAsync("older high", escalatedHoursAgo: 9);
        await AddAsync("critical", severity: Severity.Critical);
        await AddAsync("newer high", escalatedHoursAgo: 1);

        Assert.Equal(["critical", "older high", "newer high"], await SummariesAsync(new QueueQuery(Sort: "Summary; DROP TABLE Escalations")));
    }

    [Fact]
    public async Task Paging_clamps_sizes_and_pages_and_reports_the_total()
    {
        var empty = await Queue.PageAsync(new QueueQuery(PageSize: 3));
        Assert.Equal((0, 0, 10), (empty.Total, empty.Page, empty.PageSize));
        Assert.Empty(empty.Rows);
        for (var i = 0; i < 23; i++) await AddAsync($"item {i:00}");

        var first = await Queue.PageAsync(new QueueQuery(Sort: "summary", PageSize: 3));
        var last = await Queue.PageAsync(new QueueQuery(Sort: "summary", Page: 2, PageSize: 10));
        var beyond = await Queue.PageAsync(new QueueQuery(Sort: "summary", Page: 99, PageSize: 10));
        var huge = await Queue.PageAsync(new QueueQuery(PageSize: 5_000));

        Assert.Equal((10, 23, 0), (first.PageSize, first.Total, first.Page));
        Assert.Equal(["item 20", "item 21", "item 22"], last.Rows.Select(r => r.Summary));
        Assert.Equal(2, beyond.Page);
        Assert.Equal(last.Rows.Select(r => r.Id), beyond.Rows.Select(r => r.Id));
        Assert.Equal(100, huge.PageSize);
        Assert.Equal(0, (await Queue.PageAsync(new QueueQuery(Page: -4))).Page);
    }

    [Fact]
    public async Task The_csv_export_neutralises_formulas_and_follows_the_filter()
    {
        await AddAsync("=HYPERLINK(\"http://evil.example\",\"click\")", customer: "+cmd|' /C calc'!A0");
        await AddAsync("@SUM(1+1)", owner: "-2+3");
        await AddAsync("closed one", EscalationStatus.Closed);

        using var output = new MemoryStream();
        await Queue.WriteCsvAsync(new QueueQuery(Sort: "summary"), output);
        var lines = Encoding.UTF8.GetString(output.ToArray()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal(3, lines.Length);
        Assert.StartsWith("\"Id\",\"Summary\",\"Customer\",\"Severity\",\"Targets\",\"Status\",\"Owner\"", lines[0]);
        var hyperlink = lines.Single(l => l.Contains("HYPERLINK"));
        var sum = lines.Single(l => l.Contains("SUM"));
        Assert.Contains("'=HYPERLINK", hyperlink);
        Assert.Contains("'+cmd", hyperlink);
        Assert.Contains("'@SUM(1+1)", sum);
        Assert.Contains("'-2+3", sum);
        Assert.DoesNotContain("closed one", string.Join("\n", lines));
        Assert.All(lines.Skip(1), l => Assert.DoesNotMatch(@"(^|,)""?[=+\-@]", l));
    }

    [Fact]
    public async Task The_csv_export_quotes_every_field_so_a_semicolon_spreadsheet_never_splits_a_cell_into_a_formula()
    {
        await AddAsync("x;=1+1", customer: "Acme;@SUM(A1)", owner: "Ana; -2+3");

        using var output = new MemoryStream();
        await Queue.WriteCsvAsync(new QueueQuery(), output);
        var lines = Encoding.UTF8.GetString(output.ToArray()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);

        // Read as Excel does where ";" is the list separator: quoted fields stay whole.
        var cells = SemicolonCells(lines[1]);
        Assert.Equal("\"ESC-", lines[1][..5]);
        Assert.Single(cells);
        Assert.DoesNotContain(cells, c => c.Length > 0 && "=+-@\t\r".Contains(c[0]));
        Assert.All(lines, l => Assert.Matches("^\"[^\"]*\"(,\"[^\"]*\")*$", l));
        Assert.Contains("\"x;=1+1\"", lines[1]);
    }

    // RFC 4180 fields split on ";" (quotes group, "" is a quote), as a spreadsheet in a semicolon locale reads the file.
    private static List<string> SemicolonCells(string line)
    {
        var cells = new List<string>();
        var cell = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (c == '"' && quoted && i + 1 < line.Length && line[i + 1] == '"') { cell.Append('"'); i++; }
            else if (c == '"') quoted = !quoted;
            else if (c == ';' && !quoted) { cells.Add(cell.ToString()); cell.Clear(); }
            else cell.Append(c);
        }
        cells.Add(cell.ToString());
        return cells;
    }

    public void Dispose() => _db.Dispose();
}

using EscalationDesk.Data;
using EscalationDesk.Features.Judgment;
using EscalationDesk.Features.Queue;
using EscalationDesk.Tests.Infrastructure;

namespace EscalationDesk.Tests.Features.Queue;

// The dashboard's patterns come from the link rows, so they follow every change of the links an agent saves.
public sealed class PatternLinkTests : IDisposable
{
    private readonly TestDatabase _db = new();
    private DateTime Now => _db.Clock.GetUtcNow().UtcDateTime;
    private DashboardService Dashboard => new(_db, _db.Clock, FixedUser.Lead());

    private Task<int> AddAsync(string summary, string customer, EscalationStatus status = EscalationStatus.Escalated, int[]? linked = null) =>
        EscalationRows.AddAsync(_db, Now, summary, status, customer: customer, linked: linked);

    [Fact]
    public async Task Open_escalations_linking_to_one_earlier_report_are_one_pattern_and_a_closed_ones_links_join_nothing()
    {
        var earlier = await AddAsync("SSO loop, fixed last month", "Acme", EscalationStatus.Closed);
        var again = await AddAsync("SSO loop again", "Globex", linked: [earlier]);
        await AddAsync("SSO loop for admins", "Initech", linked: [earlier]);
        var third = await AddAsync("SSO loop on Safari", "Umbrella");
        // Closed: its links would join the Safari one to the others if they counted.
        await AddAsync("closed, linked to two of them", "Hooli", EscalationStatus.Closed, linked: [third, again]);
        Assert.Empty((await Dashboard.LoadAsync()).Patterns);

        await using (var db = _db.CreateDbContext())
        {
            var e = db.Escalations.Single(x => x.Id == third);
            e.Content.Context.LinkedSimilar.Add(earlier);
            await db.SaveChangesAsync();
        }

        var pattern = Assert.Single((await Dashboard.LoadAsync()).Patterns);
        Assert.Equal(3, pattern.Customers);
        Assert.Equal(["SSO loop again", "SSO loop for admins", "SSO loop on Safari"], pattern.Members.Select(m => m.Summary));
    }

    [Fact]
    public async Task Unlinking_a_report_in_its_content_breaks_the_pattern_it_made()
    {
        var a = await AddAsync("webhooks dropped A", "Acme");
        var b = await AddAsync("webhooks dropped B", "Globex", linked: [a]);
        var c = await AddAsync("webhooks dropped C", "Initech", linked: [b]);
        Assert.Equal(3, Assert.Single((await Dashboard.LoadAsync()).Patterns).Members.Count);

        await using (var db = _db.CreateDbContext())
        {
            db.Escalations.Single(x => x.Id == c).Content.Context.LinkedSimilar.Clear();
            await db.SaveChangesAsync();
        }

        Assert.Empty((await Dashboard.LoadAsync()).Patterns);
    }

    public void Dispose() => _db.Dispose();
}

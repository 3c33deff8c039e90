using EscalationDesk.Features.Queue;
using EscalationDesk.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;

namespace EscalationDesk.Tests.Features.Queue;

// The background refresh recounts only when something changed since the last count; otherwise its counts stand, checked as of now.
public sealed class DashboardRefreshTests : IDisposable
{
    private readonly TestDatabase _db = new();
    private DateTime Now => _db.Clock.GetUtcNow().UtcDateTime;

    [Fact]
    public async Task A_quiet_minute_keeps_the_counts_and_a_save_or_a_timer_turning_overdue_recounts()
    {
        await EscalationRows.AddAsync(_db, Now, "one", internalDueInHours: 1);
        _db.Clock.Advance(TimeSpan.FromMinutes(2));
        var snapshot = new DashboardSnapshot(_db, _db.Clock, NullLogger<DashboardSnapshot>.Instance, from: 1);
        Assert.Equal((1, 0), ((await snapshot.RefreshAsync()).OpenCount, snapshot.Latest!.OverdueInternal));

        _db.Clock.Advance(TimeSpan.FromMinutes(2));
        var quiet = await snapshot.RefreshAsync();
        Assert.Equal(1, snapshot.Counts);                               // nothing saved, no timer crossed: not counted again
        Assert.Equal((Now, 1), (quiet.CountedAt, quiet.OpenCount));     // and the page says the counts hold as of now

        await EscalationRows.AddAsync(_db, Now, "two", internalDueInHours: 5);
        _db.Clock.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(2, (await snapshot.RefreshAsync()).OpenCount);
        Assert.Equal(2, snapshot.Counts);

        _db.Clock.Advance(TimeSpan.FromMinutes(30));
        await snapshot.RefreshAsync();
        Assert.Equal(2, snapshot.Counts);

        _db.Clock.Advance(TimeSpan.FromMinutes(30));                    // the first one's internal follow-up is now overdue
        Assert.Equal(1, (await snapshot.RefreshAsync()).OverdueInternal);
        Assert.Equal(3, snapshot.Counts);
    }

    public void Dispose() => _db.Dispose();
}

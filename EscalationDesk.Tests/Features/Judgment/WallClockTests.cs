using EscalationDesk.Features.Judgment;

namespace EscalationDesk.Tests.Features.Judgment;

public sealed class WallClockTests
{
    private static DateTime Utc(int y, int mo, int d, int h, int mi = 0) => new(y, mo, d, h, mi, 0, DateTimeKind.Utc);

    [Fact]
    public void The_same_instant_reads_17_00_in_New_York_and_23_00_in_Berlin()
    {
        var typedInNewYork = WallClock.ToUtc(new DateTime(2026, 12, 4, 17, 0, 0), "America/New_York");

        Assert.Equal(Utc(2026, 12, 4, 22), typedInNewYork);
        Assert.Equal(DateTimeKind.Utc, typedInNewYork.Kind);
        Assert.Equal("2026-12-04 17:00 EST", WallClock.Format(typedInNewYork, "America/New_York"));
        Assert.Equal("2026-12-04 23:00 CET", WallClock.Format(typedInNewYork, "Europe/Berlin"));
        Assert.Equal("2026-12-04 22:00 UTC", WallClock.Format(typedInNewYork, "UTC"));
    }

    [Fact]
    public void The_brief_names_the_zone_beside_its_abbreviation()
    {
        Assert.Equal("2026-12-04 17:00 EST (America/New_York)", WallClock.FormatNamed(Utc(2026, 12, 4, 22), "America/New_York"));
        Assert.Equal("2026-12-04 22:00 UTC", WallClock.FormatNamed(Utc(2026, 12, 4, 22), "UTC"));
    }

    [Theory]
    // US spring forward (8 March 2026): 02:30 does not exist and moves on by the hour; summer time is EDT.
    [InlineData("America/New_York", 2026, 3, 8, 2, 30, 2026, 3, 8, 7, 30, "EDT")]
    [InlineData("America/New_York", 2026, 3, 7, 12, 0, 2026, 3, 7, 17, 0, "EST")]
    [InlineData("America/New_York", 2026, 3, 9, 12, 0, 2026, 3, 9, 16, 0, "EDT")]
    // US fall back (1 November 2026): 01:30 happens twice; the earlier (EDT) is taken.
    [InlineData("America/New_York", 2026, 11, 1, 1, 30, 2026, 11, 1, 5, 30, "EDT")]
    // EU spring forward (29 March 2026) and fall back (25 October 2026), three weeks apart from the US changes.
    [InlineData("Europe/Berlin", 2026, 3, 29, 2, 30, 2026, 3, 29, 1, 30, "CEST")]
    [InlineData("Europe/Berlin", 2026, 3, 28, 12, 0, 2026, 3, 28, 11, 0, "CET")]
    [InlineData("Europe/Berlin", 2026, 10, 25, 2, 30, 2026, 10, 25, 0, 30, "CEST")]
    [InlineData("Europe/Berlin", 2026, 10, 26, 12, 0, 2026, 10, 26, 11, 0, "CET")]
    public void Typed_times_across_daylight_saving_changes_become_the_right_instant(string zone,
        int y, int mo, int d, int h, int mi, int uy, int umo, int ud, int uh, int umi, string abbreviation)
    {
        var utc = WallClock.ToUtc(new DateTime(y, mo, d, h, mi, 0), zone);

        Assert.Equal(Utc(uy, umo, ud, uh, umi), utc);
        Assert.Equal(abbreviation, WallClock.Abbreviation(utc, zone));
    }

    [Fact]
    public void A_time_shown_and_typed_back_is_the_same_instant()
    {
        var at = Utc(2026, 7, 1, 13, 45);
        foreach (var zone in new[] { "America/New_York", "Europe/Berlin", "Asia/Kolkata", "UTC" })
            Assert.Equal(at, WallClock.ToUtc(WallClock.ToLocal(at, zone), zone));
    }

    [Fact]
    public void Zone_names_are_searched_by_any_part_and_unknown_names_are_refused()
    {
        Assert.Contains("America/New_York", WallClock.Search("new york"));
        Assert.Contains("Europe/Berlin", WallClock.Search("berl"));
        Assert.True(WallClock.IsKnown("Europe/Berlin"));
        Assert.False(WallClock.IsKnown("Mars/Olympus"));
        Assert.Equal("UTC", WallClock.Normalize("Mars/Olympus"));
    }
}

using EscalationDesk.Data;
using EscalationDesk.Features.Judgment;
using EscalationDesk.Tests.Features.Escalations;
using EscalationDesk.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace EscalationDesk.Tests.Features.Judgment;

public sealed class BusinessCalendarTests
{
    private static readonly HashSet<DateOnly> NoHolidays = [];
    private static BusinessCalendar In(string zone, params DateOnly[] holidays) => new(zone, BusinessCalendar.MondayToFriday, holidays.ToHashSet());

    // Friday 27 November 2026, 16:00 in New York (EST) is 21:00 UTC, already Friday evening; a UTC calendar agrees here,
    // but 20:00 New York is 01:00 Saturday UTC.
    private static readonly DateTime Friday16NewYork = new(2026, 11, 27, 21, 0, 0, DateTimeKind.Utc);
    private static readonly DateTime Friday20NewYork = new(2026, 11, 28, 1, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void A_Friday_afternoon_in_New_York_is_due_on_Monday_in_New_York()
    {
        var schedule = CadenceRules.Next(new CadenceOptions(), Severity.Medium, Friday16NewYork, calendar: In("America/New_York"));

        Assert.Equal("2026-11-30 16:00 EST", WallClock.Format(schedule.Customer.DueAt, "America/New_York"));
        Assert.Equal("2026-12-01 16:00 EST", WallClock.Format(schedule.Customer.OverdueAt, "America/New_York"));
    }

    [Fact]
    public void Friday_evening_in_New_York_counts_from_Friday_not_from_Saturday_UTC()
    {
        var newYork = CadenceRules.Next(new CadenceOptions(), Severity.Medium, Friday20NewYork, calendar: In("America/New_York"));
        var utc = CadenceRules.Next(new CadenceOptions(), Severity.Medium, Friday20NewYork, calendar: In("UTC"));

        Assert.Equal("2026-11-30 20:00 EST", WallClock.Format(newYork.Customer.DueAt, "America/New_York"));
        // Counted in UTC the same escalation would be due on Sunday evening in New York.
        Assert.Equal("2026-11-29 20:00 EST", WallClock.Format(utc.Customer.DueAt, "America/New_York"));
        Assert.Equal("2026-12-01 20:00 EST", WallClock.Format(newYork.Customer.OverdueAt, "America/New_York"));
    }

    [Fact]
    public void A_holiday_Monday_is_skipped()
    {
        var calendar = In("America/New_York", new DateOnly(2026, 11, 30));

        Assert.Equal(new DateOnly(2026, 12, 1), calendar.NextBusinessDay(Friday16NewYork));
        Assert.Equal("2026-12-01 16:00 EST", WallClock.Format(calendar.AddBusinessDays(Friday16NewYork, 1), "America/New_York"));
    }

    [Fact]
    public void Working_days_other_than_Monday_to_Friday_are_followed()
    {
        var sundayToThursday = new BusinessCalendar("Asia/Jerusalem",
            new HashSet<DayOfWeek> { DayOfWeek.Sunday, DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday }, NoHolidays);
        var thursdayNoon = new DateTime(2026, 11, 26, 10, 0, 0, DateTimeKind.Utc); // 12:00 in Jerusalem

        Assert.Equal(new DateOnly(2026, 11, 29), sundayToThursday.NextBusinessDay(thursdayNoon));
    }

    [Theory]
    // Across the US change (Sunday 8 March 2026): Friday 16:00 EST → Monday 16:00 EDT, 23 hours fewer than 72.
    [InlineData("America/New_York", "2026-03-06T21:00:00Z", "2026-03-09T20:00:00Z")]
    // Across the EU change (Sunday 29 March 2026): Friday 16:00 CET → Monday 16:00 CEST.
    [InlineData("Europe/Berlin", "2026-03-27T15:00:00Z", "2026-03-30T14:00:00Z")]
    // Back to winter time (Sunday 25 October 2026 in Berlin, 1 November in New York).
    [InlineData("Europe/Berlin", "2026-10-23T14:00:00Z", "2026-10-26T15:00:00Z")]
    [InlineData("America/New_York", "2026-10-30T20:00:00Z", "2026-11-02T21:00:00Z")]
    public void A_business_day_keeps_the_wall_clock_time_across_daylight_saving_changes(string zone, string from, string expected)
    {
        var at = DateTime.Parse(from, null, System.Globalization.DateTimeStyles.RoundtripKind);

        Assert.Equal(DateTime.Parse(expected, null, System.Globalization.DateTimeStyles.RoundtripKind), In(zone).AddBusinessDays(at, 1));
    }

    [Fact]
    public async Task The_derivation_stores_the_timers_on_the_organisations_calendar()
    {
        using var db = new TestDatabase();
        db.Calendar.Use(In("America/New_York"));
        var scenario = new EscalationScenario(db);
        var id = await scenario.ReadyDraftAsync(severitySignals: []); // no signal: Medium
        db.Clock.SetUtcNow(Friday16NewYork);

        Assert.True((await scenario.Escalate.EscalateAsync(id)).Ok);

        await using var ctx = db.CreateDbContext();
        var row = await ctx.Escalations.AsNoTracking().SingleAsync(e => e.Id == id);
        Assert.Equal("2026-11-30 16:00 EST", WallClock.Format(row.NextCustomerDueAt!.Value, "America/New_York"));
        Assert.Equal("2026-11-30 16:00 EST", WallClock.Format(row.NextInternalDueAt!.Value, "America/New_York"));
    }
}

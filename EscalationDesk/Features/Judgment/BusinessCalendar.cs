namespace EscalationDesk.Features.Judgment;

// The organisation's working calendar (Settings): its zone, its working days and its holidays. Business days are counted
// on the organisation's wall clock, so "one business day" from Friday 16:00 New York is Monday 16:00 New York.
public sealed record BusinessCalendar(string ZoneId, IReadOnlySet<DayOfWeek> WorkingDays, IReadOnlySet<DateOnly> Holidays)
{
    public static readonly IReadOnlySet<DayOfWeek> MondayToFriday =
        new HashSet<DayOfWeek> { DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday };

    // What an organisation that has set nothing gets: UTC, Monday to Friday, no holidays.
    public static readonly BusinessCalendar Default = new(WallClock.Utc, MondayToFriday, new HashSet<DateOnly>());

    public bool IsBusinessDay(DateOnly day) => WorkingDays.Contains(day.DayOfWeek) && !Holidays.Contains(day);

    // The same wall-clock time on the n-th business day after the instant's own day (in the organisation's zone), as UTC.
    // A calendar with no working days at all counts every day, so a timer is never pushed out of reach.
    public DateTime AddBusinessDays(DateTime utc, int days)
    {
        var local = WallClock.ToLocal(utc, ZoneId);
        var day = DateOnly.FromDateTime(local);
        for (var added = 0; added < days;)
        {
            day = day.AddDays(1);
            if (WorkingDays.Count == 0 || IsBusinessDay(day)) added++;
        }
        return WallClock.ToUtc(day.ToDateTime(TimeOnly.FromDateTime(local)), ZoneId);
    }

    // The first business day after the instant's own day, in the organisation's zone.
    public DateOnly NextBusinessDay(DateTime utc) => DateOnly.FromDateTime(WallClock.ToLocal(AddBusinessDays(utc, 1), ZoneId));
}

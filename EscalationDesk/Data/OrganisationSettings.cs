using System.Globalization;
using EscalationDesk.Features.Judgment;

namespace EscalationDesk.Data;

// The organisation's one row of calendar settings (Settings page): its time zone, working days and holidays.
// No row means the defaults: UTC, Monday to Friday, no holidays.
public sealed class OrganisationSettings
{
    public const int SingleId = 1;

    public int Id { get; set; } = SingleId;
    public string TimeZone { get; set; } = WallClock.Utc;
    // Day names, comma-separated ("Monday,Tuesday"); holidays as ISO dates ("2026-12-25,2027-01-01").
    public string WorkingDays { get; set; } = string.Join(',', BusinessCalendar.MondayToFriday.Order());
    public string Holidays { get; set; } = "";
    public DateTime UpdatedAt { get; set; }
    public string UpdatedBy { get; set; } = "";

    public BusinessCalendar ToCalendar() => new(
        WallClock.Normalize(TimeZone),
        WorkingDays.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(d => Enum.TryParse<DayOfWeek>(d, out var day) ? (DayOfWeek?)day : null).OfType<DayOfWeek>().ToHashSet(),
        Holidays.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(d => DateOnly.TryParseExact(d, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day) ? (DateOnly?)day : null)
            .OfType<DateOnly>().ToHashSet());

    public void Set(BusinessCalendar calendar)
    {
        TimeZone = calendar.ZoneId;
        WorkingDays = string.Join(',', calendar.WorkingDays.Order());
        Holidays = string.Join(',', calendar.Holidays.Order().Select(d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)));
    }
}

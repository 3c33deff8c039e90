using System.Globalization;
using EscalationDesk.Data;
using EscalationDesk.Features.Judgment;
using EscalationDesk.Features.Users;
using Microsoft.EntityFrameworkCore;

namespace EscalationDesk.Features.Settings;

// The organisation's time zone, working days and holidays, as an Admin sets them on the Settings page. Saved in its one
// row and put in use at once (OrganisationCalendar); timers are re-derived as each escalation is next saved.
public sealed class CalendarSettings(IDbContextFactory<EscalationDeskDbContext> dbFactory, ICurrentUser user, TimeProvider clock, OrganisationCalendar organisation)
{
    public BusinessCalendar Current
    {
        get
        {
            user.RequireAdmin();
            return organisation.Current;
        }
    }

    // Null when saved; otherwise the message to show.
    public async Task<string?> SaveAsync(string? zoneId, IEnumerable<DayOfWeek> workingDays, string? holidays, CancellationToken ct = default)
    {
        user.RequireAdmin();
        if (!WallClock.IsKnown(zoneId)) return "Pick a time zone from the list, such as America/New_York.";
        var days = workingDays.ToHashSet();
        if (days.Count == 0) return "Pick at least one working day.";
        if (ParseHolidays(holidays, out var dates) is { } error) return error;
        var calendar = new BusinessCalendar(zoneId!.Trim(), days, dates);

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var row = await db.OrganisationSettings.FindAsync([OrganisationSettings.SingleId], ct);
        row ??= db.OrganisationSettings.Add(new OrganisationSettings()).Entity;
        row.Set(calendar);
        row.UpdatedAt = clock.GetUtcNow().UtcDateTime;
        row.UpdatedBy = user.Name;
        await db.SaveChangesAsync(ct);
        organisation.Use(calendar);
        return null;
    }

    // One date (yyyy-MM-dd) a line or comma-separated, so a list can be pasted from a calendar.
    public static string? ParseHolidays(string? text, out HashSet<DateOnly> dates)
    {
        dates = [];
        foreach (var part in (text ?? "").Split([',', '\n', '\r', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!DateOnly.TryParseExact(part, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
                return $"\"{part}\" is not a date: write holidays as yyyy-MM-dd, one a line.";
            dates.Add(day);
        }
        return dates.Count > 200 ? "At most 200 holidays." : null;
    }

    public static string HolidaysText(BusinessCalendar calendar) =>
        string.Join('\n', calendar.Holidays.Order().Select(d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)));
}

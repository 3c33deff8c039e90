namespace EscalationDesk.Features.Judgment;

// What a date field says about itself: Started and Last update to customer are in the past; Hard deadline and
// Deadline lie ahead, within a year.
public enum DateKind { Past, Deadline }

// Dates that are probably a typo (a wrong year, a picker scrolled too far) are questioned at the field, never changed:
// the agent may know better, so the value is kept as typed.
public static class DatePlausibility
{
    public static readonly DateTime Earliest = new(2000, 1, 1);

    // Typed times are read without a zone, so "now" may be up to 14 hours behind the agent's wall clock (UTC+14):
    // only a time beyond that is certainly in the future.
    public static readonly TimeSpan ZoneTolerance = TimeSpan.FromHours(14);

    public static string? Question(DateTime? value, DateKind kind, DateTime utcNow)
    {
        if (value is not DateTime date) return null;
        if (date < Earliest) return "This is before 2000: is the year right?";
        return kind switch
        {
            DateKind.Past when date > utcNow + ZoneTolerance => "This is in the future: is the date right?",
            DateKind.Deadline when date > utcNow.AddYears(1) + ZoneTolerance => "This is more than a year ahead: is the year right?",
            _ => null,
        };
    }
}

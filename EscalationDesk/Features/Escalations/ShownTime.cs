using System.Globalization;

namespace EscalationDesk.Features.Escalations;

// How a time reads inside a sentence (timeline descriptions, customer drafts): the one place that picks the wording, so the
// reader's zone can be applied here.
public static class ShownTime
{
    // "4 Dec 17:00"
    public static string Short(DateTime at) => at.ToString("d MMM HH:mm", CultureInfo.InvariantCulture);

    // "Friday 4 December at 17:00 EST", in the reader's zone.
    public static string Sentence(DateTime at, string zoneId) => EscalationDesk.Features.Judgment.WallClock.Format(at, zoneId, "dddd d MMMM 'at' HH:mm");
}

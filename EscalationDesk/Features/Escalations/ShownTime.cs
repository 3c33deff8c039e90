using System.Globalization;

namespace EscalationDesk.Features.Escalations;

// How a time reads inside a sentence (timeline descriptions, customer drafts): the one place that picks the wording, so the
// reader's zone can be applied here.
public static class ShownTime
{
    // "4 Dec 17:00"
    public static string Short(DateTime at) => at.ToString("d MMM HH:mm", CultureInfo.InvariantCulture);

    // "Friday 4 December at 17:00 UTC"
    public static string Sentence(DateTime at) => at.ToString("dddd d MMMM 'at' HH:mm 'UTC'", CultureInfo.InvariantCulture);
}

using System.Globalization;
using NodaTime;
using NodaTime.TimeZones;

namespace EscalationDesk.Features.Judgment;

// Wall-clock times in a named (IANA) zone and the UTC instants they stand for, stated once. The tz database is NodaTime's
// own copy, so a zone and its abbreviation ("EST", "CET") read the same on every server whatever its OS knows.
public static class WallClock
{
    public const string Utc = "UTC";

    private static readonly IDateTimeZoneProvider Zones = DateTimeZoneProviders.Tzdb;

    // The canonical zone names a person picks from, in order; aliases (US/Eastern) are still understood by IsKnown.
    public static IReadOnlyList<string> ZoneIds { get; } = TzdbDateTimeZoneSource.Default.CanonicalIdMap
        .Where(kv => kv.Key == kv.Value && kv.Key.Contains('/') && !kv.Key.StartsWith("Etc/", StringComparison.Ordinal))
        .Select(kv => kv.Key).Append(Utc).Order(StringComparer.Ordinal).ToList();

    // The zones whose name holds the typed words, spaces read as underscores ("new york", "berlin", "America/New_").
    public static IEnumerable<string> Search(string? text)
    {
        var words = (text ?? "").Trim().Replace(' ', '_');
        return words.Length == 0 ? ZoneIds : ZoneIds.Where(z => z.Contains(words, StringComparison.OrdinalIgnoreCase));
    }

    public static bool IsKnown(string? zoneId) => !string.IsNullOrWhiteSpace(zoneId) && Zones.GetZoneOrNull(zoneId.Trim()) is not null;

    // An unknown or empty name reads as UTC, so a bad setting shows honest UTC times rather than failing a page.
    public static string Normalize(string? zoneId) => IsKnown(zoneId) ? zoneId!.Trim() : Utc;

    public static DateTime ToLocal(DateTime utc, string zoneId) =>
        Instant.FromDateTimeUtc(AsUtc(utc)).InZone(Zone(zoneId)).LocalDateTime.ToDateTimeUnspecified();

    // A wall-clock time typed in the zone, as its UTC instant. A time skipped by a daylight-saving jump (02:30 on the spring
    // night) moves forward by the jump; a time that happens twice (the autumn night) is the earlier of the two.
    public static DateTime ToUtc(DateTime local, string zoneId) =>
        LocalDateTime.FromDateTime(DateTime.SpecifyKind(local, DateTimeKind.Unspecified))
            .InZone(Zone(zoneId), Resolvers.LenientResolver).ToDateTimeUtc();

    // The zone's short name at that instant: "EST" or "EDT", "CET" or "CEST", "UTC"; "+03" where the zone has no letters.
    public static string Abbreviation(DateTime utc, string zoneId) =>
        Zone(zoneId).GetZoneInterval(Instant.FromDateTimeUtc(AsUtc(utc))).Name;

    // "2026-12-04 17:00 EST": the instant as the zone's wall clock, with the zone visible.
    public static string Format(DateTime utc, string zoneId, string pattern = "yyyy-MM-dd HH:mm") =>
        $"{ToLocal(utc, zoneId).ToString(pattern, CultureInfo.InvariantCulture)} {Abbreviation(utc, zoneId)}";

    // "2026-12-04 17:00 EST (America/New_York)": for documents read away from the app, where the abbreviation alone is ambiguous.
    public static string FormatNamed(DateTime utc, string zoneId, string pattern = "yyyy-MM-dd HH:mm")
    {
        var zone = Normalize(zoneId);
        return zone == Utc ? Format(utc, zone, pattern) : $"{Format(utc, zone, pattern)} ({zone})";
    }

    private static DateTimeZone Zone(string zoneId) => Zones.GetZoneOrNull(zoneId?.Trim() ?? "") ?? DateTimeZone.Utc;

    // Stored times are UTC (the database reads them back so); an unspecified one is taken as UTC, never as the server's zone.
    private static DateTime AsUtc(DateTime at) => at.Kind switch
    {
        DateTimeKind.Utc => at,
        DateTimeKind.Local => at.ToUniversalTime(),
        _ => DateTime.SpecifyKind(at, DateTimeKind.Utc),
    };
}

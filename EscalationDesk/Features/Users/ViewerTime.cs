using EscalationDesk.Data;
using EscalationDesk.Features.Judgment;
using EscalationDesk.Features.Settings;
using Microsoft.EntityFrameworkCore;

namespace EscalationDesk.Features.Users;

// Times as the person looking at them reads them: every component shows a stored UTC instant through Format, and reads a
// typed wall-clock time back through FromLocal. The zone is the user's profile zone, else the organisation's.
public sealed class ViewerTime(IDbContextFactory<EscalationDeskDbContext> dbFactory, ICurrentUser user, OrganisationCalendar organisation)
{
    private string? _zoneId;
    private string? _loadedFor;

    public string ZoneId
    {
        get
        {
            // Looked up once per user of this scope (a circuit's user is known only once it is open).
            if (_zoneId is null || _loadedFor != user.Id)
            {
                _loadedFor = user.Id;
                _zoneId = WallClock.Normalize(Stored() ?? organisation.ZoneId);
            }
            return _zoneId;
        }
    }

    public DateTime ToLocal(DateTime utc) => WallClock.ToLocal(utc, ZoneId);
    public DateTime FromLocal(DateTime local) => WallClock.ToUtc(local, ZoneId);

    // "2026-12-04 17:00 EST".
    public string Format(DateTime utc, string pattern = "yyyy-MM-dd HH:mm") => WallClock.Format(utc, ZoneId, pattern);
    public string Format(DateTime? utc, string none = "—") => utc is DateTime at ? Format(at) : none;
    // The zone's short name now, for labels beside a typed time.
    public string Abbreviation(DateTime utc) => WallClock.Abbreviation(utc, ZoneId);

    // The profile page changed the zone: this scope's pages show it at once.
    internal void Use(string zoneId)
    {
        _loadedFor = user.Id;
        _zoneId = WallClock.Normalize(zoneId);
    }

    private string? Stored()
    {
        if (!user.IsSignedIn()) return null;
        using var db = dbFactory.CreateDbContext();
        return db.Users.AsNoTracking().Where(u => u.Id == user.Id).Select(u => u.TimeZone).SingleOrDefault();
    }
}

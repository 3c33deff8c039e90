using EscalationDesk.Data;
using EscalationDesk.Features.Judgment;
using EscalationDesk.Features.Wizard;

namespace EscalationDesk.Features.Settings;

// The organisation's calendar as the app uses it now: read once at start-up, replaced when an Admin saves Settings. The
// derivation's business days (through the DbContext), the brief's zone and the upgrade of old typed times all read it.
public sealed class OrganisationCalendar
{
    private volatile BusinessCalendar _current = BusinessCalendar.Default;

    public BusinessCalendar Current => _current;
    public string ZoneId => _current.ZoneId;

    public void Use(BusinessCalendar calendar)
    {
        _current = calendar;
        DraftContent.StoredWallClockZone = calendar.ZoneId;
    }

    public void Load(EscalationDeskDbContext db) =>
        Use(db.OrganisationSettings.Find(OrganisationSettings.SingleId)?.ToCalendar() ?? BusinessCalendar.Default);
}

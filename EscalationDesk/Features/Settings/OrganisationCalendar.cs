using EscalationDesk.Data;
using EscalationDesk.Features.Judgment;

namespace EscalationDesk.Features.Settings;

// The organisation's calendar as the app uses it now: read once at start-up, replaced when an Admin saves Settings. The
// derivation's business days (through the DbContext), the brief's zone and the start-up upgrade of old typed times (StoredContentUpgrade) read it.
public sealed class OrganisationCalendar
{
    private volatile BusinessCalendar _current = BusinessCalendar.Default;

    public BusinessCalendar Current => _current;
    public string ZoneId => _current.ZoneId;

    public void Use(BusinessCalendar calendar) => _current = calendar;

    public void Load(EscalationDeskDbContext db) =>
        Use(db.OrganisationSettings.Find(OrganisationSettings.SingleId)?.ToCalendar() ?? BusinessCalendar.Default);
}

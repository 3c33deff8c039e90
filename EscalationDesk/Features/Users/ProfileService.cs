using EscalationDesk.Data;
using EscalationDesk.Features.Judgment;
using Microsoft.EntityFrameworkCore;

namespace EscalationDesk.Features.Users;

public sealed record Profile(string Name, string Email, string? TimeZone);

// The signed-in user's own settings: their time zone.
public sealed class ProfileService(IDbContextFactory<EscalationDeskDbContext> dbFactory, ICurrentUser user, ViewerTime viewer)
{
    public async Task<Profile> GetAsync(CancellationToken ct = default)
    {
        user.RequireSignedIn();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Users.AsNoTracking().Where(u => u.Id == user.Id)
            .Select(u => new Profile(u.DisplayName, u.Email ?? "", u.TimeZone)).SingleAsync(ct);
    }

    // Null when saved; otherwise the message for the field.
    public async Task<string?> SaveTimeZoneAsync(string? zoneId, CancellationToken ct = default)
    {
        user.RequireSignedIn();
        if (!WallClock.IsKnown(zoneId)) return "Pick a time zone from the list, such as America/New_York.";
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var zone = zoneId!.Trim();
        await db.Users.Where(u => u.Id == user.Id).ExecuteUpdateAsync(s => s.SetProperty(u => u.TimeZone, zone), ct);
        viewer.Use(zone);
        return null;
    }

    // The browser's zone, reported once the page is interactive: kept only while the user has none, so it never undoes a choice.
    public async Task<bool> AdoptBrowserZoneAsync(string? browserZone, CancellationToken ct = default)
    {
        if (!user.IsSignedIn() || !WallClock.IsKnown(browserZone)) return false;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var zone = browserZone!.Trim();
        var set = await db.Users.Where(u => u.Id == user.Id && u.TimeZone == null).ExecuteUpdateAsync(s => s.SetProperty(u => u.TimeZone, zone), ct);
        if (set > 0) viewer.Use(zone);
        return set > 0;
    }
}

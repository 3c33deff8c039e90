using EscalationDesk.Data;
using Microsoft.EntityFrameworkCore;

namespace EscalationDesk.Features.Users;

// The signed-in user's choice of the app bar's dark-mode toggle, kept on their account so it follows them to another
// browser. Null until they choose: the browser's system setting applies then.
public sealed class DarkModePreference(IDbContextFactory<EscalationDeskDbContext> dbFactory, ICurrentUser user)
{
    public async Task<bool?> ReadAsync(CancellationToken ct = default)
    {
        if (!user.IsSignedIn()) return null;
        var me = user.Id;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Users.AsNoTracking().Where(u => u.Id == me).Select(u => u.DarkMode).SingleOrDefaultAsync(ct);
    }

    // One column, without Identity's UserManager: a display preference, not a change to the account's security.
    public async Task SaveAsync(bool dark, CancellationToken ct = default)
    {
        user.RequireSignedIn();
        var me = user.Id;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await db.Users.Where(u => u.Id == me).ExecuteUpdateAsync(s => s.SetProperty(u => u.DarkMode, dark), ct);
    }
}

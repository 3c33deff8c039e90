using EscalationDesk.Data;
using EscalationDesk.Features.Users;
using Microsoft.EntityFrameworkCore;

namespace EscalationDesk.Features.Notifications;

public sealed record NotificationItem(long Id, int EscalationId, string Message, DateTime CreatedAt, bool Read);

// Raised reminders, kept in the database for the owner's account (by id: a renamed user keeps theirs, and two people
// sharing a name each see only their own). INotificationPublisher tells open pages when new ones arrive.
public sealed class NotificationService(IDbContextFactory<EscalationDeskDbContext> dbFactory, ICurrentUser user, TimeProvider clock)
{
    public async Task<int> UnreadCountAsync(CancellationToken ct = default)
    {
        if (!user.IsSignedIn()) return 0;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Notifications.CountAsync(n => n.OwnerId == user.Id && n.ReadAt == null, ct);
    }

    public async Task<IReadOnlyList<NotificationItem>> ListAsync(CancellationToken ct = default)
    {
        if (!user.IsSignedIn()) return [];
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Notifications.AsNoTracking().Where(n => n.OwnerId == user.Id)
            .OrderByDescending(n => n.CreatedAt).ThenByDescending(n => n.Id).Take(200)
            .Select(n => new NotificationItem(n.Id, n.EscalationId, n.Message, n.CreatedAt, n.ReadAt != null)).ToListAsync(ct);
    }

    public async Task MarkAllReadAsync(CancellationToken ct = default)
    {
        user.RequireSignedIn();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var now = clock.GetUtcNow().UtcDateTime;
        await db.Notifications.Where(n => n.OwnerId == user.Id && n.ReadAt == null).ExecuteUpdateAsync(u => u.SetProperty(n => n.ReadAt, now), ct);
    }
}

using EscalationDesk.Data;
using EscalationDesk.Features.Judgment;
using EscalationDesk.Features.Users;
using Microsoft.EntityFrameworkCore;

namespace EscalationDesk.Features.Notifications;

public sealed record NotificationItem(long Id, int EscalationId, string Message, DateTime CreatedAt, bool Read);

// Raised reminders, kept in the database. NotificationHub tells open circuits when new ones arrive.
public sealed class NotificationService(IDbContextFactory<EscalationDeskDbContext> dbFactory, ICurrentUser user, TimeProvider clock)
{
    public async Task<int> UnreadCountAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Notifications.CountAsync(n => n.Owner == user.Name && n.ReadAt == null, ct);
    }

    public async Task<IReadOnlyList<NotificationItem>> ListAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Notifications.AsNoTracking().Where(n => n.Owner == user.Name)
            .OrderByDescending(n => n.CreatedAt).ThenByDescending(n => n.Id).Take(200)
            .Select(n => new NotificationItem(n.Id, n.EscalationId, n.Message, n.CreatedAt, n.ReadAt != null)).ToListAsync(ct);
    }

    public async Task MarkAllReadAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var now = clock.GetUtcNow().UtcDateTime;
        await db.Notifications.Where(n => n.Owner == user.Name && n.ReadAt == null).ExecuteUpdateAsync(u => u.SetProperty(n => n.ReadAt, now), ct);
    }
}

// In-process fan-out of new reminders to the circuits of their owners (a snackbar if they are online).
public sealed class NotificationHub
{
    public event Action<string, string>? Raised;

    public void Publish(string owner, string message) => Raised?.Invoke(owner, message);
}

// One PeriodicTimer on the TimeProvider: finds timers that became due or overdue and raises one reminder per timer
// instant. The instants are stored on the escalations, so reminders resume after a restart.
public sealed class ReminderService(IServiceScopeFactory scopes, TimeProvider clock, NotificationHub hub, IConfiguration configuration, ILogger<ReminderService> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var seconds = configuration.GetValue("Reminders:IntervalSeconds", 30.0);
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(Math.Max(0.05, seconds)), clock);
        do
        {
            try
            {
                await RaiseDueAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogError(ex, "Raising follow-up reminders failed; trying again next tick");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    public async Task<int> RaiseDueAsync(CancellationToken ct)
    {
        using var scope = scopes.CreateScope();
        var dbFactory = scope.ServiceProvider.GetRequiredService<IDbContextFactory<EscalationDeskDbContext>>();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var now = clock.GetUtcNow().UtcDateTime;
        var due = await db.Escalations.AsNoTracking()
            .Where(e => (e.Status == EscalationStatus.Escalated || e.Status == EscalationStatus.Acknowledged || e.Status == EscalationStatus.Resolved)
                && (e.NextInternalDueAt <= now || e.NextCustomerDueAt <= now))
            .Select(e => new { e.Id, e.Summary, e.Owner, e.NextInternalDueAt, e.NextInternalOverdueAt, e.NextCustomerDueAt, e.NextCustomerOverdueAt })
            .ToListAsync(ct);

        var raised = 0;
        foreach (var e in due)
        {
            var candidates = new List<(string Kind, DateTime At, string Message)>();
            if (e.NextInternalDueAt is DateTime i && i <= now)
                candidates.Add(("internal", i, $"Internal follow-up {(new FollowUpTimer(i, e.NextInternalOverdueAt ?? i).IsOverdue(now) ? "overdue" : "due")}: ESC-{e.Id} {e.Summary}"));
            if (e.NextCustomerDueAt is DateTime c && c <= now)
            {
                var overdue = e.NextCustomerOverdueAt is DateTime o && now > o;
                candidates.Add((overdue ? "customer-overdue" : "customer-due", overdue ? e.NextCustomerOverdueAt!.Value : c,
                    $"Customer update {(overdue ? "overdue" : "due")}: ESC-{e.Id} {e.Summary}"));
            }
            foreach (var (kind, at, message) in candidates)
            {
                if (await db.Notifications.AnyAsync(n => n.EscalationId == e.Id && n.Kind == kind && n.TimerAt == at, ct)) continue;
                db.Notifications.Add(new Notification { EscalationId = e.Id, Owner = e.Owner, Kind = kind, TimerAt = at, CreatedAt = now, Message = message });
                await db.SaveChangesAsync(ct);
                hub.Publish(e.Owner, message);
                raised++;
            }
        }
        return raised;
    }
}

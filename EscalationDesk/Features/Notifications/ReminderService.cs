using EscalationDesk.Data;
using EscalationDesk.Features.Judgment;
using Microsoft.EntityFrameworkCore;

namespace EscalationDesk.Features.Notifications;

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

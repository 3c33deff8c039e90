using EscalationDesk.Data;
using EscalationDesk.Features.Notifications;
using EscalationDesk.Features.Users;
using Microsoft.EntityFrameworkCore;

namespace EscalationDesk.Features.Webhooks;

// Delivers the outbox. Woken when a row is written here, and polls every second for rows written by other instances and for
// retries that came due; with several instances one delivers at a time (IInstances claim). Per subscription and escalation
// the events go in order: a row waits while an earlier one is pending (in backoff too). Different escalations go in parallel.
public sealed class WebhookWorker(IDbContextFactory<EscalationDeskDbContext> dbFactory, WebhookOutbox outbox, WebhookSender sender,
    IInstances instances, INotificationPublisher publisher, TimeProvider clock, ILogger<WebhookWorker> logger) : BackgroundService
{
    public static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);

    // After the first attempt (at once): the waits before attempts 2..7 (Standard Webhooks' suggested schedule).
    public static readonly IReadOnlyList<TimeSpan> Retries =
    [
        TimeSpan.FromSeconds(5), TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(30), TimeSpan.FromHours(2), TimeSpan.FromHours(5), TimeSpan.FromHours(10),
    ];

    public static readonly TimeSpan DisableAfter = TimeSpan.FromDays(3);
    private const int Batch = 32, Parallelism = 8;

    private sealed record Due(long Id, string MessageId, int EscalationId, string Type, string Payload, int Attempts, int SubscriptionId,
        string Url, string Secret, string? PreviousSecret, DateTime? PreviousSecretExpiresAt);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await DeliverDueAsync(stoppingToken);
                await outbox.WaitAsync(PollInterval, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                logger.LogError(ex, "Delivering webhooks failed; trying again shortly");
                try { await Task.Delay(PollInterval, clock, stoppingToken); } catch (OperationCanceledException) { return; }
            }
        }
    }

    // Every row due now, in order; the number of attempts made.
    public async Task<int> DeliverDueAsync(CancellationToken ct = default)
    {
        await using var claim = await instances.TryClaimAsync("webhooks", TimeSpan.Zero, ct);
        if (claim is null) return 0;
        var attempts = 0;
        for (var round = 0; round < 1_000; round++)
        {
            var due = await DueAsync(ct);
            if (due.Count == 0) break;
            await Parallel.ForEachAsync(due, new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = ct },
                async (row, c) => await AttemptAsync(row, c));
            attempts += due.Count;
        }
        return attempts;
    }

    // The first pending row of each subscription and escalation, when it is due and its subscription enabled.
    private async Task<List<Due>> DueAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var now = clock.GetUtcNow().UtcDateTime;
        var pending = db.WebhookDeliveries.Where(d => d.State == WebhookDeliveryState.Pending);
        return await pending
            .Where(d => d.NextAttemptAt <= now
                && !pending.Any(o => o.SubscriptionId == d.SubscriptionId && o.EscalationId == d.EscalationId && o.Id < d.Id))
            .Join(db.WebhookSubscriptions.Where(s => s.Enabled), d => d.SubscriptionId, s => s.Id, (d, s) => new { d, s })
            .OrderBy(x => x.d.Id).Take(Batch)
            .Select(x => new Due(x.d.Id, x.d.MessageId, x.d.EscalationId, x.d.Type, x.d.Payload, x.d.Attempts, x.s.Id, x.s.Url, x.s.Secret,
                x.s.PreviousSecret, x.s.PreviousSecretExpiresAt))
            .AsNoTracking().ToListAsync(ct);
    }

    private async Task AttemptAsync(Due row, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var previous = row.PreviousSecretExpiresAt > now ? row.PreviousSecret : null;
        var outcome = await sender.PostAsync(new WebhookTarget(row.Url, row.Secret, previous), row.MessageId, row.Payload, ct);
        var at = clock.GetUtcNow().UtcDateTime;
        var attempt = row.Attempts + 1;
        DateTime? next = null;
        var state = outcome.Delivered ? WebhookDeliveryState.Delivered : WebhookDeliveryState.Failed;
        if (outcome.Retry && attempt <= Retries.Count)
        {
            var wait = Retries[attempt - 1];
            // A receiver that asks for a longer wait (Retry-After) gets it, up to the schedule's longest.
            if (outcome.RetryAfter is { } asked && asked > wait) wait = asked < Retries[^1] ? asked : Retries[^1];
            (state, next) = (WebhookDeliveryState.Pending, at + wait);
        }

        await using var db = await dbFactory.CreateDbContextAsync(CancellationToken.None);
        await db.WebhookDeliveries.Where(d => d.Id == row.Id).ExecuteUpdateAsync(u => u
            .SetProperty(d => d.State, state).SetProperty(d => d.Attempts, attempt).SetProperty(d => d.NextAttemptAt, next)
            .SetProperty(d => d.LastAttemptAt, at).SetProperty(d => d.LastStatus, outcome.Status).SetProperty(d => d.LastDurationMs, outcome.DurationMs)
            .SetProperty(d => d.LastError, outcome.Error).SetProperty(d => d.DeliveredAt, outcome.Delivered ? at : null), CancellationToken.None);
        db.WebhookAttempts.Add(new WebhookAttempt
        {
            DeliveryId = row.Id, SubscriptionId = row.SubscriptionId, At = at, Attempt = attempt, Status = outcome.Status,
            DurationMs = outcome.DurationMs, Error = outcome.Error,
        });
        await db.SaveChangesAsync(CancellationToken.None);

        var subscriptions = db.WebhookSubscriptions.Where(s => s.Id == row.SubscriptionId);
        if (outcome.Delivered)
        {
            await subscriptions.Where(s => s.FailingSince != null).ExecuteUpdateAsync(u => u.SetProperty(s => s.FailingSince, (DateTime?)null), CancellationToken.None);
            return;
        }
        logger.LogInformation("Webhook {MessageId} to subscription {Subscription}, attempt {Attempt}: {Error}", row.MessageId, row.SubscriptionId, attempt, outcome.Error);
        await subscriptions.Where(s => s.FailingSince == null).ExecuteUpdateAsync(u => u.SetProperty(s => s.FailingSince, at), CancellationToken.None);
        var since = at - DisableAfter;
        var reason = $"Disabled on {at:yyyy-MM-dd HH:mm} UTC: every delivery failed for {DisableAfter.TotalDays:0} days (last: {outcome.Error}).";
        if (await subscriptions.Where(s => s.Enabled && s.FailingSince <= since)
                .ExecuteUpdateAsync(u => u.SetProperty(s => s.Enabled, false).SetProperty(s => s.DisabledReason, WebhookSender.Cut(reason)), CancellationToken.None) == 1)
        {
            logger.LogWarning("Webhook subscription {Subscription} ({Url}) disabled after {Days} days of failures", row.SubscriptionId, row.Url, DisableAfter.TotalDays);
            await outbox.SubscriptionsChangedAsync(CancellationToken.None);
            await NotifyAdminsAsync(db, row, at, CancellationToken.None);
        }
    }

    // Every active Admin's bell. A notification belongs to an escalation: the one whose event failed last.
    private async Task NotifyAdminsAsync(EscalationDeskDbContext db, Due row, DateTime at, CancellationToken ct)
    {
        var admins = await db.UserRoles.Join(db.Roles.Where(r => r.Name == Roles.Admin), ur => ur.RoleId, r => r.Id, (ur, r) => ur.UserId)
            .Join(db.Users.Where(u => u.DisabledAt == null), id => id, u => u.Id, (id, u) => u.Id).Distinct().ToListAsync(ct);
        var message = WebhookSender.Cut($"Webhook {row.Url} was disabled after {DisableAfter.TotalDays:0} days of failed deliveries (Admin → Webhooks).");
        // (EscalationId, Kind, TimerAt) is unique: each Admin's row is a microsecond apart.
        var raised = admins.Select((id, i) => new Notification
        {
            EscalationId = row.EscalationId, OwnerId = id, Kind = "webhook-disabled", TimerAt = at.AddMicroseconds(i), CreatedAt = at, Message = message,
        }).ToList();
        if (raised.Count == 0) return;
        try
        {
            db.Notifications.AddRange(raised);
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException ex)
        {
            logger.LogWarning(ex, "The Admins could not be notified of the disabled webhook {Url}", row.Url);
            return;
        }
        await publisher.PublishAsync(raised.Select(n => new RaisedNotification(n.OwnerId, n.EscalationId, n.Message)).ToList(), ct);
    }
}

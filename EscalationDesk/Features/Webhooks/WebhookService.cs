using System.Security.Cryptography;
using EscalationDesk.Data;
using EscalationDesk.Features.Users;
using Microsoft.EntityFrameworkCore;

namespace EscalationDesk.Features.Webhooks;

public sealed record WebhookRow(int Id, string Url, IReadOnlySet<string> Events, bool AllEvents, bool Enabled, string? DisabledReason,
    DateTime? FailingSince, bool Rotating, DateTime CreatedAt, string CreatedBy);

public sealed record WebhookLogRow(long AttemptId, long DeliveryId, string MessageId, DateTime At, string Type, int EscalationId, int? Status,
    int DurationMs, int Attempt, string? Error, WebhookDeliveryState State);

// Null Error: done (Secret is the new secret when one was made, shown once).
public sealed record WebhookChange(string? Error, int? Id = null, string? Secret = null);

// The subscriptions (the Admin page through WebhookService, and the `webhooks` command): add, rotate, enable, remove, the
// delivery log and replay. No user checks here; WebhookService is the Admin's door.
public sealed class WebhookSubscriptions(IDbContextFactory<EscalationDeskDbContext> dbFactory, WebhookOutbox outbox, WebhookTargets targets, TimeProvider clock)
{
    public static readonly TimeSpan RotationOverlap = TimeSpan.FromHours(24);

    // whsec_ + base64 of 32 random bytes (Standard Webhooks: secrets are base64, 24 to 64 bytes, with this prefix).
    public static string NewSecret() => "whsec_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    public async Task<WebhookChange> AddAsync(string url, IReadOnlyCollection<string> events, string actor, CancellationToken ct = default)
    {
        if (await targets.RefusalAsync(url, ct) is { } refused) return new(refused);
        var types = events.Where(e => e != WebhookEventTypes.AllEvents).ToList();
        if (WebhookEventTypes.Refusal(types) is { } unknown) return new(unknown);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var subscription = new WebhookSubscription
        {
            Url = url.Trim(), Events = WebhookEventTypes.Store(events), Secret = NewSecret(), Enabled = true,
            CreatedAt = clock.GetUtcNow().UtcDateTime, CreatedBy = actor,
        };
        db.WebhookSubscriptions.Add(subscription);
        await db.SaveChangesAsync(ct);
        await outbox.SubscriptionsChangedAsync(ct);
        return new(null, subscription.Id, subscription.Secret);
    }

    public async Task<IReadOnlyList<WebhookRow>> ListAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var now = clock.GetUtcNow().UtcDateTime;
        var rows = await db.WebhookSubscriptions.AsNoTracking().OrderBy(s => s.Id).ToListAsync(ct);
        return rows.Select(s => new WebhookRow(s.Id, s.Url, WebhookEventTypes.Parse(s.Events), s.Events == WebhookEventTypes.AllEvents, s.Enabled,
            s.DisabledReason, s.FailingSince, s.PreviousSecret is not null && s.PreviousSecretExpiresAt > now, s.CreatedAt, s.CreatedBy)).ToList();
    }

    // A new secret, shown once; the old one keeps signing for RotationOverlap, so receivers can switch without losing events.
    public async Task<WebhookChange> RotateAsync(int id, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (await db.WebhookSubscriptions.SingleOrDefaultAsync(s => s.Id == id, ct) is not { } s) return new("This webhook does not exist.");
        (s.PreviousSecret, s.PreviousSecretExpiresAt, s.Secret) = (s.Secret, clock.GetUtcNow().UtcDateTime + RotationOverlap, NewSecret());
        await db.SaveChangesAsync(ct);
        return new(null, id, s.Secret);
    }

    // Enabling again starts a fresh failure window; what waited while it was off is delivered then.
    public async Task<WebhookChange> SetEnabledAsync(int id, bool enabled, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var changed = await db.WebhookSubscriptions.Where(s => s.Id == id).ExecuteUpdateAsync(u => u
            .SetProperty(s => s.Enabled, enabled).SetProperty(s => s.DisabledReason, (string?)null).SetProperty(s => s.FailingSince, (DateTime?)null), ct);
        if (changed == 0) return new("This webhook does not exist.");
        await outbox.SubscriptionsChangedAsync(ct);
        if (enabled) outbox.Wake();
        return new(null, id);
    }

    // The subscription, its outbox rows and its log.
    public async Task<WebhookChange> RemoveAsync(int id, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await db.WebhookAttempts.Where(a => a.SubscriptionId == id).ExecuteDeleteAsync(ct);
        await db.WebhookDeliveries.Where(d => d.SubscriptionId == id).ExecuteDeleteAsync(ct);
        var removed = await db.WebhookSubscriptions.Where(s => s.Id == id).ExecuteDeleteAsync(ct);
        await tx.CommitAsync(ct);
        await outbox.SubscriptionsChangedAsync(ct);
        return removed == 0 ? new("This webhook does not exist.") : new(null, id);
    }

    public async Task<int?> FindByUrlAsync(string url, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var text = url.Trim();
        return await db.WebhookSubscriptions.Where(s => s.Url == text).OrderBy(s => s.Id).Select(s => (int?)s.Id).FirstOrDefaultAsync(ct);
    }

    // The latest attempts, newest first.
    public async Task<IReadOnlyList<WebhookLogRow>> LogAsync(int id, int take = 100, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.WebhookAttempts.AsNoTracking().Where(a => a.SubscriptionId == id).OrderByDescending(a => a.Id).Take(take)
            .Join(db.WebhookDeliveries, a => a.DeliveryId, d => d.Id, (a, d) => new { a, d })
            .OrderByDescending(x => x.a.Id)
            .Select(x => new WebhookLogRow(x.a.Id, x.d.Id, x.d.MessageId, x.a.At, x.d.Type, x.d.EscalationId, x.a.Status, x.a.DurationMs, x.a.Attempt,
                x.a.Error, x.d.State))
            .ToListAsync(ct);
    }

    // The event again, with its webhook-id (a receiver that has it already may drop it) and the schedule from the start.
    public async Task<WebhookChange> ReplayAsync(int subscriptionId, long deliveryId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var now = clock.GetUtcNow().UtcDateTime;
        var changed = await db.WebhookDeliveries.Where(d => d.Id == deliveryId && d.SubscriptionId == subscriptionId).ExecuteUpdateAsync(u => u
            .SetProperty(d => d.State, WebhookDeliveryState.Pending).SetProperty(d => d.Attempts, 0).SetProperty(d => d.NextAttemptAt, now), ct);
        if (changed == 0) return new("This delivery does not exist.");
        outbox.Wake();
        return new(null, subscriptionId);
    }
}

// The Admin's door to the subscriptions (the Webhooks page): anyone else finds nothing (NotAllowedException).
public sealed class WebhookService(WebhookSubscriptions subscriptions, ICurrentUser user)
{
    public Task<WebhookChange> AddAsync(string url, IReadOnlyCollection<string> events, CancellationToken ct = default)
    {
        user.RequireAdmin();
        return subscriptions.AddAsync(url, events, user.Name, ct);
    }

    public Task<IReadOnlyList<WebhookRow>> ListAsync(CancellationToken ct = default)
    {
        user.RequireAdmin();
        return subscriptions.ListAsync(ct);
    }

    public Task<WebhookChange> RotateAsync(int id, CancellationToken ct = default)
    {
        user.RequireAdmin();
        return subscriptions.RotateAsync(id, ct);
    }

    public Task<WebhookChange> SetEnabledAsync(int id, bool enabled, CancellationToken ct = default)
    {
        user.RequireAdmin();
        return subscriptions.SetEnabledAsync(id, enabled, ct);
    }

    public Task<WebhookChange> RemoveAsync(int id, CancellationToken ct = default)
    {
        user.RequireAdmin();
        return subscriptions.RemoveAsync(id, ct);
    }

    public Task<IReadOnlyList<WebhookLogRow>> LogAsync(int id, CancellationToken ct = default)
    {
        user.RequireAdmin();
        return subscriptions.LogAsync(id, ct: ct);
    }

    public Task<WebhookChange> ReplayAsync(int subscriptionId, long deliveryId, CancellationToken ct = default)
    {
        user.RequireAdmin();
        return subscriptions.ReplayAsync(subscriptionId, deliveryId, ct);
    }
}

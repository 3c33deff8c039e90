using EscalationDesk.Features.Wizard;
using Microsoft.EntityFrameworkCore;

namespace EscalationDesk.Features.Webhooks;

// An endpoint that receives the escalation events it asked for, signed with its secret (Standard Webhooks).
public sealed class WebhookSubscription
{
    public int Id { get; set; }
    public string Url { get; set; } = "";
    // "all" or the event types, comma-separated (WebhookEventTypes).
    public string Events { get; set; } = WebhookEventTypes.AllEvents;
    // whsec_ + base64 of 32 random bytes. Kept as it is: signing needs the secret itself, not a hash of it.
    public string Secret { get; set; } = "";
    // During a rotation the old secret signs too, until PreviousSecretExpiresAt.
    public string? PreviousSecret { get; set; }
    public DateTime? PreviousSecretExpiresAt { get; set; }
    public bool Enabled { get; set; } = true;
    public string? DisabledReason { get; set; }
    // The first failed attempt since the last delivered one; null while deliveries succeed.
    public DateTime? FailingSince { get; set; }
    public DateTime CreatedAt { get; set; }
    public string CreatedBy { get; set; } = "";
}

public enum WebhookDeliveryState { Pending, Delivered, Failed }

// The outbox: one event for one subscription, written in the transaction of the change it tells about. Its MessageId is
// the webhook-id header, the same on every attempt and on a replay, so a receiver can drop what it has already seen.
public sealed class WebhookDelivery
{
    // Also the order: per subscription and escalation, a row waits while an earlier one (smaller Id) is pending.
    public long Id { get; set; }
    public string MessageId { get; set; } = "";
    public int SubscriptionId { get; set; }
    public string Type { get; set; } = "";
    public int EscalationId { get; set; }
    public string Payload { get; set; } = "";
    public DateTime CreatedAt { get; set; }
    public WebhookDeliveryState State { get; set; }
    // Attempts since the event was queued (or replayed); the retry schedule follows it.
    public int Attempts { get; set; }
    public DateTime? NextAttemptAt { get; set; }
    public DateTime? LastAttemptAt { get; set; }
    public int? LastStatus { get; set; }
    public int? LastDurationMs { get; set; }
    public string? LastError { get; set; }
    public DateTime? DeliveredAt { get; set; }
}

// The delivery log: one row per attempt.
public sealed class WebhookAttempt
{
    public long Id { get; set; }
    public long DeliveryId { get; set; }
    public int SubscriptionId { get; set; }
    public DateTime At { get; set; }
    public int Attempt { get; set; }
    public int? Status { get; set; }
    public int DurationMs { get; set; }
    public string? Error { get; set; }
}

public static class WebhookModel
{
    public static void Configure(ModelBuilder model)
    {
        model.Entity<WebhookSubscription>(s =>
        {
            s.Property(x => x.Url).HasMaxLength(2_000);
            s.Property(x => x.Events).HasMaxLength(500);
            s.Property(x => x.Secret).HasMaxLength(100);
            s.Property(x => x.PreviousSecret).HasMaxLength(100);
            s.Property(x => x.DisabledReason).HasMaxLength(500);
            s.Property(x => x.CreatedBy).HasMaxLength(TextLimits.Name);
        });
        model.Entity<WebhookDelivery>(d =>
        {
            d.Property(x => x.MessageId).HasMaxLength(64);
            d.HasIndex(x => x.MessageId).IsUnique();
            d.Property(x => x.Type).HasMaxLength(40);
            d.Property(x => x.LastError).HasMaxLength(500);
            d.HasOne<WebhookSubscription>().WithMany().HasForeignKey(x => x.SubscriptionId).OnDelete(DeleteBehavior.Cascade);
            // The worker's due rows, a range of (State, NextAttemptAt); the earlier-pending check and the log, seeks.
            d.HasIndex(x => new { x.State, x.NextAttemptAt });
            d.HasIndex(x => new { x.SubscriptionId, x.EscalationId, x.State, x.Id });
        });
        model.Entity<WebhookAttempt>(a =>
        {
            a.Property(x => x.Error).HasMaxLength(500);
            a.HasOne<WebhookDelivery>().WithMany().HasForeignKey(x => x.DeliveryId).OnDelete(DeleteBehavior.Cascade);
            a.HasIndex(x => new { x.SubscriptionId, x.Id });
        });
    }
}

using System.Text.Json;
using EscalationDesk.Data;
using EscalationDesk.Features.Api;
using EscalationDesk.Features.Judgment;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;

namespace EscalationDesk.Features.Webhooks;

// The body every webhook posts: { "type", "timestamp", "data": the escalation as the API returns it }.
public sealed record WebhookBody(string Type, DateTime Timestamp, EscalationResource Data);

// Writes the outbox rows of a change in the change's own transaction (called by EscalationDeskDbContext's save and by the
// reminders), and wakes the delivery worker. Which subscriptions want which events is kept in memory: re-read after a
// change of the subscriptions (this instance's or, told through IInstances, another's) and at most MaxAge old, so a save
// costs nothing extra when nobody subscribed.
public sealed class WebhookOutbox : IDisposable
{
    public const string Topic = "webhooks";
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(5);

    private sealed record Wanted(int SubscriptionId, IReadOnlySet<string> Types);
    private sealed record Cached(long ReadAt, IReadOnlyList<Wanted> Subscriptions);

    private readonly TimeProvider _clock;
    private readonly IInstances _instances;
    private readonly IDisposable _listening;
    private readonly SemaphoreSlim _signal = new(0, 1);
    private volatile Cached? _cached;

    public WebhookOutbox(TimeProvider clock, IInstances instances)
    {
        (_clock, _instances) = (clock, instances);
        _listening = instances.Listen(Topic, _ => _cached = null);
    }

    // After the subscriptions changed: re-read here, and on every other instance.
    public async Task SubscriptionsChangedAsync(CancellationToken ct)
    {
        _cached = null;
        if (_instances.Several) await _instances.TellOthersAsync(Topic, "changed", ct);
    }

    public void Wake()
    {
        try { _signal.Release(); }
        catch (SemaphoreFullException) { }   // already awake
    }

    // Until woken or interval passed (on the app's clock).
    public async Task WaitAsync(TimeSpan interval, CancellationToken ct)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var signal = _signal.WaitAsync(cts.Token);
        await Task.WhenAny(signal, Task.Delay(interval, _clock, cts.Token));
        await cts.CancelAsync();
        ct.ThrowIfCancellationRequested();
    }

    private async Task<IReadOnlyList<Wanted>> SubscriptionsAsync(EscalationDeskDbContext db, CancellationToken ct)
    {
        if (_cached is { } c && _clock.GetElapsedTime(c.ReadAt) < MaxAge) return c.Subscriptions;
        var readAt = _clock.GetTimestamp();
        var rows = await db.WebhookSubscriptions.AsNoTracking().Where(s => s.Enabled).Select(s => new { s.Id, s.Events }).ToListAsync(ct);
        var subscriptions = rows.Select(r => new Wanted(r.Id, WebhookEventTypes.Parse(r.Events))).ToList();
        _cached = new Cached(readAt, subscriptions);
        return subscriptions;
    }

    // The timeline entries a save adds or changes (an edit folds into its last "edited" entry), taken before the save: after
    // it, an added entry is no longer Added. Null when there are none.
    internal static List<TimelineEvent>? Changes(EscalationDeskDbContext db)
    {
        List<TimelineEvent>? found = null;
        foreach (var entry in db.ChangeTracker.Entries<TimelineEvent>())
            if (entry.State is EntityState.Added || entry.State is EntityState.Modified && entry.Entity.Kind == TimelineKinds.Edited)
                (found ??= []).Add(entry.Entity);
        return found;
    }

    // The save, then the outbox rows of what it changed (the ids of new escalations are known by then), saved in the same
    // transaction: the save's own, or one begun here around both.
    internal async Task<int> SaveAsync(EscalationDeskDbContext db, List<TimelineEvent> changes, Func<CancellationToken, Task<int>> save, CancellationToken ct)
    {
        var subscriptions = await SubscriptionsAsync(db, ct);
        if (subscriptions.Count == 0) return await save(ct);
        await using var own = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(ct) : null;
        var saved = await save(ct);
        var now = _clock.GetUtcNow().UtcDateTime;
        var events = new List<(string Type, DateTime At, int EscalationId)>();
        foreach (var t in changes)
        {
            var e = Tracked(db, t.EscalationId) ?? await db.Escalations.AsNoTracking().SingleOrDefaultAsync(x => x.Id == t.EscalationId, ct);
            if (e is null || WebhookEventTypes.Of(t.Kind, t.Detail, e) is not { } type) continue;
            if (!events.Any(x => x.Type == type && x.EscalationId == e.Id)) events.Add((type, t.At, e.Id));
        }
        var added = 0;
        foreach (var (type, at, escalationId) in events)
        {
            var e = Tracked(db, escalationId) ?? await db.Escalations.AsNoTracking().SingleAsync(x => x.Id == escalationId, ct);
            added += Add(db, subscriptions, type, at, e, now);
        }
        if (added > 0) await save(ct);
        if (own is not null) await own.CommitAsync(ct);
        if (added > 0) Wake();
        return saved;
    }

    // followup.due / followup.overdue, in the reminders' transaction.
    internal async Task AddFollowUpsAsync(EscalationDeskDbContext db, IReadOnlyList<(int EscalationId, bool Overdue, DateTime At)> reminders, CancellationToken ct)
    {
        if (reminders.Count == 0) return;
        var subscriptions = await SubscriptionsAsync(db, ct);
        if (!subscriptions.Any(s => s.Types.Contains(WebhookEventTypes.FollowUpDue) || s.Types.Contains(WebhookEventTypes.FollowUpOverdue))) return;
        var ids = reminders.Select(r => r.EscalationId).Distinct().ToList();
        var escalations = await db.Escalations.AsNoTracking().Where(e => ids.Contains(e.Id)).ToDictionaryAsync(e => e.Id, ct);
        var now = _clock.GetUtcNow().UtcDateTime;
        var added = 0;
        foreach (var r in reminders)
            if (escalations.TryGetValue(r.EscalationId, out var e))
                added += Add(db, subscriptions, r.Overdue ? WebhookEventTypes.FollowUpOverdue : WebhookEventTypes.FollowUpDue, r.At, e, now);
        if (added == 0) return;
        await db.SaveChangesAsync(ct);
        Wake();
    }

    private static Escalation? Tracked(EscalationDeskDbContext db, int id) =>
        db.ChangeTracker.Entries<Escalation>().FirstOrDefault(x => x.Entity.Id == id)?.Entity;

    private static int Add(EscalationDeskDbContext db, IReadOnlyList<Wanted> subscriptions, string type, DateTime at, Escalation e, DateTime now)
    {
        var wanting = subscriptions.Where(s => s.Types.Contains(type)).ToList();
        if (wanting.Count == 0) return 0;
        var payload = JsonSerializer.Serialize(new WebhookBody(type, at, EscalationResource.Of(e, JudgmentFacts.None, now)), ApiJson.Options);
        foreach (var s in wanting)
            db.WebhookDeliveries.Add(new WebhookDelivery
            {
                MessageId = NewMessageId(), SubscriptionId = s.SubscriptionId, Type = type, EscalationId = e.Id, Payload = payload,
                CreatedAt = now, State = WebhookDeliveryState.Pending, NextAttemptAt = now,
            });
        return wanting.Count;
    }

    public static string NewMessageId() => "msg_" + Guid.CreateVersion7().ToString("N");

    public void Dispose() => _listening.Dispose();
}

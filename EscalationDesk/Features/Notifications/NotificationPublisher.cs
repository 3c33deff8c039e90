using System.Text.Json;
using EscalationDesk.Data;

namespace EscalationDesk.Features.Notifications;

public sealed record RaisedNotification(string OwnerId, int EscalationId, string Message);

// How raised reminders reach the open pages of their owners, wherever those are connected. Called once the reminders are stored.
public interface INotificationPublisher
{
    Task PublishAsync(IReadOnlyList<RaisedNotification> raised, CancellationToken ct);
}

// The open pages of this process, keyed by user id: a reminder wakes only its owner's circuits. It is the publisher of a
// single instance; InstanceNotifications hands it what other instances raise.
public sealed class LocalNotifications : INotificationPublisher
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, List<Action<RaisedNotification>>> _byOwner = [];

    public IDisposable Subscribe(string ownerId, Action<RaisedNotification> onRaised)
    {
        lock (_lock)
        {
            if (!_byOwner.TryGetValue(ownerId, out var handlers)) _byOwner[ownerId] = handlers = [];
            handlers.Add(onRaised);
        }
        return new Subscription(() =>
        {
            lock (_lock)
                if (_byOwner.TryGetValue(ownerId, out var handlers) && handlers.Remove(onRaised) && handlers.Count == 0) _byOwner.Remove(ownerId);
        });
    }

    public Task PublishAsync(IReadOnlyList<RaisedNotification> raised, CancellationToken ct)
    {
        foreach (var n in raised)
        {
            Action<RaisedNotification>[] handlers;
            lock (_lock) handlers = _byOwner.TryGetValue(n.OwnerId, out var list) ? [.. list] : [];
            foreach (var handler in handlers) handler(n);
        }
        return Task.CompletedTask;
    }

    private sealed class Subscription(Action dispose) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0) dispose();
        }
    }
}

// The publisher of the app: this instance's pages at once, and through IInstances those on every other instance (on
// SQLite there are none).
public sealed class InstanceNotifications : INotificationPublisher, IDisposable
{
    private const string Topic = "notification";
    private readonly LocalNotifications _local;
    private readonly IInstances _instances;
    private readonly IDisposable _listening;

    public InstanceNotifications(LocalNotifications local, IInstances instances)
    {
        (_local, _instances) = (local, instances);
        _listening = instances.Listen(Topic, message =>
        {
            if (JsonSerializer.Deserialize<RaisedNotification>(message) is { } raised) _ = _local.PublishAsync([raised], CancellationToken.None);
        });
    }

    public async Task PublishAsync(IReadOnlyList<RaisedNotification> raised, CancellationToken ct)
    {
        await _local.PublishAsync(raised, ct);
        if (!_instances.Several) return;
        foreach (var n in raised) await _instances.TellOthersAsync(Topic, JsonSerializer.Serialize(n), ct);
    }

    public void Dispose() => _listening.Dispose();
}

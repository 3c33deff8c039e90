using System.Collections.Concurrent;

namespace EscalationDesk.Features.Operations;

// What is typed but not yet saved (a wizard's autosave waits for a pause in typing): each open wizard registers how to save
// it now, and GracefulStop calls them all when the app is told to stop.
public sealed class PendingSaves
{
    private readonly ConcurrentDictionary<long, Func<Task>> _saves = new();
    private long _next;

    public IDisposable Register(Func<Task> saveNow)
    {
        var id = Interlocked.Increment(ref _next);
        _saves[id] = saveNow;
        return new Registration(() => _saves.TryRemove(id, out _));
    }

    public int Count => _saves.Count;

    // Every registered save at once; one that fails is logged and does not stop the others.
    public Task SaveAllAsync(ILogger logger) => Task.WhenAll(_saves.Values.Select(async save =>
    {
        try { await save(); }
        catch (Exception ex) { logger.LogWarning(ex, "A pending save failed while stopping"); }
    }));

    private sealed class Registration(Action remove) : IDisposable
    {
        public void Dispose() => remove();
    }
}

// SIGTERM (systemctl stop, docker stop, Ctrl+C) within 10 s, open circuits or not, and nothing typed lost:
// 1. Stopping, before the server closes any connection: the pending saves of every open wizard run, for at most SaveFor.
// 2. The host's ShutdownTimeout (ShutdownFor) then bounds the rest: the server stops taking requests and closes the
//    circuits' connections (SignalR closes them when the app stops), hosted services end. The default 30 s is what
//    made a stop with circuits open take that long; systemd's TimeoutStopSec must be above SaveFor + ShutdownFor.
// https://learn.microsoft.com/aspnet/core/fundamentals/host/generic-host#shutdowntimeout
public sealed class GracefulStop(PendingSaves saves, ILogger<GracefulStop> logger) : IHostedLifecycleService
{
    public static readonly TimeSpan SaveFor = TimeSpan.FromSeconds(3);
    public static readonly TimeSpan ShutdownFor = TimeSpan.FromSeconds(5);

    public async Task StoppingAsync(CancellationToken cancellationToken)
    {
        if (saves.Count == 0) return;
        var watch = System.Diagnostics.Stopwatch.StartNew();
        try
        {
            await saves.SaveAllAsync(logger).WaitAsync(SaveFor, cancellationToken);
            logger.LogInformation("Saved the pending edits of {Count} open wizards before stopping ({Ms} ms)", saves.Count, watch.ElapsedMilliseconds);
        }
        catch (Exception ex) when (ex is TimeoutException or OperationCanceledException)
        {
            logger.LogWarning("Stopping without waiting longer for {Count} pending saves ({Ms} ms)", saves.Count, watch.ElapsedMilliseconds);
        }
    }

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

public static class GracefulStopSetup
{
    public static IServiceCollection AddGracefulStop(this IServiceCollection services)
    {
        services.AddHostedService<GracefulStop>();
        services.Configure<HostOptions>(o => o.ShutdownTimeout = GracefulStop.ShutdownFor);
        return services;
    }
}

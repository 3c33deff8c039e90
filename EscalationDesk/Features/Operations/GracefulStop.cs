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

// The circuits' connections (/_blazor: a WebSocket, or a long poll) open on this instance. Kestrel's stop waits for every
// request in progress to end, and a circuit's never ends by itself: without closing them a stop took the host's whole
// ShutdownTimeout (30 s by default).
public sealed class CircuitConnections
{
    private readonly ConcurrentDictionary<HttpContext, byte> _open = new();

    public async Task TrackAsync(HttpContext context, RequestDelegate next)
    {
        _open[context] = 0;
        try { await next(context); }
        finally { _open.TryRemove(context, out _); }
    }

    public int CloseAll()
    {
        var contexts = _open.Keys.ToList();
        foreach (var context in contexts) context.Abort();
        return contexts.Count;
    }
}

// SIGTERM (systemctl stop, docker stop, Ctrl+C) within 10 s, open circuits or not, and nothing typed lost:
// 1. Stopping, before the server closes anything: the pending saves of every open wizard run, for at most SaveFor.
// 2. Stop (beside the server's own stop, HostOptions.ServicesStopConcurrently): once the server has stopped listening, the
//    circuits' connections are closed, so the server's wait for requests in progress ends at once; the pages show
//    "reconnecting" and come back when the app is up again. ShutdownFor (the host's ShutdownTimeout) bounds the rest;
//    systemd's TimeoutStopSec must be above SaveFor + ShutdownFor.
// https://learn.microsoft.com/aspnet/core/fundamentals/host/generic-host#shutdowntimeout
public sealed class GracefulStop(PendingSaves saves, CircuitConnections connections, ILogger<GracefulStop> logger) : IHostedLifecycleService
{
    // Time for the server to stop listening, so a page's reconnect finds no server instead of a new connection.
    public static readonly TimeSpan ListenerStopsWithin = TimeSpan.FromMilliseconds(250);

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
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        try { await Task.Delay(ListenerStopsWithin, cancellationToken); }
        catch (OperationCanceledException) { }
        if (connections.CloseAll() is > 0 and var closed) logger.LogInformation("Closed {Count} circuit connections to stop", closed);
    }

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

public static class GracefulStopSetup
{
    public static IServiceCollection AddGracefulStop(this IServiceCollection services)
    {
        services.AddSingleton<CircuitConnections>();
        services.AddHostedService<GracefulStop>();
        services.Configure<HostOptions>(o =>
        {
            o.ShutdownTimeout = GracefulStop.ShutdownFor;
            o.ServicesStopConcurrently = true;
        });
        return services;
    }

    // After routing: the circuit's endpoints are known by their hub metadata.
    public static IApplicationBuilder UseCircuitConnectionsClosedOnStop(this IApplicationBuilder app)
    {
        var connections = app.ApplicationServices.GetRequiredService<CircuitConnections>();
        return app.Use((context, next) => context.GetEndpoint()?.Metadata.GetMetadata<Microsoft.AspNetCore.SignalR.HubMetadata>() is not null
            ? connections.TrackAsync(context, next)
            : next(context));
    }
}

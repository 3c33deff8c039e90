using EscalationDesk.Data.Postgres;

namespace EscalationDesk.Data;

// What instances of the app on one database tell each other (a reminder raised, a user changed, a dashboard counted), and
// the background work only one of them may do at a time. On SQLite there is one instance: nothing to tell, every claim granted.
public interface IInstances
{
    // Whether other instances may share the database.
    bool Several { get; }

    // The work, claimed across instances for as long as the handle is held; null when another instance holds it and does
    // not let go within wait.
    Task<IAsyncDisposable?> TryClaimAsync(string work, TimeSpan wait, CancellationToken ct);

    // Delivered to every other instance's listeners of topic (not to this instance's: the caller has done its own part).
    Task TellOthersAsync(string topic, string message, CancellationToken ct);

    IDisposable Listen(string topic, Action<string> onMessage);

    // The instance's listening, for as long as the app runs (InstancesListener).
    Task RunAsync(CancellationToken stoppingToken);
}

public sealed class SingleInstance : IInstances
{
    public static readonly SingleInstance Instance = new();

    public bool Several => false;

    public Task<IAsyncDisposable?> TryClaimAsync(string work, TimeSpan wait, CancellationToken ct) => Task.FromResult<IAsyncDisposable?>(Granted.Claim);

    public Task TellOthersAsync(string topic, string message, CancellationToken ct) => Task.CompletedTask;

    public IDisposable Listen(string topic, Action<string> onMessage) => Granted.Claim;

    public Task RunAsync(CancellationToken stoppingToken) => Task.CompletedTask;

    private sealed class Granted : IAsyncDisposable, IDisposable
    {
        public static readonly Granted Claim = new();

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;

        public void Dispose() { }
    }
}

public static class InstancesSetup
{
    // PostgreSQL may be shared by several instances; a SQLite file belongs to one process.
    public static IServiceCollection AddInstances(this IServiceCollection services)
    {
        services.AddSingleton<IInstances>(sp => sp.GetRequiredService<IDatabaseProvider>() is PostgresDatabase
            ? new PostgresInstances(sp.GetRequiredService<IConfiguration>().GetConnectionString("EscalationDesk")!,
                sp.GetRequiredService<ILogger<PostgresInstances>>())
            : SingleInstance.Instance);
        services.AddHostedService<InstancesListener>();
        return services;
    }
}

public sealed class InstancesListener(IInstances instances) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => instances.RunAsync(stoppingToken);
}

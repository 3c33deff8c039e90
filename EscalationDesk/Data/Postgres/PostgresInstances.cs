using System.Text.Json;
using Medallion.Threading.Postgres;
using Npgsql;

namespace EscalationDesk.Data.Postgres;

// Instances on one PostgreSQL database: messages by NOTIFY on one channel, heard on one long-lived LISTEN connection per
// instance (opened again, with backoff, whenever it breaks), and work claimed by session advisory locks (DistributedLock).
// A message sent while an instance is not listening is not replayed: what it carries is checked again anyway (the bell's
// count and the dashboard are read from the database, a signed-in user is revalidated every few seconds).
public sealed class PostgresInstances : IInstances
{
    public const string Channel = "escalationdesk";
    // pg_notify's payload limit is 8000 bytes; a message is at most a reminder's text and ids.
    private const int MaxPayload = 7_900;
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(5);

    private readonly string _connectionString;
    private readonly string _listenConnectionString;
    private readonly ILogger _logger;
    private readonly string _id = Guid.NewGuid().ToString("N");
    private readonly Lock _lock = new();
    private readonly Dictionary<string, List<Action<string>>> _listeners = [];

    public PostgresInstances(string connectionString, ILogger<PostgresInstances> logger)
    {
        _connectionString = connectionString;
        // Its own connection, outside the pool; keepalives notice a connection the network dropped silently.
        _listenConnectionString = new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false, KeepAlive = 5 }.ConnectionString;
        _logger = logger;
    }

    public bool Several => true;

    // Listening (true once LISTEN is in place), for the drills that wait for it.
    public bool Listening { get; private set; }

    public async Task<IAsyncDisposable?> TryClaimAsync(string work, TimeSpan wait, CancellationToken ct)
    {
        var claim = new PostgresDistributedLock(new PostgresAdvisoryLockKey("escalationdesk:" + work, allowHashing: true), _connectionString);
        return await claim.TryAcquireAsync(wait, ct);
    }

    public async Task TellOthersAsync(string topic, string message, CancellationToken ct)
    {
        var payload = JsonSerializer.Serialize(new Envelope(_id, topic, message));
        if (payload.Length > MaxPayload) throw new ArgumentException($"A message to other instances is at most {MaxPayload} characters.", nameof(message));
        await using var connection = new NpgsqlConnection(_connectionString);
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand("SELECT pg_notify(@channel, @payload)", connection);
        command.Parameters.AddWithValue("channel", Channel);
        command.Parameters.AddWithValue("payload", payload);
        await command.ExecuteNonQueryAsync(ct);
    }

    public IDisposable Listen(string topic, Action<string> onMessage)
    {
        lock (_lock)
        {
            if (!_listeners.TryGetValue(topic, out var list)) _listeners[topic] = list = [];
            list.Add(onMessage);
        }
        return new Unlisten(() => { lock (_lock) _listeners[topic].Remove(onMessage); });
    }

    public async Task RunAsync(CancellationToken stoppingToken)
    {
        var backoff = TimeSpan.FromMilliseconds(250);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = new NpgsqlConnection(_listenConnectionString);
                await connection.OpenAsync(stoppingToken);
                connection.Notification += (_, e) => Deliver(e.Payload);
                await using (var listen = new NpgsqlCommand($"LISTEN {Channel}", connection)) await listen.ExecuteNonQueryAsync(stoppingToken);
                Listening = true;
                _logger.LogInformation("Listening to the other instances (PostgreSQL channel {Channel})", Channel);
                backoff = TimeSpan.FromMilliseconds(250);
                while (true) await connection.WaitAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                if (Listening) _logger.LogWarning(ex, "Lost the connection that listens to the other instances; connecting again");
                Listening = false;
                try
                {
                    await Task.Delay(backoff, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
                backoff = TimeSpan.FromTicks(Math.Min(MaxBackoff.Ticks, backoff.Ticks * 2));
            }
        }
    }

    private void Deliver(string payload)
    {
        Envelope? envelope;
        try
        {
            envelope = JsonSerializer.Deserialize<Envelope>(payload);
        }
        catch (JsonException)
        {
            return;   // not one of ours
        }
        if (envelope is null || envelope.From == _id) return;
        Action<string>[] listeners;
        lock (_lock) listeners = _listeners.TryGetValue(envelope.Topic, out var list) ? [.. list] : [];
        foreach (var listener in listeners)
        {
            try
            {
                listener(envelope.Message);
            }
            catch (Exception ex)
            {
                _logger.LogError(ex, "Handling a message of another instance ({Topic}) failed", envelope.Topic);
            }
        }
    }

    private sealed record Envelope(string From, string Topic, string Message);

    private sealed class Unlisten(Action dispose) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0) dispose();
        }
    }
}

using System.Threading.RateLimiting;
using EscalationDesk.Features.Users;

namespace EscalationDesk.Features.Briefs;

// A PDF is refused for now: too many are being made (by this user or by everyone). Answered as 429 with Retry-After.
public sealed class PdfBusyException(int retryAfterSeconds)
    : Exception($"Too many PDFs are being made right now. Try again in {retryAfterSeconds} second{(retryAfterSeconds == 1 ? "" : "s")}.")
{
    public int RetryAfterSeconds { get; } = retryAfterSeconds;
}

// A PDF costs about a second of CPU: at most Pdf:RendersPerUser at once per user and Pdf:RendersOverall at once in all
// (0: one per core). One more may wait up to Pdf:QueueSeconds for its turn; beyond that, or beyond a short queue, it is refused.
// ASP.NET Core's concurrency limiters: https://learn.microsoft.com/dotnet/api/system.threading.ratelimiting.concurrencylimiter
public sealed class PdfRenderLimits : IDisposable
{
    private readonly PartitionedRateLimiter<string> _perUser;
    private readonly ConcurrencyLimiter _overall;
    private readonly TimeSpan _wait;

    public PdfRenderLimits(PdfOptions options)
    {
        var perUser = Math.Max(1, options.RendersPerUser);
        var overall = options.RendersOverall > 0 ? options.RendersOverall : Environment.ProcessorCount;
        // Idle per-user limiters are dropped by the partitioned limiter itself.
        _perUser = PartitionedRateLimiter.Create<string, string>(user => RateLimitPartition.GetConcurrencyLimiter(user, _ =>
            new ConcurrencyLimiterOptions { PermitLimit = perUser, QueueLimit = perUser, QueueProcessingOrder = QueueProcessingOrder.OldestFirst }));
        _overall = new ConcurrencyLimiter(new ConcurrencyLimiterOptions
        {
            PermitLimit = overall, QueueLimit = overall * 2, QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
        });
        _wait = TimeSpan.FromSeconds(Math.Max(0, options.QueueSeconds));
        RetryAfterSeconds = Math.Max(1, (int)Math.Ceiling(_wait.TotalSeconds));
    }

    public int RetryAfterSeconds { get; }

    public async Task<byte[]> RenderAsync(ICurrentUser user, Func<byte[]> render, CancellationToken ct)
    {
        using var wait = CancellationTokenSource.CreateLinkedTokenSource(ct);
        wait.CancelAfter(_wait);
        using var mine = await AcquireAsync(() => _perUser.AcquireAsync(user.Id, 1, wait.Token), ct);
        using var all = await AcquireAsync(() => _overall.AcquireAsync(1, wait.Token), ct);
        return render();
    }

    private async Task<RateLimitLease> AcquireAsync(Func<ValueTask<RateLimitLease>> acquire, CancellationToken ct)
    {
        RateLimitLease lease;
        try
        {
            lease = await acquire();
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new PdfBusyException(RetryAfterSeconds);
        }
        if (lease.IsAcquired) return lease;
        lease.Dispose();
        throw new PdfBusyException(RetryAfterSeconds);
    }

    public void Dispose()
    {
        _perUser.Dispose();
        _overall.Dispose();
    }
}

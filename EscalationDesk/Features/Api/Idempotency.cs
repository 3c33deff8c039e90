using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using EscalationDesk.Data;
using EscalationDesk.Features.Users;
using Microsoft.EntityFrameworkCore;

namespace EscalationDesk.Features.Api;

// The first answer to a POST with an Idempotency-Key, per user and key: a repeat with the same request gets it again.
// StatusCode is null while the first request is still running.
public sealed class IdempotencyRecord
{
    public string UserId { get; set; } = "";
    public string Key { get; set; } = "";
    public string RequestHash { get; set; } = "";
    public int? StatusCode { get; set; }
    public string? ContentType { get; set; }
    public string? Location { get; set; }
    public string? ETag { get; set; }
    public byte[]? Body { get; set; }
    public DateTime CreatedAt { get; set; }

    public const int KeyMax = 255;

    public static void Configure(ModelBuilder model) => model.Entity<IdempotencyRecord>(r =>
    {
        r.HasKey(x => new { x.UserId, x.Key });
        r.Property(x => x.UserId).HasMaxLength(450);
        r.Property(x => x.Key).HasMaxLength(KeyMax);
        r.Property(x => x.RequestHash).HasMaxLength(64);
        r.Property(x => x.ContentType).HasMaxLength(128);
        r.Property(x => x.Location).HasMaxLength(2_000);
        r.Property(x => x.ETag).HasMaxLength(64);
        r.HasIndex(x => x.CreatedAt);
    });
}

// A request body of the API: part of what an Idempotency-Key's repeat must match.
public interface IApiRequest;

// Idempotency-Key on a POST (the IETF httpapi draft, as Stripe and PagerDuty do it): the same key and request answer the
// first answer, without running again; the same key with another request is 422; while the first still runs a repeat waits
// for it. A first request that never finished (its process killed) holds its key for a minute, then a repeat runs it anew.
public sealed class IdempotencyFilter : IEndpointFilter
{
    public const string Header = "Idempotency-Key";
    public static readonly TimeSpan KeptFor = TimeSpan.FromHours(24);
    public static readonly TimeSpan Abandoned = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);
    private static long _lastCleanup;

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        if (!http.Request.Headers.TryGetValue(Header, out var header)) return await next(context);
        var key = header.ToString();
        if (key.Length is 0 or > IdempotencyRecord.KeyMax)
            return ApiProblems.Problem(StatusCodes.Status400BadRequest, "Invalid Idempotency-Key", $"The {Header} header must be 1 to {IdempotencyRecord.KeyMax} characters.");
        var user = http.RequestServices.GetRequiredService<ICurrentUser>();
        var dbFactory = http.RequestServices.GetRequiredService<IDbContextFactory<EscalationDeskDbContext>>();
        var clock = http.RequestServices.GetRequiredService<TimeProvider>();
        var hash = Hash(http, context.Arguments);
        var ct = http.RequestAborted;

        var started = clock.GetUtcNow();
        while (true)
        {
            var now = clock.GetUtcNow().UtcDateTime;
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            var existing = await db.IdempotencyRecords.AsNoTracking().SingleOrDefaultAsync(r => r.UserId == user.Id && r.Key == key, ct);
            if (existing is null)
            {
                db.IdempotencyRecords.Add(new IdempotencyRecord { UserId = user.Id, Key = key, RequestHash = hash, CreatedAt = now });
                try
                {
                    await db.SaveChangesAsync(ct);
                    break;
                }
                catch (DbUpdateException)
                {
                    continue; // another request with this key was first: answer as it does
                }
            }
            if (existing.RequestHash != hash)
                return ApiProblems.Problem(StatusCodes.Status422UnprocessableEntity, "Idempotency-Key reused",
                    $"This {Header} was used for a different request. Use a new key for a new request.");
            if (existing.StatusCode is not null) return new StoredAnswer(existing, replayed: true);
            if (existing.CreatedAt < now - Abandoned)
            {
                // Its request never finished: this one takes the key over (only one of several repeats does).
                var taken = await db.IdempotencyRecords
                    .Where(r => r.UserId == user.Id && r.Key == key && r.StatusCode == null && r.CreatedAt == existing.CreatedAt)
                    .ExecuteUpdateAsync(s => s.SetProperty(r => r.CreatedAt, now), ct);
                if (taken == 1) break;
                continue;
            }
            if (clock.GetUtcNow() - started > Wait)
            {
                http.Response.Headers.RetryAfter = "1";
                return ApiProblems.Problem(StatusCodes.Status409Conflict, "Request in progress",
                    $"A request with this {Header} is still running; repeat it in a moment for its answer.");
            }
            await Task.Delay(TimeSpan.FromMilliseconds(100), ct);
        }

        object? result;
        try
        {
            result = await next(context);
        }
        catch
        {
            await ForgetAsync(dbFactory, user.Id, key);
            throw;
        }
        var answer = await StoredAnswer.CaptureAsync(http, result);
        await using (var db = await dbFactory.CreateDbContextAsync(CancellationToken.None))
        {
            // A server error is not an answer to keep: the client may repeat the request with the same key.
            if (answer.StatusCode >= 500) await ForgetAsync(dbFactory, user.Id, key);
            else
                await db.IdempotencyRecords.Where(r => r.UserId == user.Id && r.Key == key).ExecuteUpdateAsync(s => s
                    .SetProperty(r => r.StatusCode, answer.StatusCode).SetProperty(r => r.ContentType, answer.ContentType)
                    .SetProperty(r => r.Location, answer.Location).SetProperty(r => r.ETag, answer.ETag).SetProperty(r => r.Body, answer.Body));
        }
        await CleanUpAsync(dbFactory, clock);
        return new StoredAnswer(answer, replayed: false);
    }

    // The method, the path (with its ids) and the request bodies as the endpoint read them: a repeat whose JSON differs only
    // in spacing or property order is the same request.
    private static string Hash(HttpContext http, IList<object?> arguments)
    {
        var text = new StringBuilder().Append(http.Request.Method).Append(' ').Append(http.Request.Path.Value);
        foreach (var argument in arguments.OfType<IApiRequest>())
            text.Append('\n').Append(JsonSerializer.Serialize(argument, argument.GetType(), ApiJson.Options));
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }

    private static async Task ForgetAsync(IDbContextFactory<EscalationDeskDbContext> dbFactory, string userId, string key)
    {
        await using var db = await dbFactory.CreateDbContextAsync(CancellationToken.None);
        await db.IdempotencyRecords.Where(r => r.UserId == userId && r.Key == key && r.StatusCode == null).ExecuteDeleteAsync(CancellationToken.None);
    }

    // Keys older than KeptFor go, at most every ten minutes per process; the CreatedAt index makes it a range delete.
    private static async Task CleanUpAsync(IDbContextFactory<EscalationDeskDbContext> dbFactory, TimeProvider clock)
    {
        var now = clock.GetUtcNow();
        var last = Interlocked.Read(ref _lastCleanup);
        if (now.UtcTicks - last < TimeSpan.FromMinutes(10).Ticks || Interlocked.CompareExchange(ref _lastCleanup, now.UtcTicks, last) != last) return;
        var cutoff = now.UtcDateTime - KeptFor;
        await using var db = await dbFactory.CreateDbContextAsync(CancellationToken.None);
        await db.IdempotencyRecords.Where(r => r.CreatedAt < cutoff).ExecuteDeleteAsync(CancellationToken.None);
    }
}

// An endpoint's answer as bytes, to keep and to send again.
internal sealed class StoredAnswer : IResult
{
    public int StatusCode { get; }
    public string? ContentType { get; }
    public string? Location { get; }
    public string? ETag { get; }
    public byte[] Body { get; }
    private readonly bool _replayed;

    private StoredAnswer(int status, string? contentType, string? location, string? etag, byte[] body, bool replayed) =>
        (StatusCode, ContentType, Location, ETag, Body, _replayed) = (status, contentType, location, etag, body, replayed);

    public StoredAnswer(IdempotencyRecord r, bool replayed) : this(r.StatusCode ?? 500, r.ContentType, r.Location, r.ETag, r.Body ?? [], replayed) { }

    public StoredAnswer(StoredAnswer a, bool replayed) : this(a.StatusCode, a.ContentType, a.Location, a.ETag, a.Body, replayed) { }

    public static async Task<StoredAnswer> CaptureAsync(HttpContext http, object? result)
    {
        var capture = new DefaultHttpContext { RequestServices = http.RequestServices };
        using var body = new MemoryStream();
        capture.Response.Body = body;
        switch (result)
        {
            case IResult r: await r.ExecuteAsync(capture); break;
            case null: capture.Response.StatusCode = StatusCodes.Status204NoContent; break;
            default: await Results.Json(result).ExecuteAsync(capture); break;
        }
        return new StoredAnswer(capture.Response.StatusCode, capture.Response.ContentType, capture.Response.Headers.Location.ToString() is { Length: > 0 } l ? l : null,
            capture.Response.Headers.ETag.ToString() is { Length: > 0 } e ? e : null, body.ToArray(), false);
    }

    public async Task ExecuteAsync(HttpContext http)
    {
        http.Response.StatusCode = StatusCode;
        if (ContentType is not null) http.Response.ContentType = ContentType;
        if (Location is not null) http.Response.Headers.Location = Location;
        if (ETag is not null) http.Response.Headers.ETag = ETag;
        if (_replayed) http.Response.Headers["Idempotent-Replayed"] = "true";
        if (Body.Length > 0) await http.Response.Body.WriteAsync(Body);
    }
}

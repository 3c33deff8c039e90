using System.Globalization;
using System.Security.Claims;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace EscalationDesk.Features.Security;

// appsettings.json "RateLimits": how many requests one client may make per window.
public sealed class RateLimitOptions
{
    // A flood guard: password guessing is slowed by SignInThrottle, so a busy office behind one address is not shut out.
    public RateLimit SignIn { get; set; } = new() { PermitLimit = 60, WindowSeconds = 60 };
    public RateLimit Export { get; set; } = new() { PermitLimit = 60, WindowSeconds = 60 };
    // Per token user (all of one user's tokens share it): a script's loop is slowed, a busy integration is not.
    public RateLimit Api { get; set; } = new() { PermitLimit = 600, WindowSeconds = 60 };
    // Share links are opened without an account: per address, enough for a reader, not for guessing tokens.
    public RateLimit Share { get; set; } = new() { PermitLimit = 30, WindowSeconds = 60 };
}

public sealed class RateLimit
{
    public int PermitLimit { get; set; }
    public int WindowSeconds { get; set; } = 60;
}

// ASP.NET Core's rate limiter: https://learn.microsoft.com/aspnet/core/performance/rate-limit
public static class RateLimits
{
    public const string SignIn = "sign-in";
    public const string Export = "export";
    // The /api/v1 group's (TokenEndpoints.MapApiGroup); on /api/v1 the user is the token's (TokenAuthentication).
    public const string Api = "api";
    public const string Share = "share";

    public static IServiceCollection AddRateLimits(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<RateLimitOptions>(configuration.GetSection("RateLimits"));
        services.AddRateLimiter(o =>
        {
            o.AddPolicy(Export, context => Limit(context, Export, Options(context).Export));
            o.AddPolicy(Api, context => Limit(context, Api, Options(context).Api));
            o.AddPolicy(Share, context => Limit(context, Share, Options(context).Share));
            // A policy is attached to its endpoints (RequireRateLimiting, or [EnableRateLimiting] on the sign-in page),
            // never matched by path: routing answers other spellings of a path (case, trailing slash), and each of them
            // reaches the same endpoint and so the same limit. On the sign-in page only posts count; opening it does not.
            o.AddPolicy(SignIn, context => HttpMethods.IsPost(context.Request.Method)
                ? Limit(context, SignIn, Options(context).SignIn)
                : RateLimitPartition.GetNoLimiter(""));
            o.OnRejected = RejectAsync;
        });
        return services;
    }

    private static RateLimitOptions Options(HttpContext context) =>
        context.RequestServices.GetRequiredService<IOptions<RateLimitOptions>>().Value;

    // One window per client: the signed-in user's name, else the remote address.
    private static RateLimitPartition<string> Limit(HttpContext context, string policy, RateLimit limit)
    {
        var client = context.User.Identity?.IsAuthenticated == true && context.User.FindFirstValue(ClaimTypes.Name) is { } name
            ? "user:" + name
            : "ip:" + context.Connection.RemoteIpAddress;
        return RateLimitPartition.GetFixedWindowLimiter($"{policy}|{client}", _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = Math.Max(1, limit.PermitLimit),
            Window = TimeSpan.FromSeconds(Math.Max(1, limit.WindowSeconds)),
            QueueLimit = 0,
        });
    }

    // 429 with Retry-After and a sentence a person can act on (download.js shows a problem's detail).
    private static async ValueTask RejectAsync(OnRejectedContext rejected, CancellationToken ct)
    {
        var response = rejected.HttpContext.Response;
        response.StatusCode = StatusCodes.Status429TooManyRequests;
        var seconds = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter)
            ? (int)Math.Ceiling(retryAfter.TotalSeconds)
            : 60;
        response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        var policy = rejected.HttpContext.GetEndpoint()?.Metadata.GetMetadata<EnableRateLimitingAttribute>()?.PolicyName;
        var what = policy switch { SignIn => "sign-in attempts", Api => "API requests", Share => "views of shared briefs", _ => "downloads" };
        await response.WriteAsJsonAsync(new ProblemDetails
        {
            Status = StatusCodes.Status429TooManyRequests,
            Title = "Too many requests",
            Detail = $"Too many {what} in a short time. Try again in {seconds} seconds.",
        }, options: null, contentType: "application/problem+json", cancellationToken: ct);
    }
}

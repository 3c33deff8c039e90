using System.Text.Json;
using EscalationDesk.Data;
using EscalationDesk.Features.Briefs;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace EscalationDesk.Features.Operations;

// For load balancers and orchestrators (https://learn.microsoft.com/aspnet/core/host-and-deploy/health-checks):
//   /health/live   the process is up and answering; no I/O, so a slow database never gets a live instance restarted.
//   /health/ready  it can serve: the database answers, its migrations are applied, the PDF fonts are found.
//   /health        the older name of /health/live (docs/proxy/yarp.json's active check uses it).
// Anonymous, outside every rate limit, 200 or 503 with a small JSON body naming each check. The body says only which
// check failed; the reason (an exception, the folders searched) goes to the log, not to an anonymous caller.
public static class Health
{
    public const string Live = "live";
    public const string Ready = "ready";

    public static IServiceCollection AddEscalationDeskHealth(this IServiceCollection services)
    {
        services.TryAddSingleton(new FontSearch(BriefFonts.SystemFolders));
        services.AddSingleton<MigrationsHealthCheck>();
        services.AddSingleton<PdfFontsHealthCheck>();
        services.AddHealthChecks()
            .AddCheck("process", () => HealthCheckResult.Healthy(), tags: [Live])
            .AddCheck<DatabaseHealthCheck>("database", tags: [Ready], timeout: TimeSpan.FromSeconds(3))
            .AddCheck<MigrationsHealthCheck>("migrations", tags: [Ready], timeout: TimeSpan.FromSeconds(5))
            .AddCheck<PdfFontsHealthCheck>("pdf-fonts", tags: [Ready]);
        return services;
    }

    public static IEndpointRouteBuilder MapHealthEndpoints(this IEndpointRouteBuilder app)
    {
        Map(app, "/health/live", Live);
        Map(app, "/health", Live);
        Map(app, "/health/ready", Ready);
        return app;
    }

    private static void Map(IEndpointRouteBuilder app, string path, string tag) =>
        app.MapHealthChecks(path, new HealthCheckOptions
        {
            Predicate = check => check.Tags.Contains(tag),
            ResponseWriter = WriteAsync,
            // Degraded is not used: an instance either takes traffic or does not.
            ResultStatusCodes =
            {
                [HealthStatus.Healthy] = StatusCodes.Status200OK,
                [HealthStatus.Degraded] = StatusCodes.Status200OK,
                [HealthStatus.Unhealthy] = StatusCodes.Status503ServiceUnavailable,
            },
        }).AllowAnonymous().DisableRateLimiting().WithMetadata(new HealthEndpoint());

    // {"status":"Unhealthy","checks":{"database":"Unhealthy","migrations":"Healthy","pdf-fonts":"Healthy"}}
    private static Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        context.Response.Headers.CacheControl = "no-store";
        var body = new
        {
            status = report.Status.ToString(),
            checks = report.Entries.ToDictionary(e => e.Key, e => e.Value.Status.ToString()),
        };
        return context.Response.WriteAsync(JsonSerializer.Serialize(body));
    }
}

// Marks the health endpoints, for middleware that must let them through untouched (e.g. a future global limiter).
public sealed class HealthEndpoint;

// Where the operating system's fonts are looked for (BriefFonts.SystemFolders); a test passes folders without fonts.
public sealed record FontSearch(IReadOnlyList<string> SystemFolders);

// One round trip on a fresh context, bounded by the check's timeout: a SELECT 1 from the app's migrations table (it opens the
// connection, which fails when the server is down or the database gone, and it fails on a SQLite file that was replaced by
// an empty one, where a bare SELECT 1 would pass).
public sealed class DatabaseHealthCheck(IDbContextFactory<EscalationDeskDbContext> dbFactory) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            await db.Database.ExecuteSqlRawAsync("SELECT 1 FROM \"__EFMigrationsHistory\" LIMIT 1", ct);
            return HealthCheckResult.Healthy();
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy("The database does not answer.", ex);
        }
    }
}

// The app migrates at start-up, so once no migration is pending none can become pending while this process runs: a success
// is kept for good, a failure asked again after a few seconds (e.g. a database that another instance is still migrating).
public sealed class MigrationsHealthCheck(IDbContextFactory<EscalationDeskDbContext> dbFactory, TimeProvider clock) : IHealthCheck
{
    public static readonly TimeSpan RetryFailureAfter = TimeSpan.FromSeconds(10);
    private volatile bool _applied;
    private (DateTimeOffset At, HealthCheckResult Result)? _failure;

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        if (_applied) return HealthCheckResult.Healthy();
        if (_failure is { } failure && clock.GetUtcNow() - failure.At < RetryFailureAfter) return failure.Result;
        HealthCheckResult result;
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            var pending = (await db.Database.GetPendingMigrationsAsync(ct)).Count();
            _applied = pending == 0;
            result = _applied ? HealthCheckResult.Healthy() : HealthCheckResult.Unhealthy($"{pending} migrations are not applied.");
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            result = HealthCheckResult.Unhealthy("The migrations could not be read.", ex);
        }
        if (!_applied) _failure = (clock.GetUtcNow(), result);
        return result;
    }
}

// The same search the PDF export makes (Pdf:FontDirectory, then the system's folders), repeated at most once a minute:
// it lists font files, which is cheap but not free.
public sealed class PdfFontsHealthCheck(PdfOptions options, FontSearch search, TimeProvider clock) : IHealthCheck
{
    public static readonly TimeSpan CacheFor = TimeSpan.FromMinutes(1);
    private (DateTimeOffset At, HealthCheckResult Result)? _last;

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        if (_last is { } last && clock.GetUtcNow() - last.At < CacheFor) return Task.FromResult(last.Result);
        var result = BriefFonts.TryFind(options.FontDirectory, search.SystemFolders, out var searched) is null
            ? HealthCheckResult.Unhealthy(BriefFonts.MissingMessage(searched))
            : HealthCheckResult.Healthy();
        _last = (clock.GetUtcNow(), result);
        return Task.FromResult(result);
    }
}

using System.Net;
using Microsoft.AspNetCore.HttpOverrides;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using IPNetwork = System.Net.IPNetwork;

namespace EscalationDesk.Features.Operations;

// "Metrics": the Prometheus scrape endpoint, off unless Prometheus is true.
public sealed class MetricsOptions
{
    public const string Section = "Metrics";

    public bool Prometheus { get; set; }

    // Who may scrape /metrics besides loopback: addresses or networks ("10.0.0.5", "10.0.0.0/24") of the scraper.
    public string[] AllowedNetworks { get; set; } = [];
}

// OpenTelemetry (https://opentelemetry.io/docs/languages/dotnet/): traces and metrics of ASP.NET Core, HttpClient (chat
// webhooks), EF Core and the .NET runtime, plus the app's own meter (EscalationDeskMetrics).
//   OTEL_EXPORTER_OTLP_ENDPOINT set  -> traces and metrics over OTLP (the exporter reads the other OTEL_* variables itself).
//   Metrics:Prometheus = true        -> metrics on GET /metrics for a Prometheus scrape.
// With neither, OpenTelemetry is not registered at all: nothing listens, nothing is collected.
public static class Telemetry
{
    public const string OtlpEndpointSetting = "OTEL_EXPORTER_OTLP_ENDPOINT";
    public const string ScrapePath = "/metrics";

    public static WebApplicationBuilder AddEscalationDeskTelemetry(this WebApplicationBuilder builder)
    {
        var metrics = builder.Configuration.GetSection(MetricsOptions.Section).Get<MetricsOptions>() ?? new MetricsOptions();
        builder.Services.AddSingleton(metrics);
        builder.Services.AddScoped<Microsoft.AspNetCore.Components.Server.Circuits.CircuitHandler, CircuitMetricsHandler>();
        var otlp = !string.IsNullOrWhiteSpace(builder.Configuration[OtlpEndpointSetting]);
        if (!otlp && !metrics.Prometheus) return builder;

        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService("EscalationDesk", serviceVersion: typeof(Telemetry).Assembly.GetName().Version?.ToString()));
        telemetry.WithMetrics(m =>
        {
            m.AddMeter(EscalationDeskMetrics.MeterName)
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation();
            // Blazor's own meters in .NET 10 (circuits, renders, navigation).
            m.AddMeter("Microsoft.AspNetCore.Components", "Microsoft.AspNetCore.Components.Server.Circuits");
            // A scrape sees the counts of that moment, not a copy kept for a while.
            if (metrics.Prometheus) m.AddPrometheusExporter(o => o.ScrapeResponseCacheDurationMilliseconds = 0);
            if (otlp) m.AddOtlpExporter();
        });
        if (otlp)
        {
            telemetry.WithTracing(t => t
                // The health checks and the scrape are asked every few seconds; they are not worth a trace each.
                .AddAspNetCoreInstrumentation(o => o.Filter = context => !IsOperational(context.Request.Path))
                .AddHttpClientInstrumentation()
                .AddEntityFrameworkCoreInstrumentation()
                .AddOtlpExporter());
        }
        return builder;
    }

    private static bool IsOperational(PathString path) =>
        path.StartsWithSegments("/health", StringComparison.OrdinalIgnoreCase) || path.StartsWithSegments(ScrapePath, StringComparison.OrdinalIgnoreCase);

    // GET /metrics, when Metrics:Prometheus is on. Metrics tell how busy the service is and which routes exist, so the
    // scrape is answered only to a scraper on this machine (loopback) or in Metrics:AllowedNetworks, and never to a
    // request that came through a proxy (it carries X-Forwarded-For, or X-Original-For once the headers were applied): a
    // proxy on this machine would otherwise make every visitor look like loopback. Others get 403.
    public static IEndpointRouteBuilder MapEscalationDeskMetrics(this IEndpointRouteBuilder app)
    {
        var options = app.ServiceProvider.GetRequiredService<MetricsOptions>();
        if (!options.Prometheus) return app;
        var allowed = options.AllowedNetworks.Where(n => !string.IsNullOrWhiteSpace(n)).Select(ParseNetwork).ToList();
        app.MapPrometheusScrapingEndpoint(ScrapePath, meterProvider: null, configureBranchedPipeline: branch => branch.Use(async (context, next) =>
        {
            if (!MayScrape(context, allowed))
            {
                context.Response.StatusCode = StatusCodes.Status403Forbidden;
                return;
            }
            await next(context);
        }), optionsName: null).AllowAnonymous().DisableRateLimiting();
        return app;
    }

    internal static bool MayScrape(HttpContext context, IReadOnlyList<IPNetwork> allowed)
    {
        var headers = context.Request.Headers;
        if (headers.ContainsKey(ForwardedHeadersDefaults.XForwardedForHeaderName) || headers.ContainsKey("X-Original-For")) return false;
        if (context.Connection.RemoteIpAddress is not { } address) return false;
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        return IPAddress.IsLoopback(address) || allowed.Any(n => n.Contains(address));
    }

    private static IPNetwork ParseNetwork(string text)
    {
        text = text.Trim();
        if (IPNetwork.TryParse(text, out var network)) return network;
        if (IPAddress.TryParse(text, out var single)) return new IPNetwork(single, single.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128);
        throw new InvalidOperationException($"{MetricsOptions.Section}:AllowedNetworks has \"{text}\", which is neither an address nor a network (10.0.0.0/24).");
    }
}

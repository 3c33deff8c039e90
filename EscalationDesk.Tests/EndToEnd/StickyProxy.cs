using System.Net;
using System.Net.Sockets;
using EscalationDesk.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Yarp.ReverseProxy;
using Yarp.ReverseProxy.Health;
using Yarp.ReverseProxy.Model;

namespace EscalationDesk.Tests.EndToEnd;

// The README's load balancer: YARP with docs/proxy/yarp.json (sticky sessions, active health checks), in the test process
// on a loopback port, its two destinations pointed at the drill's two app processes.
public sealed class StickyProxy : IAsyncDisposable
{
    public const string Cluster = "escalationdesk";
    private readonly WebApplication _app;

    private StickyProxy(WebApplication app) => _app = app;

    public string BaseUrl => _app.Urls.First();

    // The destination (instance1, instance2) the last circuit's WebSocket was sent to.
    public string? CircuitDestination { get; private set; }

    public static async Task<StickyProxy> StartAsync(string instance1, string instance2)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ContentRootPath = Path.GetDirectoryName(ConfigFile)!, EnvironmentName = "Production" });
        builder.Configuration.AddJsonFile(ConfigFile).AddInMemoryCollection(new Dictionary<string, string?>
        {
            [$"ReverseProxy:Clusters:{Cluster}:Destinations:instance1:Address"] = instance1,
            [$"ReverseProxy:Clusters:{Cluster}:Destinations:instance2:Address"] = instance2,
        });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Services.AddReverseProxy().LoadFromConfig(builder.Configuration.GetSection("ReverseProxy"));
        var app = builder.Build();
        var proxy = new StickyProxy(app);
        app.MapReverseProxy(pipeline =>
        {
            pipeline.UseSessionAffinity();
            pipeline.UseLoadBalancing();
            pipeline.Use((context, next) =>
            {
                if (context.Request.Path.StartsWithSegments("/_blazor") && context.Request.Headers.Upgrade == "websocket")
                    proxy.CircuitDestination = context.GetReverseProxyFeature().AvailableDestinations.Single().DestinationId;
                return next();
            });
            pipeline.UsePassiveHealthChecks();
        });
        await app.StartAsync();
        return proxy;
    }

    public static string ConfigFile => RepoFiles.Find(Path.Combine("docs", "proxy", "yarp.json"));

    // Until the proxy's health check says so of the destination (it probes /health every second).
    public async Task WaitUntilAsync(string destination, DestinationHealth health)
    {
        var lookup = _app.Services.GetRequiredService<IProxyStateLookup>();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (!(lookup.TryGetCluster(Cluster, out var cluster) && cluster.Destinations.TryGetValue(destination, out var d) && d.Health.Active == health))
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"The proxy did not find {destination} {health}.");
            await Task.Delay(100);
        }
    }

    // A loopback port nothing listens on now, for an instance that starts later.
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}

using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace EscalationDesk.Tests.EndToEnd;

// The real app on a real Kestrel port on loopback, with its own fresh database file.
public sealed class AppServer : WebApplicationFactory<Program>
{
    public string DatabasePath { get; } = Path.Combine(Path.GetTempPath(), $"escalationdesk-test-{Guid.NewGuid():N}.db");

    // The suite signs in and downloads from one loopback client, far past the per-person limits;
    // a test of the limits passes its own. Keys are configuration keys ("RateLimits:Export:PermitLimit").
    private readonly Dictionary<string, string?> _settings = new()
    {
        ["RateLimits:SignIn:PermitLimit"] = "10000",
        ["RateLimits:Export:PermitLimit"] = "10000",
    };

    public AppServer(IReadOnlyDictionary<string, string?>? settings = null)
    {
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>()) _settings[key] = value;
        UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        StartServer();
        BaseUrl = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
    }

    public string BaseUrl { get; }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production");
        builder.UseSetting("ConnectionStrings:EscalationDesk", $"Data Source={DatabasePath}");
        foreach (var (key, value) in _settings) builder.UseSetting(key, value);
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm" })
            File.Delete(DatabasePath + suffix);
    }
}

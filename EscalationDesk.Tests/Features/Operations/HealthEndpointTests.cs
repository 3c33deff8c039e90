using System.Net;
using System.Text.Json;
using EscalationDesk.Features.Operations;
using EscalationDesk.Tests.EndToEnd;
using EscalationDesk.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace EscalationDesk.Tests.Features.Operations;

// What a load balancer asks, over real HTTP, on SQLite and on PostgreSQL.
public sealed class HealthEndpointTests
{
    [Fact]
    public async Task Live_and_its_old_name_answer_200_anonymously()
    {
        using var server = new AppServer();
        using var client = server.AnonymousClient();
        foreach (var path in new[] { "/health/live", "/health" })
        {
            var (status, checks) = await GetAsync(client, path);
            Assert.Equal(HttpStatusCode.OK, status);
            Assert.Equal(["process"], checks.Keys);
        }
    }

    [Fact]
    public async Task Ready_answers_200_naming_the_database_the_migrations_and_the_pdf_fonts()
    {
        using var server = new AppServer();
        using var client = server.AnonymousClient();
        var (status, checks) = await GetAsync(client, "/health/ready");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(new Dictionary<string, string> { ["database"] = "Healthy", ["migrations"] = "Healthy", ["pdf-fonts"] = "Healthy" }, checks);
    }

    [Fact]
    public async Task Ready_answers_503_when_the_database_is_gone_while_live_stays_200()
    {
        // SQLite: the file and its folder removed (a new connection cannot even create it). PostgreSQL: the database dropped.
        var folder = Path.Combine(Path.GetTempPath(), $"escalationdesk-health-{Guid.NewGuid():N}");
        var settings = PostgresTestServer.Enabled ? null : new Dictionary<string, string?>
        {
            ["ConnectionStrings:EscalationDesk"] = $"Data Source={Path.Combine(folder, "desk.db")}",
        };
        using var server = new AppServer(settings);
        using var client = server.AnonymousClient();
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(client, "/health/ready")).Status);

        if (PostgresTestServer.Enabled)
            PostgresTestServer.DropDatabase(server.Services.GetRequiredService<IConfiguration>().GetConnectionString("EscalationDesk")!);
        else
        {
            Directory.Delete(folder, recursive: true);
            SqliteConnection.ClearAllPools();
        }

        var (status, checks) = await GetAsync(client, "/health/ready");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.Equal("Unhealthy", checks["database"]);
        Assert.Equal("Healthy", checks["pdf-fonts"]);
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(client, "/health/live")).Status);
    }

    [Fact]
    public async Task Ready_answers_503_when_no_pdf_font_is_found()
    {
        // Pdf:FontDirectory is searched first, then the system's folders (which have DejaVu here): the system folders are
        // replaced by none, so only the empty configured folder is left.
        var empty = Directory.CreateTempSubdirectory("escalationdesk-nofonts-").FullName;
        try
        {
            using var server = new AppServer(new Dictionary<string, string?> { ["Pdf:FontDirectory"] = empty },
                services => services.AddSingleton(new FontSearch([])));
            using var client = server.AnonymousClient();
            var (status, checks) = await GetAsync(client, "/health/ready");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
            Assert.Equal("Unhealthy", checks["pdf-fonts"]);
            Assert.Equal("Healthy", checks["database"]);
        }
        finally
        {
            Directory.Delete(empty, recursive: true);
        }
    }

    [Fact]
    public async Task Health_endpoints_are_outside_the_rate_limits()
    {
        // The app's limits at their tightest: one request a minute.
        using var server = new AppServer(new Dictionary<string, string?>
        {
            ["RateLimits:SignIn:PermitLimit"] = "1", ["RateLimits:Export:PermitLimit"] = "1", ["RateLimits:Export:WindowSeconds"] = "60",
        });
        using var client = server.AnonymousClient();
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 150; i++)
            foreach (var path in new[] { "/health/live", "/health/ready", "/health" })
            {
                using var response = await client.GetAsync(path);
                statuses.Add(response.StatusCode);
            }
        Assert.All(statuses, s => Assert.Equal(HttpStatusCode.OK, s));
    }

    internal static async Task<(HttpStatusCode Status, Dictionary<string, string> Checks)> GetAsync(HttpClient client, string path)
    {
        using var response = await client.GetAsync(path);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var checks = body.RootElement.GetProperty("checks").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!);
        return (response.StatusCode, checks);
    }
}

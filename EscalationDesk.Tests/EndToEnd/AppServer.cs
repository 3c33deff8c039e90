using System.Net;
using System.Text.RegularExpressions;
using EscalationDesk.Data;
using EscalationDesk.Features.Users;
using EscalationDesk.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace EscalationDesk.Tests.EndToEnd;

// An account made by a test: sign in with Email and Password.
public sealed record TestUser(string Id, string Email, string Password, string Name, string Role);

// The real app on a real Kestrel port on loopback, with its own fresh database file.
public sealed partial class AppServer : WebApplicationFactory<Program>
{
    public const string Password = "Test-pass-1";
    private static int _users;

    public string DatabasePath { get; } = Path.Combine(Path.GetTempPath(), $"escalationdesk-test-{Guid.NewGuid():N}.db");

    // On the PostgreSQL run (PostgresTestServer.Enabled) the app runs on a fresh PostgreSQL database instead of the file.
    private readonly string? _postgres = PostgresTestServer.Enabled ? PostgresTestServer.CreateDatabase() : null;

    // The suite signs in and downloads from one loopback client, far past the per-person limits;
    // a test of the limits passes its own. Keys are configuration keys ("RateLimits:Export:PermitLimit").
    private readonly Dictionary<string, string?> _settings = new()
    {
        ["RateLimits:SignIn:PermitLimit"] = "10000",
        ["RateLimits:Export:PermitLimit"] = "10000",
        ["SignInThrottle:AddressFreeFailures"] = "10000",
        // The browser tests share one Agent and leave their pages open; CircuitCapJourneyTests passes its own cap.
        ["Circuits:MaxPerUser"] = "10000",
        // The tests' chat and webhook receivers listen on loopback (WebhookListener, WebhookReceiver).
        ["Webhooks:AllowPrivateTargets"] = "true",
    };

    private readonly Action<IServiceCollection>? _services;

    // services: replacements of the app's own registrations (a clock it moves, a hasher it counts, a seam such as IBriefPdf).
    public AppServer(IReadOnlyDictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null)
    {
        _services = services;
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>()) _settings[key] = value;
        UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        StartServer();
        BaseUrl = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
    }

    public string BaseUrl { get; }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production");
        if (_postgres is not null)
        {
            builder.UseSetting(DatabaseProviders.Setting, "Postgres");
            builder.UseSetting(DatabaseProviders.ConnectionStringSetting, _postgres);
        }
        else builder.UseSetting(DatabaseProviders.ConnectionStringSetting, $"Data Source={DatabasePath}");
        // Production over plain http on loopback: the sign-in cookie may not require https here.
        builder.UseSetting("EscalationDesk:AllowHttpCookies", "true");
        foreach (var (key, value) in _settings) builder.UseSetting(key, value);
        if (_services is not null) builder.ConfigureTestServices(_services);
    }

    // A new account, made directly (not through the Admin page), with a unique email and name.
    public Task<TestUser> CreateUserAsync(string role) => CreateUserAsync(Services, role);

    // The same for any host of the app (a test with its own WebApplicationFactory).
    public static async Task<TestUser> CreateUserAsync(IServiceProvider services, string role)
    {
        var n = Interlocked.Increment(ref _users);
        var tag = Guid.NewGuid().ToString("N")[..6];
        var (email, name) = ($"{role.ToLowerInvariant()}{n}-{tag}@test.example", $"{role} {n}{tag}");
        await using var scope = services.CreateAsyncScope();
        var (id, errors) = await scope.ServiceProvider.GetRequiredService<UserDirectory>().CreateAsync(email, name, role, Password);
        Assert.True(id is not null, string.Join(" ", errors.Select(e => e.Message)));
        return new TestUser(id!, email, Password, name, role);
    }

    // A service scope in which the services act as this user, as they do in the user's requests.
    public Task<AsyncServiceScope> ScopeAsAsync(TestUser user) => ScopeAsAsync(Services, user);

    public static async Task<AsyncServiceScope> ScopeAsAsync(IServiceProvider services, TestUser user)
    {
        var scope = services.CreateAsyncScope();
        var account = await scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>().FindByIdAsync(user.Id);
        var principal = await scope.ServiceProvider.GetRequiredService<SignInManager<AppUser>>().CreateUserPrincipalAsync(account!);
        ((CurrentUser)scope.ServiceProvider.GetRequiredService<ICurrentUser>()).SetCircuitUser(principal);
        return scope;
    }

    public HttpClient AnonymousClient() =>
        new(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer() }) { BaseAddress = new Uri(BaseUrl) };

    // Signs in through the real sign-in form (antiforgery token included) and keeps the cookie.
    public async Task<HttpClient> SignedInClientAsync(TestUser user)
    {
        var client = AnonymousClient();
        var response = await PostLoginAsync(client, user.Email, user.Password);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return client;
    }

    public static async Task<HttpResponseMessage> PostLoginAsync(HttpClient client, string email, string password) =>
        await PostFormAsync(client, "/account/login", "login", new() { ["Input.Email"] = email, ["Input.Password"] = password });

    public static async Task<HttpResponseMessage> PostFormAsync(HttpClient client, string url, string formName, Dictionary<string, string> fields)
    {
        var form = await client.GetStringAsync(url);
        fields["_handler"] = formName;
        fields["__RequestVerificationToken"] = AntiforgeryToken().Match(form).Groups[1].Value;
        return await client.PostAsync(url, new FormUrlEncodedContent(fields));
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryToken();

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (_postgres is not null) PostgresTestServer.DropDatabase(_postgres);
        SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm", ".lock" })
            File.Delete(DatabasePath + suffix);
    }
}

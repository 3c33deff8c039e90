using System.Net;
using EscalationDesk.Data;
using EscalationDesk.Features.Security;
using EscalationDesk.Features.Users;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace EscalationDesk.Tests.EndToEnd;

// Password guessing over real HTTP: every failure reads the same and costs the same, failures slow further attempts
// (on a clock the test moves) instead of locking the account, and an address is believed only from a configured proxy.
public sealed class SignInDefenceTests
{
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.UtcNow);
    private readonly CountingHasher _hasher = new();

    [Fact]
    public async Task An_unknown_email_a_wrong_password_a_disabled_account_and_a_throttled_attempt_read_the_same_and_each_checks_a_password()
    {
        await using var server = Server();
        var user = await server.CreateUserAsync(Roles.Agent);
        var disabled = await server.CreateUserAsync(Roles.Agent);
        await using (var scope = server.Services.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<UserDirectory>().SetDisabledAsync(disabled.Id, disabled: true);
        using var client = server.AnonymousClient();

        // An email with no account costs one password check, as a wrong password for a real one does.
        var before = _hasher.Checks;
        await AssertRefusedAsync(client, "nobody-at-all@test.example", "Wrong-pass-1");
        Assert.Equal(before + 1, _hasher.Checks);
        await AssertRefusedAsync(client, user.Email, "Wrong-pass-1");
        Assert.Equal(before + 2, _hasher.Checks);
        await AssertRefusedAsync(client, disabled.Email, disabled.Password);
        Assert.Equal(before + 3, _hasher.Checks);

        // Past the free failures the right password is refused in the same words, and no word says "locked".
        for (var i = 0; i < 4; i++) await AssertRefusedAsync(client, user.Email, "Wrong-pass-1");
        var throttled = await AssertRefusedAsync(client, user.Email, user.Password);
        Assert.DoesNotContain("locked", throttled, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task After_five_failures_each_attempt_waits_longer_and_the_right_password_works_once_the_wait_is_over()
    {
        await using var server = Server();
        var admin = await server.CreateUserAsync(Roles.Admin);
        using var client = server.AnonymousClient();
        for (var i = 0; i < 5; i++) await AssertRefusedAsync(client, admin.Email, "Wrong-pass-1");

        await AssertRefusedAsync(client, admin.Email, admin.Password);
        _clock.Advance(TimeSpan.FromSeconds(1));
        // The sixth failure doubles the wait.
        await AssertRefusedAsync(client, admin.Email, "Wrong-pass-1");
        _clock.Advance(TimeSpan.FromSeconds(1));
        await AssertRefusedAsync(client, admin.Email, admin.Password);
        _clock.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal(HttpStatusCode.Redirect, (await AppServer.PostLoginAsync(client, admin.Email, admin.Password)).StatusCode);
    }

    [Fact]
    public async Task Twenty_guesses_sent_at_once_get_only_the_five_free_password_checks()
    {
        await using var server = Server();
        var user = await server.CreateUserAsync(Roles.Agent);
        var clients = Enumerable.Range(0, 20).Select(_ => server.AnonymousClient()).ToList();
        var before = _hasher.Checks;

        await Task.WhenAll(clients.Select(c => AssertRefusedAsync(c, user.Email, $"Guess-{Guid.NewGuid():N}")));

        Assert.Equal(before + 5, _hasher.Checks);
        clients.ForEach(c => c.Dispose());
    }

    [Fact]
    public async Task A_stranger_guessing_elsewhere_never_delays_the_real_user_where_they_signed_in_before()
    {
        await using var server = Server(new() { ["ForwardedHeaders:KnownProxies:0"] = "127.0.0.1" });
        var admin = await server.CreateUserAsync(Roles.Admin);
        using (var office = From(server, "198.51.100.7"))
            Assert.Equal(HttpStatusCode.Redirect, (await AppServer.PostLoginAsync(office, admin.Email, admin.Password)).StatusCode);

        using var stranger = From(server, "203.0.113.66");
        for (var i = 0; i < 5; i++) await AssertRefusedAsync(stranger, admin.Email, "Wrong-pass-1");

        // The account waits for everyone else, even with the right password...
        using var elsewhere = From(server, "192.0.2.10");
        await AssertRefusedAsync(elsewhere, admin.Email, admin.Password);
        // ...but the Admin at the office signs in at once.
        using var again = From(server, "198.51.100.7");
        Assert.Equal(HttpStatusCode.Redirect, (await AppServer.PostLoginAsync(again, admin.Email, admin.Password)).StatusCode);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_client_names_its_own_address_in_X_Forwarded_For_only_through_a_configured_proxy(bool loopbackIsAProxy)
    {
        var settings = new Dictionary<string, string?> { ["SignInThrottle:AddressFreeFailures"] = "3" };
        if (loopbackIsAProxy) settings["ForwardedHeaders:KnownNetworks:0"] = "127.0.0.0/8";
        await using var server = Server(settings);
        var user = await server.CreateUserAsync(Roles.Agent);

        // Three failures from one address for three accounts, each claiming another address.
        for (var i = 1; i <= 3; i++)
        {
            using var sprayer = From(server, $"203.0.113.{i}");
            await AssertRefusedAsync(sprayer, $"guess{i}@test.example", "Wrong-pass-1");
        }

        using var client = From(server, "192.0.2.44");
        var response = await AppServer.PostLoginAsync(client, user.Email, user.Password);
        // Believed, the addresses were four; not believed, they were one, now made to wait.
        Assert.Equal(loopbackIsAProxy ? HttpStatusCode.Redirect : HttpStatusCode.OK, response.StatusCode);
    }

    private AppServer Server(Dictionary<string, string?>? settings = null) => new(settings, services =>
    {
        services.AddSingleton<TimeProvider>(_clock);
        services.AddSingleton<IPasswordHasher<AppUser>>(_hasher);
    });

    private static HttpClient From(AppServer server, string address)
    {
        var client = server.AnonymousClient();
        client.DefaultRequestHeaders.Add("X-Forwarded-For", address);
        return client;
    }

    private static async Task<string> AssertRefusedAsync(HttpClient client, string email, string password)
    {
        var response = await AppServer.PostLoginAsync(client, email, password);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains(SignInAttempts.FailedMessage, html);
        return html;
    }

    // Identity's own hasher, counting the password checks.
    private sealed class CountingHasher : IPasswordHasher<AppUser>
    {
        private readonly PasswordHasher<AppUser> _inner = new();
        private int _checks;

        public int Checks => Volatile.Read(ref _checks);

        public string HashPassword(AppUser user, string password) => _inner.HashPassword(user, password);

        public PasswordVerificationResult VerifyHashedPassword(AppUser user, string hashedPassword, string providedPassword)
        {
            Interlocked.Increment(ref _checks);
            return _inner.VerifyHashedPassword(user, hashedPassword, providedPassword);
        }
    }
}

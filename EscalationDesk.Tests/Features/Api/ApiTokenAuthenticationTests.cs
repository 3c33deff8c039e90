using System.Net;
using System.Text.Json;
using EscalationDesk.Data;
using EscalationDesk.Features.Api;
using EscalationDesk.Features.Users;
using EscalationDesk.Tests.EndToEnd;
using EscalationDesk.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;

namespace EscalationDesk.Tests.Features.Api;

// One app for the class, on a clock the tests move (expiry, last used). Each test makes its own users and tokens.
public sealed class ApiTokenServerFixture : IAsyncLifetime
{
    public FakeTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow);
    public AppServer Server { get; }

    public ApiTokenServerFixture() =>
        Server = new AppServer(services: s => s.Replace(ServiceDescriptor.Singleton<TimeProvider>(Clock)));

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await Server.DisposeAsync();
}

// Personal access tokens over real HTTP against the app on a loopback port, on SQLite and on PostgreSQL.
public sealed class ApiTokenAuthenticationTests(ApiTokenServerFixture fixture) : IClassFixture<ApiTokenServerFixture>
{
    private AppServer Server => fixture.Server;

    [Fact]
    public async Task A_valid_token_acts_as_its_user_with_its_roles_and_scopes()
    {
        var lead = await Server.CreateUserAsync(Roles.Lead);
        using var client = await ApiTokens.ClientAsync(Server, lead, ApiAuth.ReadScope);

        using var response = await client.GetAsync("/api/v1/me");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var me = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(lead.Id, me.RootElement.GetProperty("id").GetString());
        Assert.Equal(lead.Name, me.RootElement.GetProperty("name").GetString());
        Assert.Equal(lead.Email, me.RootElement.GetProperty("email").GetString());
        Assert.Equal(["Lead"], me.RootElement.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
        Assert.Equal(["read"], me.RootElement.GetProperty("scopes").EnumerateArray().Select(r => r.GetString()));
    }

    [Fact]
    public async Task No_token_a_malformed_one_a_wrong_secret_an_expired_and_a_revoked_token_answer_401_problem_details()
    {
        var agent = await Server.CreateUserAsync(Roles.Agent);
        var good = await ApiTokens.CreateAsync(Server.Services, agent.Email, ApiAuth.ReadScope);
        var wrongSecret = good[..^4] + (good.EndsWith("AAAA", StringComparison.Ordinal) ? "BBBB" : "AAAA");
        var expired = await ApiTokens.CreateAsync(Server.Services, agent.Email, days: 30, ApiAuth.ReadScope);
        var revoked = await ApiTokens.CreateAsync(Server.Services, agent.Email, ApiAuth.ReadScope);
        await using (var db = await DbAsync())
        {
            var expiredLookup = expired.Substring(ApiAuth.TokenPrefix.Length, PersonalAccessToken.LookupIdLength);
            await db.PersonalAccessTokens.Where(t => t.LookupId == expiredLookup)
                .ExecuteUpdateAsync(s => s.SetProperty(t => t.ExpiresAt, fixture.Clock.GetUtcNow().UtcDateTime.AddSeconds(-1)));
        }
        await using (var scope = await Server.ScopeAsAsync(agent))
        {
            var tokens = scope.ServiceProvider.GetRequiredService<TokenService>();
            var name = await NameOfAsync(revoked);
            Assert.True(await tokens.RevokeMineAsync((await tokens.ListMineAsync()).Single(t => t.Name == name).Id));
        }

        await AssertUnauthorizedAsync(null, "needs a personal access token");
        await AssertUnauthorizedAsync("Basic " + Convert.ToBase64String("a:b"u8), "needs a personal access token");
        await AssertUnauthorizedAsync("Bearer edk_notatoken", "not valid");
        await AssertUnauthorizedAsync("Bearer " + good.Replace("edk_", "ghp_"), "not valid");
        await AssertUnauthorizedAsync("Bearer " + wrongSecret, "not valid");
        await AssertUnauthorizedAsync("Bearer " + expired, "expired");
        await AssertUnauthorizedAsync("Bearer " + revoked, "revoked");
        // The good one still works: nothing above was a side effect on it.
        using var client = Server.AnonymousClient().WithToken(good);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/me")).StatusCode);
    }

    [Fact]
    public async Task A_missing_scope_answers_403_problem_details_and_the_right_scope_is_let_in()
    {
        var agent = await Server.CreateUserAsync(Roles.Agent);
        using var reader = await ApiTokens.ClientAsync(Server, agent, ApiAuth.ReadScope);
        using var writer = await ApiTokens.ClientAsync(Server, agent, ApiAuth.WriteScope);

        using var refused = await reader.DeleteAsync("/api/v1/me/token");
        await AssertProblemAsync(refused, HttpStatusCode.Forbidden, "\"write\" scope");
        Assert.Contains("insufficient_scope", refused.Headers.WwwAuthenticate.ToString());
        await AssertProblemAsync(await writer.GetAsync("/api/v1/me"), HttpStatusCode.Forbidden, "\"read\" scope");
        // The read token was not revoked by its refused DELETE; the write token revokes itself.
        Assert.Equal(HttpStatusCode.OK, (await reader.GetAsync("/api/v1/me")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await writer.DeleteAsync("/api/v1/me/token")).StatusCode);
        await AssertProblemAsync(await writer.DeleteAsync("/api/v1/me/token"), HttpStatusCode.Unauthorized, "revoked");
        Assert.Equal(HttpStatusCode.OK, (await reader.GetAsync("/api/v1/me")).StatusCode);
    }

    [Fact]
    public async Task Disabling_the_user_stops_their_tokens_at_the_next_request_and_a_new_role_applies_at_once()
    {
        var agent = await Server.CreateUserAsync(Roles.Agent);
        using var client = await ApiTokens.ClientAsync(Server, agent, ApiAuth.ReadScope);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/me")).StatusCode);
        await using var scope = Server.Services.CreateAsyncScope();
        var directory = scope.ServiceProvider.GetRequiredService<UserDirectory>();

        await directory.SetRoleAsync(agent.Id, Roles.Lead);
        Assert.Contains("\"Lead\"", await client.GetStringAsync("/api/v1/me"));

        await directory.SetDisabledAsync(agent.Id, disabled: true);
        await AssertProblemAsync(await client.GetAsync("/api/v1/me"), HttpStatusCode.Unauthorized, "disabled");

        await directory.SetDisabledAsync(agent.Id, disabled: false);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/me")).StatusCode);
    }

    [Fact]
    public async Task The_sign_in_cookie_is_not_accepted_by_the_API_and_unknown_API_paths_answer_problem_details()
    {
        var agent = await Server.CreateUserAsync(Roles.Agent);
        using var browser = await Server.SignedInClientAsync(agent);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/queue")).StatusCode);

        using var me = await browser.GetAsync("/api/v1/me");
        await AssertProblemAsync(me, HttpStatusCode.Unauthorized, "needs a personal access token");
        Assert.StartsWith("Bearer", me.Headers.WwwAuthenticate.ToString());
        // Not the page's way (a redirect to sign in), not the HTML not-found page: problem details, on any /api/v1 path.
        await AssertProblemAsync(await browser.GetAsync("/api/v1/no-such-thing"), HttpStatusCode.Unauthorized, "needs a personal access token");
        await AssertProblemAsync(await browser.PostAsync("/api/v1/me/token", null), HttpStatusCode.Unauthorized, null);

        using var client = await ApiTokens.ClientAsync(Server, agent, ApiAuth.ReadScope);
        await AssertProblemAsync(await client.GetAsync("/api/v1/no-such-thing"), HttpStatusCode.NotFound, null);
    }

    [Fact]
    public async Task A_token_sent_to_a_page_or_a_download_is_ignored()
    {
        var agent = await Server.CreateUserAsync(Roles.Agent);
        using var client = await ApiTokens.ClientAsync(Server, agent, ApiAuth.ReadScope, ApiAuth.WriteScope);

        using var page = await client.GetAsync("/dashboard");
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.Contains("/account/login", page.Headers.Location!.ToString());
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/queue.csv")).StatusCode);
    }

    [Fact]
    public async Task Only_a_hash_of_the_secret_is_stored_and_the_token_is_recognisable()
    {
        var agent = await Server.CreateUserAsync(Roles.Agent);
        var token = await ApiTokens.CreateAsync(Server.Services, agent.Email, ApiAuth.ReadScope);

        Assert.Matches("^edk_[0-9A-Za-z]{55}$", token);
        Assert.True(TokenService.TrySplit(token, out var lookupId, out var secret));
        await using var db = await DbAsync();
        var row = await db.PersonalAccessTokens.AsNoTracking().SingleAsync(t => t.UserId == agent.Id);
        Assert.Equal(lookupId, row.LookupId);
        Assert.Equal(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(secret)), row.SecretHash);
        var stored = string.Join("|", row.Name, row.LookupId, row.Scopes, Convert.ToBase64String(row.SecretHash), Convert.ToHexString(row.SecretHash));
        Assert.DoesNotContain(secret, stored);
        Assert.DoesNotContain(secret[..16], stored, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Last_used_is_recorded_at_most_once_a_minute()
    {
        var agent = await Server.CreateUserAsync(Roles.Agent);
        using var client = await ApiTokens.ClientAsync(Server, agent, ApiAuth.ReadScope);
        Assert.Null(await LastUsedAsync(agent));

        var first = fixture.Clock.GetUtcNow().UtcDateTime;
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/me")).StatusCode);
        AssertClose(first, await LastUsedAsync(agent));

        fixture.Clock.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/me")).StatusCode);
        AssertClose(first, await LastUsedAsync(agent));

        fixture.Clock.Advance(TimeSpan.FromSeconds(31));
        var later = fixture.Clock.GetUtcNow().UtcDateTime;
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/me")).StatusCode);
        AssertClose(later, await LastUsedAsync(agent));
    }

    private static void AssertClose(DateTime expected, DateTime? actual)
    {
        Assert.NotNull(actual);
        // PostgreSQL keeps microseconds, the clock ticks.
        Assert.InRange((actual!.Value - expected).Duration(), TimeSpan.Zero, TimeSpan.FromMilliseconds(1));
    }

    private async Task<DateTime?> LastUsedAsync(TestUser user)
    {
        await using var db = await DbAsync();
        return await db.PersonalAccessTokens.Where(t => t.UserId == user.Id).Select(t => t.LastUsedAt).SingleAsync();
    }

    private async Task<string> NameOfAsync(string token)
    {
        TokenService.TrySplit(token, out var lookupId, out _);
        await using var db = await DbAsync();
        return await db.PersonalAccessTokens.Where(t => t.LookupId == lookupId).Select(t => t.Name).SingleAsync();
    }

    private Task<EscalationDeskDbContext> DbAsync() =>
        Server.Services.GetRequiredService<IDbContextFactory<EscalationDeskDbContext>>().CreateDbContextAsync();

    private async Task AssertUnauthorizedAsync(string? authorization, string detail)
    {
        using var client = Server.AnonymousClient();
        if (authorization is not null) client.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", authorization);
        using var response = await client.GetAsync("/api/v1/me");
        await AssertProblemAsync(response, HttpStatusCode.Unauthorized, detail);
        Assert.StartsWith("Bearer", response.Headers.WwwAuthenticate.ToString());
    }

    internal static async Task AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string? detail)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal((int)status, problem.RootElement.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrEmpty(problem.RootElement.GetProperty("title").GetString()));
        if (detail is not null) Assert.Contains(detail, problem.RootElement.GetProperty("detail").GetString());
        response.Dispose();
    }
}

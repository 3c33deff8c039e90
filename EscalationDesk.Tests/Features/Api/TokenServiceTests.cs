using System.Net;
using EscalationDesk.Features.Api;
using EscalationDesk.Features.Users;
using EscalationDesk.Tests.EndToEnd;
using EscalationDesk.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace EscalationDesk.Tests.Features.Api;

// The page's and the command's rules for tokens, through the service as the signed-in user, checked over the API.
public sealed class TokenServiceTests(ApiTokenServerFixture fixture) : IClassFixture<ApiTokenServerFixture>
{
    private AppServer Server => fixture.Server;

    [Fact]
    public async Task Names_are_required_limited_and_unique_among_a_users_active_tokens_and_expiry_is_bounded()
    {
        var agent = await Server.CreateUserAsync(Roles.Agent);
        await using var scope = await Server.ScopeAsAsync(agent);
        var tokens = scope.ServiceProvider.GetRequiredService<TokenService>();

        Assert.Equal("Name is required.", Error(await tokens.CreateMineAsync("  ", [ApiAuth.ReadScope], null), "Name"));
        Assert.Equal("Name must be at most 100 characters.", Error(await tokens.CreateMineAsync(new string('n', 101), [ApiAuth.ReadScope], null), "Name"));
        Assert.NotNull((await tokens.CreateMineAsync(new string('n', 100), [ApiAuth.ReadScope], null)).Token);
        Assert.Contains("1 to 3650 days", Error(await tokens.CreateMineAsync("x", [ApiAuth.ReadScope], 0), "Days"));
        Assert.Contains("1 to 3650 days", Error(await tokens.CreateMineAsync("x", [ApiAuth.ReadScope], 3651), "Days"));

        Assert.NotNull((await tokens.CreateMineAsync("ci", [ApiAuth.ReadScope], 30)).Token);
        Assert.Contains("already have a token named \"ci\"", Error(await tokens.CreateMineAsync(" ci ", [ApiAuth.WriteScope], null), "Name"));
        // Another user may use the same name; a revoked token frees it.
        var other = await Server.CreateUserAsync(Roles.Agent);
        await using (var otherScope = await Server.ScopeAsAsync(other))
            Assert.NotNull((await otherScope.ServiceProvider.GetRequiredService<TokenService>().CreateMineAsync("ci", [ApiAuth.ReadScope], null)).Token);
        Assert.True(await tokens.RevokeMineAsync((await tokens.ListMineAsync()).Single(t => t.Name == "ci").Id));
        Assert.NotNull((await tokens.CreateMineAsync("ci", [ApiAuth.ReadScope], null)).Token);
        var list = await tokens.ListMineAsync();
        Assert.Equal(2, list.Count(t => t.Name == "ci"));
        // Active tokens first, newest first; the revoked one last.
        Assert.Null(list[0].RevokedAt);
        Assert.NotNull(list[^1].RevokedAt);
    }

    [Fact]
    public async Task A_user_cannot_list_or_revoke_another_users_token()
    {
        var owner = await Server.CreateUserAsync(Roles.Agent);
        var admin = await Server.CreateUserAsync(Roles.Admin);
        var token = await ApiTokens.CreateAsync(Server.Services, owner.Email, ApiAuth.ReadScope);
        int id;
        await using (var scope = await Server.ScopeAsAsync(owner))
            id = (await scope.ServiceProvider.GetRequiredService<TokenService>().ListMineAsync()).Single().Id;

        await using (var scope = await Server.ScopeAsAsync(admin))
        {
            var tokens = scope.ServiceProvider.GetRequiredService<TokenService>();
            Assert.Empty(await tokens.ListMineAsync());
            Assert.False(await tokens.RevokeMineAsync(id));
        }
        using var client = Server.AnonymousClient().WithToken(token);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/me")).StatusCode);
    }

    [Fact]
    public async Task Nobody_signed_in_has_no_tokens()
    {
        await using var scope = Server.Services.CreateAsyncScope();
        var tokens = scope.ServiceProvider.GetRequiredService<TokenService>();
        await Assert.ThrowsAsync<NotAllowedException>(() => tokens.ListMineAsync());
        await Assert.ThrowsAsync<NotAllowedException>(() => tokens.CreateMineAsync("x", [ApiAuth.ReadScope], null));
    }

    private static string? Error(TokenCreated created, string field)
    {
        Assert.Null(created.Token);
        return created.Errors.SingleOrDefault(e => e.Field == field)?.Message;
    }
}

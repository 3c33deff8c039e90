using System.Net;
using EscalationDesk.Features.Api;
using EscalationDesk.Features.Users;
using EscalationDesk.Tests.EndToEnd;
using EscalationDesk.Tests.Infrastructure;

namespace EscalationDesk.Tests.Features.Api;

// The API's limit is per token user (RateLimits:Api), made small here, over real HTTP.
public sealed class ApiRateLimitTests
{
    [Fact]
    public async Task A_users_tokens_share_one_limit_answered_with_429_Retry_After_and_other_users_are_not_affected()
    {
        await using var server = new AppServer(new Dictionary<string, string?> { ["RateLimits:Api:PermitLimit"] = "3" });
        var agent = await server.CreateUserAsync(Roles.Agent);
        var other = await server.CreateUserAsync(Roles.Agent);
        using var first = await ApiTokens.ClientAsync(server, agent, ApiAuth.ReadScope);
        using var second = await ApiTokens.ClientAsync(server, agent, ApiAuth.ReadScope);
        using var others = await ApiTokens.ClientAsync(server, other, ApiAuth.ReadScope);

        Assert.Equal(HttpStatusCode.OK, (await first.GetAsync("/api/v1/me")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await second.GetAsync("/api/v1/me")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await first.GetAsync("/api/v1/me")).StatusCode);

        using var refused = await second.GetAsync("/api/v1/me");
        Assert.InRange(refused.Headers.RetryAfter?.Delta?.TotalSeconds ?? 0, 1, 60);
        await ApiTokenAuthenticationTests.AssertProblemAsync(refused, HttpStatusCode.TooManyRequests, "Too many API requests");
        Assert.Equal(HttpStatusCode.OK, (await others.GetAsync("/api/v1/me")).StatusCode);
    }
}

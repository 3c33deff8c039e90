using System.Security.Claims;
using EscalationDesk.Features.Security;
using EscalationDesk.Features.Users;

namespace EscalationDesk.Features.Api;

public sealed record MeResource(string Id, string Name, string? Email, IReadOnlyList<string> Roles, IReadOnlyList<string> Scopes);

public static class TokenEndpoints
{
    // The /api/v1 group every API endpoint goes in: a token's user (any scope; each endpoint adds ApiAuth.ReadPolicy or
    // ApiAuth.WritePolicy) and the per-user API rate limit. An endpoint without its own policy still needs a token.
    public static RouteGroupBuilder MapApiGroup(this IEndpointRouteBuilder app) =>
        app.MapGroup(TokenAuthentication.PathPrefix).RequireAuthorization(TokenAuthentication.AnyScope).RequireRateLimiting(RateLimits.Api);

    public static IEndpointRouteBuilder MapTokenEndpoints(this IEndpointRouteBuilder app)
    {
        var api = app.MapApiGroup();
        // Who the token acts as: curl -H "Authorization: Bearer $TOKEN" http://localhost:5000/api/v1/me
        api.MapGet("/me", (ClaimsPrincipal principal, ICurrentUser user) => TypedResults.Json(new MeResource(user.Id, user.Name,
                principal.FindFirstValue(ClaimTypes.Email), principal.FindAll(ClaimTypes.Role).Select(c => c.Value).ToList(),
                principal.FindAll(ApiAuth.ScopeClaim).Select(c => c.Value).ToList()), ApiJson.Options))
            .RequireAuthorization(ApiAuth.ReadPolicy).WithName("GetMe");
        // Revokes the token that makes this request (a script signing itself out); needs the write scope.
        api.MapDelete("/me/token", async (ClaimsPrincipal principal, TokenService tokens, CancellationToken ct) =>
            {
                await tokens.RevokeAsync(principal, ct);
                return TypedResults.NoContent();
            })
            .RequireAuthorization(ApiAuth.WritePolicy).WithName("RevokeCurrentToken");
        return app;
    }
}

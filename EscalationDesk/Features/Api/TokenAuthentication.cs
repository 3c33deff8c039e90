using System.Security.Claims;
using System.Text.Encodings.Web;
using EscalationDesk.Features.Users;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace EscalationDesk.Features.Api;

// The API's authentication: Authorization: Bearer edk_… on /api/v1 and nothing else. On /api/v1 the sign-in cookie's scheme
// forwards to this one, so neither the fallback policy nor a plain RequireAuthorization() can let the cookie in (the API has
// no CSRF surface); elsewhere a token is never looked at, so a page with a token is a page without a signed-in user.
public static class TokenAuthentication
{
    public const string PathPrefix = "/api/v1";
    // The id of the token a request came with (not secret): DELETE /api/v1/me/token revokes it.
    public const string TokenIdClaim = "escalationdesk:token";

    public static bool IsApi(HttpContext context) => context.Request.Path.StartsWithSegments(PathPrefix);

    public static IServiceCollection AddApiTokens(this IServiceCollection services)
    {
        services.AddScoped<TokenService>();
        services.AddAuthentication().AddScheme<AuthenticationSchemeOptions, ApiTokenHandler>(ApiAuth.Scheme, null);
        services.Configure<CookieAuthenticationOptions>(IdentityConstants.ApplicationScheme,
            o => o.ForwardDefaultSelector = context => IsApi(context) ? ApiAuth.Scheme : null);
        services.AddAuthorizationBuilder()
            .AddPolicy(ApiAuth.ReadPolicy, p => p.AddAuthenticationSchemes(ApiAuth.Scheme).RequireAuthenticatedUser().RequireClaim(ApiAuth.ScopeClaim, ApiAuth.ReadScope))
            .AddPolicy(ApiAuth.WritePolicy, p => p.AddAuthenticationSchemes(ApiAuth.Scheme).RequireAuthenticatedUser().RequireClaim(ApiAuth.ScopeClaim, ApiAuth.WriteScope));
        return services;
    }

    // A token's user, whatever scope: what every /api/v1 endpoint needs on top of its read or write policy.
    public static readonly AuthorizationPolicy AnyScope = new AuthorizationPolicyBuilder(ApiAuth.Scheme).RequireAuthenticatedUser().Build();

    // On /api/v1: no status-code page (an empty 404 from NotAllowedException or Results.NotFound() becomes problem details
    // instead of the HTML not-found page) and no HTML error page for an exception. Goes right after UseStatusCodePages.
    public static IApplicationBuilder UseApiProblems(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        if (!IsApi(context))
        {
            await next(context);
            return;
        }
        context.Features.Get<IStatusCodePagesFeature>()?.Enabled = false;
        try
        {
            await next(context);
        }
        catch (Exception ex) when (!context.Response.HasStarted && ex is not OperationCanceledException)
        {
            context.RequestServices.GetRequiredService<ILogger<ApiTokenHandler>>().LogError(ex, "API request {Method} {Path} failed", context.Request.Method, context.Request.Path);
            context.Response.Clear();
            context.Response.StatusCode = StatusCodes.Status500InternalServerError;
        }
        var response = context.Response;
        if (response.StatusCode >= 400 && !response.HasStarted && response.ContentLength is null && string.IsNullOrEmpty(response.ContentType))
            await WriteProblemAsync(context, response.StatusCode, null);
    });

    public static Task WriteProblemAsync(HttpContext context, int status, string? detail)
    {
        context.Response.StatusCode = status;
        var problem = new ProblemDetails
        {
            Status = status,
            Title = ReasonPhrases(status),
            Detail = detail,
            Type = $"https://www.rfc-editor.org/rfc/rfc9110#status.{status}",
            Instance = context.Request.Path,
        };
        return context.Response.WriteAsJsonAsync(problem, options: null, contentType: "application/problem+json");
    }

    private static string ReasonPhrases(int status) => Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(status) is { Length: > 0 } phrase ? phrase : "Error";

    public static ClaimsPrincipal Principal(TokenUser user)
    {
        // The sign-in cookie's claims (AppUserClaimsFactory), so ICurrentUser and every service see the token's user.
        var identity = new ClaimsIdentity(ApiAuth.Scheme, ClaimTypes.Name, ClaimTypes.Role);
        identity.AddClaim(new Claim(ClaimTypes.NameIdentifier, user.UserId));
        identity.AddClaim(new Claim(ClaimTypes.Name, user.UserName));
        if (user.Email is { } email) identity.AddClaim(new Claim(ClaimTypes.Email, email));
        identity.AddClaim(new Claim(AppClaims.DisplayName, user.DisplayName));
        foreach (var role in user.Roles) identity.AddClaim(new Claim(ClaimTypes.Role, role));
        identity.AddClaim(new Claim(TokenIdClaim, user.TokenId.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        foreach (var scope in user.Scopes) identity.AddClaim(new Claim(ApiAuth.ScopeClaim, scope));
        return new ClaimsPrincipal(identity);
    }
}

// RFC 6750 bearer tokens; refusals are RFC 9457 problem details with WWW-Authenticate (401) or insufficient_scope (403).
public sealed class ApiTokenHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, TokenService tokens)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)) return AuthenticateResult.NoResult();
        var (user, refusal) = await tokens.VerifyAsync(header["Bearer ".Length..].Trim(), Context.RequestAborted);
        if (user is null) return AuthenticateResult.Fail(refusal ?? "The token is not valid.");
        return AuthenticateResult.Success(new AuthenticationTicket(TokenAuthentication.Principal(user), ApiAuth.Scheme));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var result = await HandleAuthenticateOnceSafeAsync();
        var detail = result.Failure?.Message ?? "This request needs a personal access token: Authorization: Bearer edk_…";
        Context.Features.Get<IStatusCodePagesFeature>()?.Enabled = false;
        Response.Headers.WWWAuthenticate = result.Failure is null
            ? "Bearer realm=\"EscalationDesk\""
            : $"Bearer realm=\"EscalationDesk\", error=\"invalid_token\", error_description=\"{detail}\"";
        await TokenAuthentication.WriteProblemAsync(Context, StatusCodes.Status401Unauthorized, detail);
    }

    protected override async Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        var policies = Context.GetEndpoint()?.Metadata.GetOrderedMetadata<IAuthorizeData>().Select(a => a.Policy) ?? [];
        var scope = policies.Contains(ApiAuth.WritePolicy) ? ApiAuth.WriteScope : policies.Contains(ApiAuth.ReadPolicy) ? ApiAuth.ReadScope : null;
        Context.Features.Get<IStatusCodePagesFeature>()?.Enabled = false;
        Response.Headers.WWWAuthenticate = scope is null
            ? "Bearer realm=\"EscalationDesk\", error=\"insufficient_scope\""
            : $"Bearer realm=\"EscalationDesk\", error=\"insufficient_scope\", scope=\"{scope}\"";
        await TokenAuthentication.WriteProblemAsync(Context, StatusCodes.Status403Forbidden,
            scope is null ? "The token may not do this." : $"The token does not have the \"{scope}\" scope this request needs.");
    }
}

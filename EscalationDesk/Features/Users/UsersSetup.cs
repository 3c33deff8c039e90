using EscalationDesk.Data;
using EscalationDesk.Features.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Endpoints;
using Microsoft.AspNetCore.Components.Server.Circuits;
using Microsoft.AspNetCore.Identity;

namespace EscalationDesk.Features.Users;

public static class UsersSetup
{
    // ASP.NET Core Identity on our database, cookie sign-in, and a fallback policy: every page and endpoint needs a
    // signed-in user unless it says [AllowAnonymous] (sign-in, first-run setup, static files).
    public static IServiceCollection AddEscalationDeskUsers(this IServiceCollection services, IHostEnvironment environment, IConfiguration configuration)
    {
        services.AddHttpContextAccessor();
        services.AddCascadingAuthenticationState();
        services.AddSingleton<UserChanges>();
        services.AddScoped<AuthenticationStateProvider, RevalidatingAuthenticationStateProvider>();
        services.AddScoped<CircuitHandler, CurrentUserCircuitHandler>();
        services.AddAuthentication(o =>
        {
            o.DefaultScheme = IdentityConstants.ApplicationScheme;
            o.DefaultSignInScheme = IdentityConstants.ExternalScheme;
        }).AddIdentityCookies();
        // Password rules are Identity's defaults. Its lockout is not used: failed sign-ins are throttled (SignInThrottle).
        services.AddIdentityCore<AppUser>(o =>
            {
                o.User.RequireUniqueEmail = true;
                o.Lockout.AllowedForNewUsers = false;
            })
            .AddRoles<IdentityRole>()
            .AddEntityFrameworkStores<EscalationDeskDbContext>()
            .AddSignInManager<AppSignInManager>()
            .AddClaimsPrincipalFactory<AppUserClaimsFactory>()
            .AddDefaultTokenProviders();
        // The cookie is checked against the user on every request (not every 30 minutes): a disabled user or
        // a session signed out elsewhere stops at its next request, and a new role applies at once.
        services.Configure<SecurityStampValidatorOptions>(o => o.ValidationInterval = TimeSpan.Zero);
        services.ConfigureApplicationCookie(o =>
        {
            o.LoginPath = "/account/login";
            o.LogoutPath = "/account/logout";
            o.Cookie.Name = "EscalationDesk.Auth";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Lax;
            o.Cookie.SecurePolicy = SecurityHeaders.CookieSecurity(environment, configuration);
            o.Events.OnRedirectToLogin = context =>
            {
                // Pages send the browser to sign in; endpoints (downloads, CSV, logout, the circuit's hub) answer 401.
                if (IsPage(context.HttpContext))
                {
                    context.Response.Redirect(context.RedirectUri);
                    return Task.CompletedTask;
                }
                // A bare 401: the not-found page must not be rendered in its place (a POST cannot re-execute into a page).
                context.HttpContext.Features.Get<Microsoft.AspNetCore.Diagnostics.IStatusCodePagesFeature>()?.Enabled = false;
                context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                return Task.CompletedTask;
            };
            // A page or file the role may not have is reported as missing, like an object one may not see.
            o.Events.OnRedirectToAccessDenied = context =>
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return Task.CompletedTask;
            };
        });
        services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build())
            .AddPolicy(Roles.LeadPolicy, p => p.RequireRole(Roles.Lead, Roles.Admin))
            .AddPolicy(Roles.AdminPolicy, p => p.RequireRole(Roles.Admin));
        services.Configure<SignInThrottleOptions>(configuration.GetSection("SignInThrottle"));
        services.AddSingleton<SignInThrottle>();
        services.AddSingleton<UnknownAccountPassword>();
        services.AddScoped<SignInAttempts>();
        services.AddScoped<UserDirectory>();
        services.AddScoped<AdminUsersService>();
        services.AddScoped<DarkModePreference>();
        return services;
    }

    // A page, or an address that matches nothing (it may be a page the user reaches after signing in).
    private static bool IsPage(HttpContext context) => context.GetEndpoint() is not { } endpoint || endpoint.Metadata.GetMetadata<ComponentTypeMetadata>() is not null;
}

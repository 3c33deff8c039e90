using System.Security.Cryptography;
using Microsoft.AspNetCore.Components.Server;
using Microsoft.AspNetCore.CookiePolicy;

namespace EscalationDesk.Features.Security;

// Response headers, cookie flags, HSTS and the Blazor circuit limits, in one place.
// OWASP's header guidance: https://cheatsheetseries.owasp.org/cheatsheets/HTTP_Headers_Cheat_Sheet.html
public static class SecurityHeaders
{
    private const string NonceKey = "csp-nonce";

    // The one inline script is Blazor's import map (<ImportMap> in App.razor), allowed by a per-response nonce.
    public static string ContentSecurityPolicy(string nonce) => string.Join("; ",
        "default-src 'self'",
        $"script-src 'self' 'nonce-{nonce}'",
        // MudBlazor writes inline style attributes (positions of popovers, sizes) and MudThemeProvider
        // renders a <style> element of CSS variables: neither works without 'unsafe-inline' for styles.
        // Scripts stay strict: Blazor Server needs no 'unsafe-eval' and no inline script but the import map.
        "style-src 'self' 'unsafe-inline'",
        // MudBlazor's stylesheet embeds a few small PNGs as data: URLs.
        "img-src 'self' data:",
        "font-src 'self'",
        // The circuit's SignalR WebSocket is same-origin; CSP3 lets 'self' match ws:/wss: of the page's host.
        "connect-src 'self'",
        "object-src 'none'",
        "frame-ancestors 'none'",
        // Not 'none': Blazor resolves every relative URL against <base href="/"> in App.razor.
        "base-uri 'self'",
        "form-action 'self'");

    // Uploaded evidence is served back as a download; if a browser renders it anyway (an .html-looking
    // log opened from the downloads bar of some browsers), the sandbox gives it an opaque origin with no script.
    public const string UntrustedContentPolicy = "sandbox; default-src 'none'";

    public static string? Nonce(HttpContext? context) => context?.Items[NonceKey] as string;

    public static IServiceCollection AddSecurityHeaders(this IServiceCollection services, IHostEnvironment environment)
    {
        services.Configure<CookiePolicyOptions>(o =>
        {
            o.HttpOnly = HttpOnlyPolicy.Always;
            // Development runs on plain http://localhost; everywhere else cookies only travel over HTTPS.
            o.Secure = environment.IsDevelopment() ? CookieSecurePolicy.SameAsRequest : CookieSecurePolicy.Always;
            o.MinimumSameSitePolicy = SameSiteMode.Lax;
        });
        services.AddHsts(o => o.MaxAge = TimeSpan.FromDays(365));
        return services;
    }

    public static void ConfigureCircuits(CircuitOptions o, IHostEnvironment environment)
    {
        // Exception text and stack traces reach the browser only on a developer's machine.
        o.DetailedErrors = environment.IsDevelopment();
        // A dropped connection (laptop lid, VPN hiccup) keeps its circuit long enough to resume the wizard
        // where it was; everything typed is autosaved anyway, so a longer wait would only hold memory.
        o.DisconnectedCircuitRetentionPeriod = TimeSpan.FromMinutes(3);
        // A support team is tens of people with a few tabs each; beyond this the oldest disconnected
        // circuits are dropped first, which bounds memory if many clients vanish at once.
        o.DisconnectedCircuitMaxRetained = 200;
    }

    // Outermost, and on OnStarting, so error pages, 404s, 429s and static files get the headers too
    // (the exception handler clears headers set before it ran). Ours replaces the frame-ancestors 'self'
    // that Blazor's component endpoints set; only the evidence download's stricter sandbox stays.
    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var nonce = Convert.ToBase64String(RandomNumberGenerator.GetBytes(16));
        context.Items[NonceKey] = nonce;
        context.Response.OnStarting(() =>
        {
            var headers = context.Response.Headers;
            if (headers.ContentSecurityPolicy != UntrustedContentPolicy) headers.ContentSecurityPolicy = ContentSecurityPolicy(nonce);
            headers.XContentTypeOptions = "nosniff";
            headers["Referrer-Policy"] = "no-referrer";
            return Task.CompletedTask;
        });
        await next(context);
    });
}

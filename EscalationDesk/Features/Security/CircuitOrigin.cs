using Microsoft.AspNetCore.SignalR;

namespace EscalationDesk.Features.Security;

// The circuit (/_blazor: negotiate, WebSocket, long polling, disconnect) answers only pages of the app's own origin.
// SameSite=Lax keeps the cookie from cross-site pages, but another port or a sibling subdomain is the same site: without
// this check a page there could open a circuit as the signed-in user. CORS does not cover WebSockets, so it is done here,
// before the hub. OWASP: https://cheatsheetseries.owasp.org/cheatsheets/Cross-Site_Request_Forgery_Prevention_Cheat_Sheet.html
public static class CircuitOrigin
{
    public const string Section = "AllowedOrigins";
    public const string HubPath = "/_blazor";

    // Answered with 403 and a short text (so the status-code page is not rendered in its place).
    public static IApplicationBuilder UseCircuitOriginCheck(this IApplicationBuilder app)
    {
        var configured = Normalize(app.ApplicationServices.GetRequiredService<IConfiguration>().GetSection(Section).Get<string[]>() ?? []);
        return app.Use(async (context, next) =>
        {
            if (IsCircuit(context) && !IsAllowed(context.Request, configured))
            {
                context.Response.StatusCode = StatusCodes.Status403Forbidden;
                await context.Response.WriteAsync("This origin may not open the app's circuit.");
                return;
            }
            await next(context);
        });
    }

    // By the endpoint (any spelling the router accepts reaches the same hub), and by path for the circuit's other
    // endpoints (disconnect, initializers), which carry no hub metadata.
    private static bool IsCircuit(HttpContext context) =>
        context.GetEndpoint()?.Metadata.GetMetadata<HubMetadata>() is not null
        || context.Request.Path.StartsWithSegments(HubPath, StringComparison.OrdinalIgnoreCase);

    internal static bool IsAllowed(HttpRequest request, IReadOnlySet<string> configured)
    {
        var origin = request.Headers.Origin.ToString();
        if (origin.Length == 0)
        {
            // Browsers send Origin on every WebSocket handshake and on every POST (negotiate is one), so a request without
            // it is not a browser's: a script holding its own cookie gains nothing here. A browser that still left Origin
            // out says where the request came from in Sec-Fetch-Site; only the page's own origin (or the user typing the
            // address, "none") passes.
            var site = request.Headers["Sec-Fetch-Site"].ToString();
            return site.Length == 0 || site is "same-origin" or "none";
        }
        // "null" (sandboxed frames, some redirects) never matches.
        var allowed = configured.Count > 0 ? configured : new HashSet<string>(StringComparer.OrdinalIgnoreCase) { OwnOrigin(request) };
        return allowed.Contains(origin.TrimEnd('/'));
    }

    // The request's own scheme, host and port, as the browser writes an Origin ("http://127.0.0.1:5000"; no default port).
    // Behind a proxy this is right once the forwarded headers are honoured; else list the public origin in AllowedOrigins.
    private static string OwnOrigin(HttpRequest request) => $"{request.Scheme}://{request.Host.Value}";

    private static HashSet<string> Normalize(IEnumerable<string> origins) =>
        new(origins.Where(o => !string.IsNullOrWhiteSpace(o)).Select(o => o.Trim().TrimEnd('/')), StringComparer.OrdinalIgnoreCase);
}

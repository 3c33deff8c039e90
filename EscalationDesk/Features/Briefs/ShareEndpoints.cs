using System.Net;
using Microsoft.AspNetCore.Mvc;

namespace EscalationDesk.Features.Briefs;

// The page behind a share link: anonymous, one brief and its PDF, nothing else of the app (no navigation, no other data),
// not indexed, not cached, under the app's CSP and its own rate limit. Unknown, revoked and expired links are all 404.
public static class ShareEndpoints
{
    public static IEndpointRouteBuilder MapShareEndpoints(this IEndpointRouteBuilder app)
    {
        var share = app.MapGroup(ShareLinks.Prefix.TrimEnd('/')).AllowAnonymous().RequireRateLimiting(Security.RateLimits.Share).ExcludeFromDescription();
        share.MapGet("/{token}", async (string token, HttpContext http, CancellationToken ct) =>
        {
            NotIndexed(http);
            if (await ShareLinks.ViewAsync(http.RequestServices, token, http.Connection.RemoteIpAddress, pdf: false, ct) is not { } brief)
                return NotFound();
            return Results.Content(Page(brief, token), "text/html; charset=utf-8");
        });
        share.MapGet("/{token}/brief.pdf", async (string token, HttpContext http, BriefService briefs, CancellationToken ct) =>
        {
            NotIndexed(http);
            if (await ShareLinks.ViewAsync(http.RequestServices, token, http.Connection.RemoteIpAddress, pdf: true, ct) is not { } brief)
                return NotFound();
            try
            {
                return Results.File(await briefs.RenderPdfAsync(brief.Pdf, ct), "application/pdf", brief.FileName);
            }
            catch (PdfBusyException ex)
            {
                return BriefEndpoints.Busy(http, ex);
            }
        });
        return app;
    }

    private static void NotIndexed(HttpContext http)
    {
        http.Response.Headers["X-Robots-Tag"] = "noindex, nofollow";
        http.Response.Headers.CacheControl = "no-store";
    }

    private static IResult NotFound() => Results.Content(Document("Link not available",
        "<h1>This link is not available</h1><p>It may have expired or been revoked. Ask the person who shared it for a new one.</p>"),
        "text/html; charset=utf-8", statusCode: StatusCodes.Status404NotFound);

    private static string Page(SharedBrief brief, string token)
    {
        var what = WebUtility.HtmlEncode($"{brief.Audience.Text()} brief · {brief.Version}");
        var expires = WebUtility.HtmlEncode(brief.ExpiresAt.ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture));
        var pdf = WebUtility.HtmlEncode($"{ShareLinks.PathOf(token)}/brief.pdf");
        return Document(what,
            $"<p class=\"meta\">Shared {what}. Read only; this link stops working on {expires} UTC or when it is revoked.</p>" +
            $"<p><a href=\"{pdf}\" download>Download PDF</a></p>" +
            $"<article>{BriefHtml.Render(string.Concat(brief.Pages))}</article>");
    }

    private static string Document(string title, string body) =>
        $"""
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <meta name="robots" content="noindex, nofollow">
        <title>{WebUtility.HtmlEncode(title)} · EscalationDesk</title>
        <style>
        body {"{"} font-family: system-ui, sans-serif; line-height: 1.5; margin: 0 auto; max-width: 46rem; padding: 1.5rem; color: #1b1b1b; {"}"}
        .meta {"{"} color: #555; font-size: .9rem; {"}"}
        a {"{"} color: #0b57d0; {"}"}
        </style>
        </head>
        <body>
        <main>
        {body}
        </main>
        </body>
        </html>
        """;
}

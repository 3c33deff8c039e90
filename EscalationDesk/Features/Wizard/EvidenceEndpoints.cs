using System.Text;
using Microsoft.Net.Http.Headers;

namespace EscalationDesk.Features.Wizard;

public static class EvidenceEndpoints
{
    public static IEndpointRouteBuilder MapEvidenceEndpoints(this IEndpointRouteBuilder app)
    {
        // Always a download, never rendered inline: an uploaded .html-looking log must not run in our origin.
        app.MapGet("/escalations/{id:int}/evidence/{attachmentId:int}", async (int id, int attachmentId, EvidenceService evidence, HttpContext http, CancellationToken ct) =>
        {
            var file = await evidence.OpenAsync(id, attachmentId, ct);
            if (file is null) return Results.NotFound();
            http.Response.Headers.XContentTypeOptions = "nosniff";
            http.Response.Headers.ContentSecurityPolicy = Security.SecurityHeaders.UntrustedContentPolicy;
            http.Response.Headers.ContentDisposition = ContentDisposition(file.FileName);
            return Results.File(file.Data, file.ContentType);
        }).RequireRateLimiting(Security.RateLimits.Export);
        return app;
    }

    // The name as browsers save it: filename* in UTF-8 (RFC 6266 / RFC 5987) for browsers that read it, and a plain ASCII
    // filename for those that do not. The name is cleaned again here, so the header never carries a control character.
    public static string ContentDisposition(string fileName)
    {
        var name = EvidenceNames.Clean(fileName);
        var ascii = new StringBuilder(name.Length);
        foreach (var c in name) ascii.Append(char.IsAscii(c) && c is not ('"' or '\\' or '%') ? c : '_');
        var header = new ContentDispositionHeaderValue("attachment") { FileName = $"\"{ascii}\"", FileNameStar = name };
        return header.ToString();
    }
}

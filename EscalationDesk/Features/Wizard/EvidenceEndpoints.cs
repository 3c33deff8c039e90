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
            // A file name makes Results.File answer with Content-Disposition: attachment.
            return Results.File(file.Data, file.ContentType, file.FileName);
        }).RequireRateLimiting(Security.RateLimits.Export);
        return app;
    }
}

using Microsoft.AspNetCore.WebUtilities;

namespace EscalationDesk.Features.Queue;

public static class QueueEndpoints
{
    public static IEndpointRouteBuilder MapQueueEndpoints(this IEndpointRouteBuilder app)
    {
        // The CSV of the queue view in the query string (the same parameters as /queue).
        app.MapGet("/queue.csv", async (HttpContext http, QueueService queue, TimeProvider clock, CancellationToken ct) =>
        {
            var query = QueueUrl.Parse(http.Request.Query.ToDictionary(q => q.Key, q => (string?)q.Value.ToString()));
            http.Response.ContentType = "text/csv; charset=utf-8";
            http.Response.Headers.ContentDisposition = $"attachment; filename=\"escalation-queue-{clock.GetUtcNow():yyyyMMdd-HHmm}.csv\"";
            await queue.WriteCsvAsync(query, http.Response.Body, ct);
        }).RequireRateLimiting(Security.RateLimits.Export);
        app.MapGet("/reports/digest.pdf", async (DigestService digest, TimeProvider clock, HttpContext http, CancellationToken ct) =>
        {
            try
            {
                return Results.File(await digest.PdfAsync(ct), "application/pdf", $"leadership-digest-{clock.GetUtcNow():yyyyMMdd-HHmm}.pdf");
            }
            catch (Briefs.BriefFontsMissingException ex)
            {
                return Results.Problem(ex.Message, statusCode: StatusCodes.Status503ServiceUnavailable, title: "The PDF could not be made");
            }
            catch (Briefs.PdfBusyException ex)
            {
                return Briefs.BriefEndpoints.Busy(http, ex);
            }
        }).RequireAuthorization(Users.Roles.LeadPolicy).RequireRateLimiting(Security.RateLimits.Export);
        return app;
    }
}

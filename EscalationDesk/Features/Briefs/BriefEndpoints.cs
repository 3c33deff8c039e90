namespace EscalationDesk.Features.Briefs;

public static class BriefEndpoints
{
    public static IEndpointRouteBuilder MapBriefEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/escalations/{id:int}/brief.md", async (int id, string? audience, BriefService briefs, CancellationToken ct) =>
        {
            if (!BriefAudiences.TryParse(audience, out var reader)) return AudienceRefused();
            return await briefs.MarkdownAsync(id, reader, ct) is { } file ? Download(file) : Results.NotFound();
        }).RequireRateLimiting(Security.RateLimits.Export);

        app.MapGet("/escalations/{id:int}/brief.pdf", (int id, string? audience, BriefService briefs, HttpContext http, CancellationToken ct) =>
            PdfAsync(audience, http, reader => briefs.PdfAsync(id, reader, ct))).RequireRateLimiting(Security.RateLimits.Export);
        // A snapshot's own text, as it was when taken.
        app.MapGet("/escalations/{id:int}/snapshots/{number:int}/brief.md", async (int id, int number, string? audience, BriefSnapshots snapshots, CancellationToken ct) =>
        {
            if (!BriefAudiences.TryParse(audience, out var reader)) return AudienceRefused();
            return await snapshots.MarkdownAsync(id, number, reader, ct) is { } file ? Download(file) : Results.NotFound();
        }).RequireRateLimiting(Security.RateLimits.Export);

        app.MapGet("/escalations/{id:int}/snapshots/{number:int}/brief.pdf", (int id, int number, string? audience, BriefSnapshots snapshots, HttpContext http, CancellationToken ct) =>
            PdfAsync(audience, http, reader => snapshots.PdfAsync(id, number, reader, ct))).RequireRateLimiting(Security.RateLimits.Export);
        return app;
    }

    // A PDF for the audience asked for: 400 for an unknown one, 503 without fonts, 429 when too many render at once.
    private static async Task<IResult> PdfAsync(string? audience, HttpContext http, Func<BriefAudience, Task<BriefFile?>> render)
    {
        if (!BriefAudiences.TryParse(audience, out var reader)) return AudienceRefused();
        try
        {
            return await render(reader) is { } file ? Download(file) : Results.NotFound();
        }
        catch (BriefFontsMissingException ex)
        {
            return Results.Problem(ex.Message, statusCode: StatusCodes.Status503ServiceUnavailable, title: "The PDF could not be made");
        }
        catch (PdfBusyException ex)
        {
            return Busy(http, ex);
        }
    }

    public const string AudienceMessage = "Choose one of standard, engineering, leadership or customer.";

    private static IResult AudienceRefused() =>
        Results.ValidationProblem(new Dictionary<string, string[]> { ["audience"] = [AudienceMessage] }, title: "Unknown audience");

    // 429 with Retry-After and a problem document whose detail the download button shows (download.js).
    public static IResult Busy(HttpContext http, PdfBusyException ex)
    {
        http.Response.Headers.RetryAfter = ex.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return Results.Problem(ex.Message, statusCode: StatusCodes.Status429TooManyRequests, title: "Too many PDFs at once");
    }

    private static IResult Download(BriefFile file) =>
        Results.File(file.Data, file.ContentType, file.FileName);
}

namespace EscalationDesk.Features.Briefs;

public static class BriefEndpoints
{
    public static IEndpointRouteBuilder MapBriefEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/escalations/{id:int}/brief.md", async (int id, BriefService briefs, CancellationToken ct) =>
            await briefs.MarkdownAsync(id, ct) is { } file ? Download(file) : Results.NotFound())
            .RequireRateLimiting(Security.RateLimits.Export);

        app.MapGet("/escalations/{id:int}/brief.pdf", async (int id, BriefService briefs, CancellationToken ct) =>
        {
            try
            {
                return await briefs.PdfAsync(id, ct) is { } file ? Download(file) : Results.NotFound();
            }
            catch (BriefFontsMissingException ex)
            {
                return Results.Problem(ex.Message, statusCode: StatusCodes.Status503ServiceUnavailable, title: "The PDF could not be made");
            }
        }).RequireRateLimiting(Security.RateLimits.Export);
        return app;
    }

    private static IResult Download(BriefFile file) =>
        Results.File(file.Data, file.ContentType, file.FileName);
}

using EscalationDesk.Features.Escalations;
using EscalationDesk.Features.Users;
using Microsoft.AspNetCore.Diagnostics;
using ActionResult = EscalationDesk.Features.Escalations.ActionResult;

namespace EscalationDesk.Features.Api;

// Every error of /api is an RFC 9457 problem document (application/problem+json), never the app's HTML pages.
public static class ApiProblems
{
    public const string Prefix = "/api";

    public static IResult Problem(int status, string title, string? detail = null, IDictionary<string, object?>? extensions = null) =>
        TypedResults.Problem(detail, statusCode: status, title: title, extensions: extensions);

    public static IResult NotFound() => Problem(StatusCodes.Status404NotFound, "Not found", "There is no escalation with this id that you may see.");

    public static IResult Validation(IDictionary<string, string[]> errors) =>
        TypedResults.Problem(new HttpValidationProblemDetails(errors)
        {
            Status = StatusCodes.Status422UnprocessableEntity, Title = "Some fields are not valid",
            Type = "https://tools.ietf.org/html/rfc4918#section-11.2",
        });

    // A command's refusal: not there → 404, incomplete → 422 (with what is missing), not possible in this state → 409.
    public static IResult Refused(ActionResult result) => result.Kind switch
    {
        RefusalKind.NotFound => NotFound(),
        RefusalKind.Invalid when result.Missing is { Count: > 0 } missing => Problem(StatusCodes.Status422UnprocessableEntity, "Not ready", result.Error,
            new Dictionary<string, object?> { ["missing"] = missing }),
        RefusalKind.Invalid => Problem(StatusCodes.Status422UnprocessableEntity, "Not valid", result.Error),
        _ => Problem(StatusCodes.Status409Conflict, "Not possible now", result.Error),
    };

    // For /api requests: no status-code page re-executes into HTML, a "not yours" is a 404 problem, and an error answered
    // without a body (401 and 403 from authorization, 400 from binding, 405, 415) gets a problem document.
    public static IApplicationBuilder UseApiProblems(this IApplicationBuilder app) => app.UseWhen(
        c => c.Request.Path.StartsWithSegments(Prefix),
        api => api.Use(async (context, next) =>
        {
            context.Features.Get<IStatusCodePagesFeature>()?.Enabled = false;
            try
            {
                await next(context);
            }
            catch (NotAllowedException) when (!context.Response.HasStarted)
            {
                context.Response.Clear();
                await WriteAsync(context, NotFound());
                return;
            }
            catch (BadHttpRequestException e) when (!context.Response.HasStarted)
            {
                context.Response.Clear();
                await WriteAsync(context, Problem(e.StatusCode, "Bad request", e.Message));
                return;
            }
            if (context.Response is { HasStarted: false, StatusCode: >= 400, ContentLength: null or 0 } && context.Response.ContentType is null)
            {
                var status = context.Response.StatusCode;
                await WriteAsync(context, Problem(status, ReasonPhrases(status)));
            }
        }));

    private static Task WriteAsync(HttpContext context, IResult result) => result.ExecuteAsync(context);

    private static string ReasonPhrases(int status) => status switch
    {
        401 => "Unauthorized: send Authorization: Bearer edk_…",
        403 => "Forbidden: the token lacks the scope this needs",
        _ => Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(status),
    };
}

using EscalationDesk.Features.Escalations;
using EscalationDesk.Features.Users;
using ActionResult = EscalationDesk.Features.Escalations.ActionResult;

namespace EscalationDesk.Features.Api;

// Every error of /api is an RFC 9457 problem document (application/problem+json), never the app's HTML pages.
public static class ApiProblems
{
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
}

using System.Globalization;
using System.Text.Json.Nodes;
using EscalationDesk.Features.Briefs;
using EscalationDesk.Features.Escalations;
using EscalationDesk.Features.Judgment;
using EscalationDesk.Features.Queue;
using EscalationDesk.Features.Wizard;
using ActionResult = EscalationDesk.Features.Escalations.ActionResult;
using Microsoft.AspNetCore.Mvc;

namespace EscalationDesk.Features.Api;

// /api/v1: minimal APIs over the feature services, as the token's user (ICurrentUser reads the token's principal), so every
// per-object rule of the pages applies. Reads need the read scope, changes the write scope; every POST takes an Idempotency-Key.
public static class ApiEndpoints
{
    public const string Base = "/api/v1/escalations";

    public static IEndpointRouteBuilder MapApiEndpoints(this IEndpointRouteBuilder app)
    {
        // The tokens' /api/v1 group: a token's user and the per-user API rate limit (429 with Retry-After).
        var api = app.MapApiGroup().MapGroup("/escalations").WithTags("Escalations").ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);
        var read = api.MapGroup("").RequireAuthorization(ApiAuth.ReadPolicy);
        var write = api.MapGroup("").RequireAuthorization(ApiAuth.WritePolicy);
        ShareLinkApi.Map(read, write);

        read.MapGet("", ListAsync).WithName("ListEscalations").WithSummary("The queue: its filters and sorts, cursor paging")
            .Produces<EscalationList>().ProducesProblem(StatusCodes.Status400BadRequest);
        write.MapPost("", CreateAsync).WithName("CreateEscalation").WithSummary("Create a draft")
            .Accepts<CreateEscalationRequest>("application/json")
            .Produces<EscalationResource>(StatusCodes.Status201Created).ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status409Conflict).AddEndpointFilter<IdempotencyFilter>();
        read.MapGet("/{id:int}", GetAsync).WithName("GetEscalation").WithSummary("One escalation: fields, status, timers, assessment")
            .Produces<EscalationResource>().Produces(StatusCodes.Status304NotModified).ProducesProblem(StatusCodes.Status404NotFound);
        write.MapPatch("/{id:int}", PatchAsync).WithName("PatchEscalation").WithSummary("Change fields (JSON merge patch of \"fields\"; If-Match required)")
            .Accepts<JsonObject>("application/merge-patch+json", "application/json")
            .Produces<EscalationResource>().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed).ProducesProblem(StatusCodes.Status428PreconditionRequired)
            .ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity).ProducesProblem(StatusCodes.Status400BadRequest);
        read.MapGet("/{id:int}/timeline", TimelineAsync).WithName("GetTimeline").WithSummary("The timeline, newest first")
            .Produces<TimelinePage>().ProducesProblem(StatusCodes.Status404NotFound);
        read.MapGet("/{id:int}/brief.md", BriefMarkdownAsync).WithName("GetBriefMarkdown").WithSummary("The brief as Markdown")
            .Produces<string>(StatusCodes.Status200OK, "text/markdown").ProducesProblem(StatusCodes.Status404NotFound)
            .RequireRateLimiting(Security.RateLimits.Export);
        read.MapGet("/{id:int}/brief.pdf", BriefPdfAsync).WithName("GetBriefPdf").WithSummary("The brief as PDF")
            .Produces<byte[]>(StatusCodes.Status200OK, "application/pdf").ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable).RequireRateLimiting(Security.RateLimits.Export);

        write.MapPost("/{id:int}/escalate", async (HttpContext http, int id, EscalateCommand c, ApiEscalations e, CancellationToken ct) =>
            await AnswerAsync(http, id, await c.EscalateAsync(id, $"{http.Request.Scheme}://{http.Request.Host}{http.Request.PathBase}", ct), e, ct))
            .Action("Escalate", "Escalate a draft (422 lists what is missing)");
        write.MapPost("/{id:int}/acknowledge", async (HttpContext http, int id, LifecycleCommands c, ApiEscalations e, CancellationToken ct) =>
            await AnswerAsync(http, id, await c.AcknowledgeAsync(id, ct), e, ct)).Action("Acknowledge", "Acknowledge (the receiving team)");
        write.MapPost("/{id:int}/follow-up", async (HttpContext http, int id, FollowUpRequest body, LifecycleCommands c, ApiEscalations e, CancellationToken ct) =>
            await AnswerAsync(http, id, await c.LogFollowUpAsync(id, body.Note ?? "", ct), e, ct)).Action("LogFollowUp", "Log an internal follow-up");
        write.MapPost("/{id:int}/customer-update", async (HttpContext http, int id, CustomerUpdateRequest body, LifecycleCommands c, ApiEscalations e, CancellationToken ct) =>
        {
            var channel = LifecycleRules.Channels.FirstOrDefault(x => x.Equals(body.Channel, StringComparison.OrdinalIgnoreCase)) ?? body.Channel ?? "";
            return await AnswerAsync(http, id, await c.LogCustomerUpdateAsync(id, channel, body.Note ?? "", ct), e, ct);
        }).Action("LogCustomerUpdate", "Log a customer update (channel: email, phone, chat or ticket)");
        write.MapPost("/{id:int}/severity", async (HttpContext http, int id, SeverityRequest body, LifecycleCommands c, ApiEscalations e, CancellationToken ct) =>
            await AnswerAsync(http, id, await c.ChangeSeverityAsync(id, body.Severity, body.Reason ?? "", ct), e, ct)).Action("ChangeSeverity", "Change the severity, with a reason");
        write.MapPost("/{id:int}/de-escalate", async (HttpContext http, int id, DeEscalateRequest body, LifecycleCommands c, ApiEscalations e, CancellationToken ct) =>
            await AnswerAsync(http, id, await c.DeEscalateAsync(id, body.Reason ?? "", body.Actions ?? [], body.Note ?? "", ct), e, ct))
            .Action("DeEscalate", "De-escalate (reason and actions: the keys of the page's checklists)");
        write.MapPost("/{id:int}/resolve", async (HttpContext http, int id, ResolveRequest body, LifecycleCommands c, ApiEscalations e, CancellationToken ct) =>
            await AnswerAsync(http, id, await c.ResolveAsync(id, body.Resolution ?? "", ct), e, ct)).Action("Resolve", "Resolve, with the resolution");
        write.MapPost("/{id:int}/close", async (HttpContext http, int id, CloseRequest body, LifecycleCommands c, ApiEscalations e, CancellationToken ct) =>
            await AnswerAsync(http, id, await c.CloseAsync(id, body.ConfirmedWithCustomer, body.TrackingUpdated, body.Learnings ?? "", ct), e, ct))
            .Action("Close", "Close the loop, with the learnings");
        write.MapPost("/{id:int}/reopen", async (HttpContext http, int id, ReopenRequest body, LifecycleCommands c, ApiEscalations e, CancellationToken ct) =>
            await AnswerAsync(http, id, await c.ReopenAsync(id, body.Reason ?? "", ct), e, ct)).Action("Reopen", "Reopen a closed escalation (Leads and Admins)");
        return app;
    }

    // A command's endpoint: its documented answers and the Idempotency-Key.
    private static RouteHandlerBuilder Action(this RouteHandlerBuilder endpoint, string name, string summary) => endpoint
        .WithName(name).WithSummary(summary)
        .Produces<EscalationResource>().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
        .ProducesProblem(StatusCodes.Status422UnprocessableEntity).ProducesProblem(StatusCodes.Status400BadRequest)
        .AddEndpointFilter<IdempotencyFilter>();

    // Done: the escalation as it is now. Refused: the refusal as a problem.
    private static async Task<IResult> AnswerAsync(HttpContext http, int id, ActionResult result, ApiEscalations escalations, CancellationToken ct) =>
        result.Ok && await escalations.GetAsync(id, ct) is { } resource ? WithETag(http, TypedResults.Ok(resource), resource) : ApiProblems.Refused(result);

    private static IResult WithETag(HttpContext http, IResult result, EscalationResource resource)
    {
        http.Response.Headers.ETag = ETag(resource.Version);
        return result;
    }

    public static string ETag(int version) => $"\"{version.ToString(CultureInfo.InvariantCulture)}\"";

    private static async Task<IResult> ListAsync(HttpContext http, QueueService queue, ApiCursor cursors, TimeProvider clock, CancellationToken ct)
    {
        var q = http.Request.Query;
        var limit = 25;
        if (q.TryGetValue("limit", out var l) && (!int.TryParse(l, CultureInfo.InvariantCulture, out limit) || limit is < 1 or > 100))
            return ApiProblems.Problem(StatusCodes.Status400BadRequest, "Invalid limit", "limit must be a whole number from 1 to 100.");
        // The queue's own parameters (QueueUrl); enum values may be written as the API writes them (de_escalated, l2_support).
        static string? Plain(string key, string? value) => key is "status" or "severity" or "target" or "primary" ? value?.Replace("_", "") : value;
        var query = QueueUrl.Parse(q.ToDictionary(p => p.Key, p => Plain(p.Key, p.Value.ToString())));
        if (query.Sort is { } sort && !QueueService.SortKeys.Contains(sort))
            return ApiProblems.Problem(StatusCodes.Status400BadRequest, "Invalid sort", $"sort must be one of: {string.Join(", ", QueueService.SortKeys)}.");
        IReadOnlyList<object?>? after = null;
        if (q.TryGetValue("after", out var a) && a.ToString() is { Length: > 0 } cursor && (after = cursors.Read(cursor, query)) is null)
            return ApiProblems.Problem(StatusCodes.Status400BadRequest, "Invalid cursor",
                "after must be a next_cursor this list answered, with the same filters and sort.");
        var slice = await queue.SliceAsync(query, after, limit, ct);
        var now = clock.GetUtcNow().UtcDateTime;
        var items = slice.Rows.Select(r => new EscalationListItem(r.Id, ApiJson.Status(r.Status), r.Summary, r.Customer, r.Severity, r.Targets, r.Owner, r.EscalatedAt,
            new ResourceTimers(r.InternalTimer is { } i ? ResourceTimer.Of(i, now) : null, r.CustomerTimer is { } c ? ResourceTimer.Of(c, now) : null),
            r.ArrAtRisk)).ToList();
        return TypedResults.Ok(new EscalationList(items, slice.HasMore && slice.Last is { } last ? cursors.Write(query, last) : null, slice.HasMore));
    }

    private static async Task<IResult> CreateAsync(HttpContext http, CreateEscalationRequest body, ApiEscalations escalations, CancellationToken ct)
    {
        var content = body.Fields ?? new DraftContent();
        if (FieldValidation.Errors(content, body.ExternalRef) is { Count: > 0 } errors) return ApiProblems.Validation(errors);
        var id = await escalations.CreateAsync(content, body.ExternalRef, ct);
        var resource = await escalations.GetAsync(id, ct) ?? throw new Users.NotAllowedException();
        return WithETag(http, TypedResults.Created($"{Base}/{id}", resource), resource);
    }

    private static async Task<IResult> GetAsync(HttpContext http, int id, ApiEscalations escalations, CancellationToken ct)
    {
        if (await escalations.GetAsync(id, ct) is not { } resource) return ApiProblems.NotFound();
        var etag = ETag(resource.Version);
        if (http.Request.Headers.IfNoneMatch.ToString() == etag)
        {
            http.Response.Headers.ETag = etag;
            return TypedResults.StatusCode(StatusCodes.Status304NotModified);
        }
        return WithETag(http, TypedResults.Ok(resource), resource);
    }

    private static async Task<IResult> PatchAsync(HttpContext http, int id, [FromBody] JsonObject body, ApiEscalations escalations, CancellationToken ct)
    {
        var ifMatch = http.Request.Headers.IfMatch.ToString().Trim();
        if (ifMatch.Length == 0)
            return ApiProblems.Problem(StatusCodes.Status428PreconditionRequired, "If-Match required", "Send If-Match with the ETag of the escalation you read (\"<version>\").");
        if (!int.TryParse(ifMatch.Trim('"'), CultureInfo.InvariantCulture, out var version))
            return ApiProblems.Problem(StatusCodes.Status412PreconditionFailed, "Version does not match", "If-Match must be the ETag GET answered, such as \"3\".");
        if (body.Any(p => p.Key != "fields") || body["fields"] is not JsonObject fields)
            return ApiProblems.Validation(new Dictionary<string, string[]> { ["fields"] = ["Send the fields to change as {\"fields\": {…}} (a JSON merge patch)."] });
        var result = await escalations.PatchAsync(id, version, fields, ct);
        return result.Outcome switch
        {
            PatchOutcome.Saved => WithETag(http, TypedResults.Ok(result.Resource!), result.Resource!),
            PatchOutcome.Stale => ApiProblems.Problem(StatusCodes.Status412PreconditionFailed, "Version does not match",
                $"Someone changed this escalation since version {version}; it is at version {result.CurrentVersion}. Read it again and repeat the change.",
                new Dictionary<string, object?> { ["current_version"] = result.CurrentVersion }),
            PatchOutcome.Invalid => ApiProblems.Validation(result.Errors!),
            PatchOutcome.NotEditable => ApiProblems.Problem(StatusCodes.Status409Conflict, "Not editable",
                "Only drafts and open escalations can be changed; this one is resolved, de-escalated, closed or discarded."),
            _ => ApiProblems.NotFound(),
        };
    }

    private static async Task<IResult> TimelineAsync(int id, EscalationReader reader, CancellationToken ct) =>
        await reader.GetAsync(id, ct) is { } view
            ? TypedResults.Ok(new TimelinePage(view.Timeline.Select(t => new TimelineEntry(t.At, t.Actor, t.Kind, t.Detail)).ToList()))
            : ApiProblems.NotFound();

    private static async Task<IResult> BriefMarkdownAsync(int id, string? audience, BriefService briefs, CancellationToken ct)
    {
        if (!BriefAudiences.TryParse(audience, out var reader)) return AudienceRefused();
        return await briefs.MarkdownAsync(id, reader, ct) is { } file ? Results.File(file.Data, file.ContentType, file.FileName) : ApiProblems.NotFound();
    }

    private static IResult AudienceRefused() =>
        ApiProblems.Problem(StatusCodes.Status400BadRequest, "Unknown audience", BriefEndpoints.AudienceMessage);

    private static async Task<IResult> BriefPdfAsync(int id, string? audience, BriefService briefs, HttpContext http, CancellationToken ct)
    {
        if (!BriefAudiences.TryParse(audience, out var reader)) return AudienceRefused();
        try
        {
            return await briefs.PdfAsync(id, reader, ct) is { } file ? Results.File(file.Data, file.ContentType, file.FileName) : ApiProblems.NotFound();
        }
        catch (BriefFontsMissingException ex)
        {
            return ApiProblems.Problem(StatusCodes.Status503ServiceUnavailable, "The PDF could not be made", ex.Message);
        }
        catch (PdfBusyException ex)
        {
            return BriefEndpoints.Busy(http, ex);
        }
    }
}

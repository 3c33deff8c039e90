using EscalationDesk.Features.Security;
using Microsoft.AspNetCore.Mvc;

namespace EscalationDesk.Features.Tickets;

// POST /api/v1/inbound/zendesk and /api/v1/inbound/zammad: the helpdesks' webhooks. Outside the bearer-token API (no user
// signs these requests): anonymous, with each platform's own signature checked (InboundTickets), a body size limit and the
// API's rate limit per address. Not in the OpenAPI document: they are for Zendesk and Zammad, not for scripts.
public static class InboundEndpoints
{
    public const string ZendeskPath = "/api/v1/inbound/zendesk", ZammadPath = "/api/v1/inbound/zammad";

    public static IEndpointRouteBuilder MapInboundTicketEndpoints(this IEndpointRouteBuilder app)
    {
        foreach (var (path, system) in new[] { (ZendeskPath, TicketSystem.Zendesk), (ZammadPath, TicketSystem.Zammad) })
            app.MapPost(path, (HttpContext http, InboundTickets inbound, CancellationToken ct) => ReceiveAsync(http, system, inbound, ct))
                .AllowAnonymous().RequireRateLimiting(RateLimits.Api)
                .WithMetadata(new RequestSizeLimitAttribute(InboundTickets.MaxBodyBytes)).ExcludeFromDescription();
        return app;
    }

    private static async Task<IResult> ReceiveAsync(HttpContext http, TicketSystem system, InboundTickets inbound, CancellationToken ct)
    {
        var body = await ReadAsync(http.Request, ct);
        if (body is null) return Results.Problem(statusCode: 413, detail: $"A {system} webhook's body is at most {InboundTickets.MaxBodyBytes / 1024} KiB.");
        var outcome = await inbound.HandleAsync(system, body, name => http.Request.Headers[name].FirstOrDefault(), ct);
        return outcome.Status switch
        {
            200 or 201 => Results.Json(new { draftId = outcome.DraftId, action = outcome.Action, owner = outcome.Owner, message = outcome.Message }, statusCode: outcome.Status),
            204 => Results.NoContent(),
            _ => Results.Problem(statusCode: outcome.Status, detail: outcome.Message),
        };
    }

    // The body, or null when it is longer than the limit (whatever Content-Length says).
    private static async Task<byte[]?> ReadAsync(HttpRequest request, CancellationToken ct)
    {
        if (request.ContentLength > InboundTickets.MaxBodyBytes) return null;
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        try
        {
            while ((read = await request.Body.ReadAsync(chunk, ct)) > 0)
            {
                if (buffer.Length + read > InboundTickets.MaxBodyBytes) return null;
                buffer.Write(chunk, 0, read);
            }
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return null;
        }
        return buffer.ToArray();
    }
}

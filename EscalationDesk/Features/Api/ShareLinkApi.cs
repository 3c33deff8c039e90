using EscalationDesk.Features.Briefs;

namespace EscalationDesk.Features.Api;

public sealed record CreateShareLinkRequest(string? Audience, int? ExpiresInDays, bool? AlwaysLatest);

public sealed record ShareLinkResource(int Id, string Audience, int? SnapshotVersion, DateTime CreatedAt, string CreatedBy, DateTime ExpiresAt,
    DateTime? RevokedAt, int Views, DateTime? LastViewedAt, string? Url = null);

public sealed record ShareLinkList(IReadOnlyList<ShareLinkResource> Items);

// /api/v1/escalations/{id}/share-links: create (the URL is in the answer once), list, revoke.
public static class ShareLinkApi
{
    public static void Map(RouteGroupBuilder read, RouteGroupBuilder write)
    {
        read.MapGet("/{id:int}/share-links", async (int id, ShareLinks links, CancellationToken ct) =>
                TypedResults.Ok(new ShareLinkList((await links.ListAsync(id, ct)).Select(l => Resource(l)).ToList())))
            .WithName("ListShareLinks").WithSummary("The share links of an escalation (owner, Leads, Admins)").Produces<ShareLinkList>();
        write.MapPost("/{id:int}/share-links", async (int id, CreateShareLinkRequest body, ShareLinks links, HttpContext http, CancellationToken ct) =>
            {
                if (!BriefAudiences.TryParse(body.Audience, out var audience) || string.IsNullOrWhiteSpace(body.Audience))
                    return ApiProblems.Validation(new Dictionary<string, string[]> { ["audience"] = ["Choose leadership, engineering or customer."] });
                var (created, error) = await links.CreateAsync(id, audience, body.ExpiresInDays ?? 7, body.AlwaysLatest ?? false, ct);
                if (created is null)
                    return error is null ? ApiProblems.NotFound()
                        : ApiProblems.Validation(new Dictionary<string, string[]> { [error.Contains("expiry") ? "expires_in_days" : "audience"] = [error] });
                var url = $"{http.Request.Scheme}://{http.Request.Host}{created.Path}";
                return Results.Created($"{ApiEndpoints.Base}/{id}/share-links/{created.Link.Id}", Resource(created.Link, url));
            }).WithName("CreateShareLink").WithSummary("Share a brief without an account: audience, expiry 1, 7 or 30 days, this version or always the latest")
            .Accepts<CreateShareLinkRequest>("application/json").Produces<ShareLinkResource>(StatusCodes.Status201Created)
            .ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity).ProducesProblem(StatusCodes.Status404NotFound)
            .AddEndpointFilter<IdempotencyFilter>();
        write.MapDelete("/{id:int}/share-links/{linkId:int}", async (int id, int linkId, ShareLinks links, CancellationToken ct) =>
                await links.RevokeAsync(id, linkId, ct) ? Results.NoContent() : ApiProblems.NotFound())
            .WithName("RevokeShareLink").WithSummary("Revoke a share link: it answers 404 from now on")
            .Produces(StatusCodes.Status204NoContent).ProducesProblem(StatusCodes.Status404NotFound);
    }

    private static ShareLinkResource Resource(ShareLinkItem l, string? url = null) =>
        new(l.Id, l.Audience.Query(), l.SnapshotNumber, l.CreatedAt, l.CreatedBy, l.ExpiresAt, l.RevokedAt, l.Views, l.LastViewedAt, url);
}

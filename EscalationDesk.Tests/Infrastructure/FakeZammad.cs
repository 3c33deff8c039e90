using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace EscalationDesk.Tests.Infrastructure;

// Zammad REST API v1 as its documentation shows it: GET /api/v1/tickets/{id}, /api/v1/ticket_articles/by_ticket/{id}
// (a JSON array of articles with sender, type, internal, body, content_type), /api/v1/users/{id}, /api/v1/users/me,
// /api/v1/organizations/{id}; POST /api/v1/ticket_articles (201 with the article; ticket_id, body and type required, an
// unknown ticket 422); "Authorization: Token token=…"; errors as {"error": "…"}.
public sealed class FakeZammad : FakeHelpdesk
{
    public const string Token = "n9xYpLgA0s1kQwErTyUiOpAsDfGhJkLz";
    public const long TicketId = 123, CustomerId = 2, AgentId = 3, OrganizationId = 1;

    public sealed record Article(long Id, string Sender, string From, bool Internal, string Body, string ContentType, DateTime CreatedAt);

    public List<Article> Articles { get; } =
    [
        new(501, "Customer", "Nicole Braun <nicole.braun@zammad.org>", false, "<p>Exports to CSV stop at 10,000 rows.</p><p>We need the full year.</p>", "text/html", new DateTime(2026, 11, 22, 10, 0, 0, DateTimeKind.Utc)),
        new(502, "Agent", "Chris Agent <chris@desk.example>", true, "Seen in the logs: export worker killed at 512 MB.", "text/plain", new DateTime(2026, 11, 22, 11, 0, 0, DateTimeKind.Utc)),
        new(503, "Agent", "Chris Agent <chris@desk.example>", false, "<div>Thanks Nicole, engineering is looking at the export limit.</div>", "text/html", new DateTime(2026, 11, 22, 12, 0, 0, DateTimeKind.Utc)),
    ];

    // The ticket's tags (GET /api/v1/tags?object=Ticket&o_id=…) and owner (1: Zammad's "nobody").
    public List<string> TicketTags { get; } = ["export"];
    public long OwnerId { get; set; } = AgentId;

    public static async Task<FakeZammad> StartNewAsync()
    {
        var fake = new FakeZammad();
        await fake.StartAsync();
        return fake;
    }

    public string TicketUrl(long id) => $"{BaseUrl}/#ticket/zoom/{id}";

    protected override bool Authorized(HttpRequest request) => request.Headers.Authorization.ToString() == $"Token token={Token}";

    protected override IResult Unauthorized() => JsonAnswer(new { error = "Invalid token!" }, 401);

    public override IResult Error(int status) => status switch
    {
        403 => JsonAnswer(new { error = "Not authorized" }, 403),
        404 => JsonAnswer(new { error = "Couldn't find Ticket with 'id'=999" }, 404),
        429 => JsonAnswer(new { error = "Too many requests" }, 429),
        _ => JsonAnswer(new { error = "Internal Server Error" }, status),
    };

    protected override void Map(WebApplication app)
    {
        app.MapGet("/api/v1/users/me", () => JsonAnswer(User(AgentId)));
        app.MapGet("/api/v1/tickets/{id:long}", (long id) => id == TicketId
            ? JsonAnswer(new
            {
                id, group_id = 1, priority_id = 2, state_id = 2, organization_id = OrganizationId, number = "31001", title = "CSV export truncated at 10,000 rows",
                owner_id = OwnerId, customer_id = CustomerId, note = (string?)null, article_count = Articles.Count,
                created_at = new DateTime(2026, 11, 22, 10, 0, 0, DateTimeKind.Utc), updated_at = Articles[^1].CreatedAt,
            })
            : Error(404));
        app.MapGet("/api/v1/ticket_articles/by_ticket/{id:long}", (long id) => id == TicketId
            ? JsonAnswer(Articles.Select(a => new
            {
                id = a.Id, ticket_id = id, type_id = a.Sender == "Agent" && a.Internal ? 10 : 1, sender_id = a.Sender == "Agent" ? 1 : 2,
                from = a.From, to = (string?)null, cc = (string?)null, subject = (string?)null, message_id = (string?)null,
                content_type = a.ContentType, body = a.Body, @internal = a.Internal,
                created_by_id = a.Sender == "Agent" ? AgentId : CustomerId, sender = a.Sender, type = a.Internal ? "note" : "email",
                created_by = a.Sender == "Agent" ? "chris@desk.example" : "nicole.braun@zammad.org",
                attachments = Array.Empty<object>(), created_at = a.CreatedAt, updated_at = a.CreatedAt,
            }))
            : Error(404));
        app.MapGet("/api/v1/tags", (HttpRequest request) => request.Query["object"] == "Ticket" && request.Query["o_id"] == TicketId.ToString()
            ? JsonAnswer(new { tags = TicketTags })
            : Error(404));
        app.MapPost("/api/v1/ticket_articles", async (HttpRequest request) =>
        {
            var body = await BodyAsync(request);
            if (body?["ticket_id"] is not { } ticketId || body["body"]?.GetValue<string>() is not { Length: > 0 } text || body["type"]?.GetValue<string>() is not { } type)
                return JsonAnswer(new { error = "Need ticket_id, body and type!" }, 422);
            if (ticketId.GetValue<long>() != TicketId) return JsonAnswer(new { error = "No lookup value found for 'ticket': " + ticketId.ToJsonString() }, 422);
            Accepted(request, body);
            var isInternal = body["internal"]?.GetValue<bool>() ?? false;
            var sender = body["sender"]?.GetValue<string>() ?? "Agent";
            var now = DateTime.UtcNow;
            var id = Articles.Max(a => a.Id) + 1;
            Articles.Add(new Article(id, sender, "Chris Agent <chris@desk.example>", isInternal, text, body["content_type"]?.GetValue<string>() ?? "text/plain", now));
            return JsonAnswer(new
            {
                id, ticket_id = TicketId, type, sender, @internal = isInternal, body = text, content_type = body["content_type"]?.GetValue<string>() ?? "text/plain",
                from = "Chris Agent <chris@desk.example>", to = body["to"]?.GetValue<string>(), subject = body["subject"]?.GetValue<string>(),
                created_by_id = AgentId, created_at = now, updated_at = now, attachments = Array.Empty<object>(),
            }, 201);
        });
        app.MapGet("/api/v1/users/{id:long}", (long id) => id is CustomerId or AgentId ? JsonAnswer(User(id)) : Error(404));
        app.MapGet("/api/v1/organizations/{id:long}", (long id) => id == OrganizationId
            ? JsonAnswer(new { id, name = "Zammad Foundation", shared = true, domain = "zammad.org", active = true, note = "", member_ids = new[] { CustomerId } })
            : Error(404));
    }

    private static object User(long id) => id == CustomerId
        ? new { id, organization_id = (long?)OrganizationId, login = "nicole.braun@zammad.org", firstname = "Nicole", lastname = "Braun", email = "nicole.braun@zammad.org", active = true, role_ids = new[] { 3 } }
        : new { id, organization_id = (long?)null, login = "chris@desk.example", firstname = "Chris", lastname = "Agent", email = "chris@desk.example", active = true, role_ids = new[] { 2 } };
}

using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace EscalationDesk.Tests.Infrastructure;

// Zendesk Support API v2 as its reference documents it: the Show Ticket, List Comments (cursor pagination: page[size],
// page[after], meta.has_more / after_cursor, links.next; side-loaded users with include=users), Show User, Show
// Organization and Show Self endpoints, Update Ticket with a comment (PUT /api/v2/tickets/{id}.json, answering the ticket
// and its audit; a body without ticket.comment.body is 422 RecordInvalid), API-token Basic auth ("{email}/token:{token}"), and its error bodies
// ({"error":"Couldn't authenticate you"}, {"error":"RecordNotFound","description":"Not found"}).
public sealed class FakeZendesk : FakeHelpdesk
{
    public const string Email = "jdoe@example.com";
    public const string Token = "6wiIBWbGkBMo1mRDMuVwkw1EPsNkeUj95PIz2akv";
    public const long TicketId = 35436, RequesterId = 20978392, AgentId = 1900000001, OrganizationId = 509974;

    public sealed record Comment(long Id, long AuthorId, bool Public, string PlainBody, DateTime CreatedAt);

    public Dictionary<long, (string Subject, long RequesterId, long? OrganizationId, DateTime CreatedAt)> Tickets { get; } = new()
    {
        [TicketId] = ("Help, my printer is on fire!", RequesterId, OrganizationId, new DateTime(2026, 11, 20, 8, 15, 0, DateTimeKind.Utc)),
    };

    public Dictionary<long, List<Comment>> Comments { get; } = new()
    {
        [TicketId] =
        [
            new(1274, RequesterId, true, "The fire is very colorful. Printing any invoice sets the tray alight.", new DateTime(2026, 11, 20, 8, 15, 0, DateTimeKind.Utc)),
            new(1275, AgentId, false, "Internal: reproduced on firmware 4.2, not on 4.1.", new DateTime(2026, 11, 20, 9, 0, 0, DateTimeKind.Utc)),
            new(1276, AgentId, true, "We are looking into it and will update you by 3 pm.", new DateTime(2026, 11, 20, 9, 30, 0, DateTimeKind.Utc)),
            new(1277, RequesterId, true, "Still burning. Our month-end run is blocked.", new DateTime(2026, 11, 21, 7, 45, 0, DateTimeKind.Utc)),
        ],
    };

    public Dictionary<long, (string Name, string Email, string Role)> Users { get; } = new()
    {
        [RequesterId] = ("Roger Wilco", "roger@globex.example", "end-user"),
        [AgentId] = ("Jane Doe", Email, "agent"),
    };

    public Dictionary<long, string[]> Tags { get; } = new() { [TicketId] = ["printer", "fire"] };

    // The ticket's assignee (an agent), or none.
    public long? AssigneeId { get; set; } = AgentId;

    public Dictionary<long, string> Organizations { get; } = new() { [OrganizationId] = "Globex Corporation" };

    // Zendesk caps page[size] at 100; a test lowers it to see several pages.
    public int MaxPageSize { get; set; } = 100;

    public string TicketUrl(long id) => $"{BaseUrl}/agent/tickets/{id}";

    public static async Task<FakeZendesk> StartNewAsync()
    {
        var fake = new FakeZendesk();
        await fake.StartAsync();
        return fake;
    }

    protected override bool Authorized(HttpRequest request) =>
        request.Headers.Authorization.ToString() == "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{Email}/token:{Token}"));

    protected override IResult Unauthorized() => JsonAnswer(new { error = "Couldn't authenticate you" }, 401);

    public override IResult Error(int status) => status switch
    {
        403 => JsonAnswer(new { error = "Forbidden", description = "You do not have access to this page. Please contact the account owner of this help desk for further help." }, 403),
        404 => JsonAnswer(new { error = "RecordNotFound", description = "Not found" }, 404),
        429 => JsonAnswer(new { error = "TooManyRequests", description = "Rate limit exceeded" }, 429),
        _ => Results.Text("<html><body>Service Unavailable</body></html>", "text/html", statusCode: status),
    };

    protected override void Map(WebApplication app)
    {
        app.MapGet("/api/v2/users/me.json", () => JsonAnswer(new { user = User(AgentId) }));
        app.MapGet("/api/v2/tickets/{id:long}.json", (long id) => Tickets.TryGetValue(id, out var t)
            ? JsonAnswer(new
            {
                ticket = new
                {
                    id, url = $"{BaseUrl}/api/v2/tickets/{id}.json", external_id = (string?)null, type = "incident", subject = t.Subject, raw_subject = t.Subject,
                    description = Comments[id][0].PlainBody, priority = "high", status = "open", requester_id = t.RequesterId, submitter_id = t.RequesterId,
                    assignee_id = AssigneeId, organization_id = t.OrganizationId, tags = Tags.GetValueOrDefault(id, []), created_at = t.CreatedAt, updated_at = t.CreatedAt,
                },
            })
            : Error(404));
        app.MapGet("/api/v2/tickets/{id:long}/comments.json", (long id, HttpRequest request) =>
        {
            if (!Comments.TryGetValue(id, out var all)) return Error(404);
            // Without page[size] Zendesk answers with offset pagination; this fake knows only the cursor kind the app uses.
            if (!int.TryParse(request.Query["page[size]"], out var size)) return Error(400);
            size = Math.Min(size, MaxPageSize);
            var start = request.Query["page[after]"] is { Count: > 0 } after ? int.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(after!))) : 0;
            var page = all.Skip(start).Take(size).ToList();
            var hasMore = start + page.Count < all.Count;
            var cursor = Convert.ToBase64String(Encoding.UTF8.GetBytes((start + page.Count).ToString()));
            var include = request.Query["include"] == "users";
            return JsonAnswer(new
            {
                comments = page.Select(c => new
                {
                    id = c.Id, type = "Comment", author_id = c.AuthorId, body = c.PlainBody, html_body = $"<div class=\"zd-comment\"><p>{System.Net.WebUtility.HtmlEncode(c.PlainBody)}</p></div>",
                    plain_body = c.PlainBody, @public = c.Public, attachments = Array.Empty<object>(), audit_id = c.Id + 1000,
                    via = new { channel = "web" }, created_at = c.CreatedAt,
                }),
                users = include ? page.Select(c => c.AuthorId).Distinct().Where(Users.ContainsKey).Select(User).ToArray() : null,
                meta = new { has_more = hasMore, after_cursor = cursor, before_cursor = (string?)null },
                links = new
                {
                    next = hasMore ? $"{BaseUrl}/api/v2/tickets/{id}/comments.json?page%5Bsize%5D={size}&page%5Bafter%5D={Uri.EscapeDataString(cursor)}{(include ? "&include=users" : "")}" : null,
                    prev = (string?)null,
                },
            });
        });
        app.MapPut("/api/v2/tickets/{id:long}.json", async (long id, HttpRequest request) =>
        {
            if (!Tickets.TryGetValue(id, out var t)) return Error(404);
            var body = await BodyAsync(request);
            if (body?["ticket"]?["comment"] is not { } comment || comment["body"]?.GetValue<string>() is not { Length: > 0 } text)
                return JsonAnswer(new { error = "RecordInvalid", description = "Record validation errors", details = new { @base = new[] { new { description = "Comment: cannot be blank" } } } }, 422);
            Accepted(request, body);
            var isPublic = comment["public"]?.GetValue<bool>() ?? true;
            var now = DateTime.UtcNow;
            var commentId = Comments[id].Max(c => c.Id) + 1;
            Comments[id].Add(new Comment(commentId, AgentId, isPublic, text, now));
            return JsonAnswer(new
            {
                ticket = new { id, url = $"{BaseUrl}/api/v2/tickets/{id}.json", subject = t.Subject, status = "open", updated_at = now },
                audit = new
                {
                    id = commentId + 1000, ticket_id = id, created_at = now, author_id = AgentId,
                    events = new object[] { new { id = commentId, type = "Comment", author_id = AgentId, body = text, plain_body = text, @public = isPublic } },
                },
            });
        });
        app.MapGet("/api/v2/users/{id:long}.json", (long id) => Users.ContainsKey(id) ? JsonAnswer(new { user = User(id) }) : Error(404));
        app.MapGet("/api/v2/organizations/{id:long}.json", (long id) => Organizations.TryGetValue(id, out var name)
            ? JsonAnswer(new { organization = new { id, url = $"{BaseUrl}/api/v2/organizations/{id}.json", name, domain_names = new[] { "globex.example" }, created_at = new DateTime(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc) } })
            : Error(404));
    }

    private object User(long id)
    {
        var (name, email, role) = Users[id];
        return new { id, url = $"{BaseUrl}/api/v2/users/{id}.json", name, email, role, active = true, organization_id = role == "end-user" ? OrganizationId : (long?)null, time_zone = "Eastern Time (US & Canada)" };
    }
}

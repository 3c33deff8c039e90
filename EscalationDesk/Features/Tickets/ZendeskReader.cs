using System.Text.Json.Nodes;

namespace EscalationDesk.Features.Tickets;

// Zendesk Support REST API v2: the ticket, its comments (cursor pagination, authors side-loaded), requester, organization.
// https://developer.zendesk.com/api-reference/ticketing/tickets/ticket_comments/
public sealed class ZendeskReader(ConnectorHttp http)
{
    public const int PageSize = 100;
    private const int MaxPages = 100;

    public async Task<ImportedTicket> ReadAsync(ConnectorConfig config, string id, CancellationToken ct)
    {
        var what = $"ticket {id}";
        var ticket = (await http.GetAsync(config, $"api/v2/tickets/{id}.json", what, ct))["ticket"]
            ?? throw new TicketConnectorException($"Zendesk's answer for {what} has no ticket.");

        var users = new Dictionary<long, (string Name, string Email, string Role)>();
        var comments = new List<ImportedComment>();
        string? next = $"api/v2/tickets/{id}/comments.json?page%5Bsize%5D={PageSize}&include=users";
        var raw = new List<JsonNode>();
        for (var page = 0; next is not null; page++)
        {
            if (page == MaxPages) throw new TicketConnectorException($"Zendesk's comments of {what} run past {MaxPages} pages; nothing was imported.");
            var answer = await http.GetAsync(config, next, $"the comments of {what}", ct);
            foreach (var user in answer["users"]?.AsArray() ?? []) if (user is not null) AddUser(users, user);
            raw.AddRange((answer["comments"]?.AsArray() ?? []).OfType<JsonNode>());
            next = answer["meta"]?["has_more"]?.GetValue<bool>() == true ? answer["links"]?["next"]?.GetValue<string>() : null;
        }

        var requesterId = ticket["requester_id"]?.GetValue<long>();
        if (requesterId is long rid && !users.ContainsKey(rid))
            AddUser(users, (await http.GetAsync(config, $"api/v2/users/{rid}.json", $"the requester of {what}", ct))["user"]!);
        string? organization = null;
        if (ticket["organization_id"]?.GetValue<long>() is long oid)
            organization = (await http.GetAsync(config, $"api/v2/organizations/{oid}.json", $"the organization of {what}", ct))["organization"]?["name"]?.GetValue<string>();

        foreach (var c in raw)
        {
            var authorId = c["author_id"]?.GetValue<long>() ?? 0;
            var (authorName, _, role) = users.TryGetValue(authorId, out var u) ? u : ($"User {authorId}", "", "");
            var body = c["plain_body"]?.GetValue<string>() ?? c["body"]?.GetValue<string>()
                ?? PlainText.FromHtml(c["html_body"]?.GetValue<string>() ?? "");
            comments.Add(new ImportedComment(
                c["id"]!.ToJsonString(), authorName, c["public"]?.GetValue<bool>() ?? true, role is "agent" or "admin",
                c["created_at"]!.GetValue<DateTime>().ToUniversalTime(), body.Trim()));
        }
        var requester = requesterId is long r && users.TryGetValue(r, out var who) ? Person(who.Name, who.Email) : null;
        return new ImportedTicket(TicketSystem.Zendesk, id, config.TicketUrl(id), ticket["subject"]?.GetValue<string>() ?? "",
            ticket["created_at"]!.GetValue<DateTime>().ToUniversalTime(), requester, organization, comments);
    }

    // For an inbound webhook: the ticket's tags and its assignee's email (null when unassigned), read from the API rather
    // than taken from the webhook's payload, whose shape each Zendesk trigger defines.
    public async Task<(IReadOnlyList<string> Tags, string? AssigneeEmail)> InboundFactsAsync(ConnectorConfig config, string id, CancellationToken ct)
    {
        var what = $"ticket {id}";
        var ticket = (await http.GetAsync(config, $"api/v2/tickets/{id}.json", what, ct))["ticket"]
            ?? throw new TicketConnectorException($"Zendesk's answer for {what} has no ticket.");
        var tags = (ticket["tags"]?.AsArray() ?? []).Select(t => t?.GetValue<string>() ?? "").Where(t => t.Length > 0).ToList();
        string? email = null;
        if (ticket["assignee_id"]?.GetValue<long>() is long assignee)
            email = (await http.GetAsync(config, $"api/v2/users/{assignee}.json", $"the assignee of {what}", ct))["user"]?["email"]?.GetValue<string>();
        return (tags, email);
    }

    public async Task<string> WhoAmIAsync(ConnectorConfig config, CancellationToken ct)
    {
        var user = (await http.GetAsync(config, "api/v2/users/me.json", "signed-in user", ct))["user"];
        return Person(user?["name"]?.GetValue<string>() ?? "", user?["email"]?.GetValue<string>() ?? "");
    }

    private static void AddUser(Dictionary<long, (string, string, string)> users, JsonNode user) =>
        users[user["id"]!.GetValue<long>()] = (user["name"]?.GetValue<string>() ?? "", user["email"]?.GetValue<string>() ?? "", user["role"]?.GetValue<string>() ?? "");

    internal static string Person(string name, string email) =>
        email.Length == 0 ? name : name.Length == 0 ? email : $"{name} <{email}>";
}

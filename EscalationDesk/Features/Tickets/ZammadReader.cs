using System.Text.Json.Nodes;

namespace EscalationDesk.Features.Tickets;

// Zammad REST API v1: the ticket, its articles, the customer and the organization.
// https://docs.zammad.org/en/latest/api/ticket/articles.html
public sealed class ZammadReader(ConnectorHttp http)
{
    public async Task<ImportedTicket> ReadAsync(ConnectorConfig config, string id, CancellationToken ct)
    {
        var what = $"ticket {id}";
        var ticket = await http.GetAsync(config, $"api/v1/tickets/{id}", what, ct);
        var articles = (await http.GetAsync(config, $"api/v1/ticket_articles/by_ticket/{id}", $"the articles of {what}", ct)).AsArray();
        string? requester = null, organization = null;
        if (ticket["customer_id"]?.GetValue<long>() is long cid)
        {
            var user = await http.GetAsync(config, $"api/v1/users/{cid}", $"the customer of {what}", ct);
            requester = ZendeskReader.Person($"{user["firstname"]?.GetValue<string>()} {user["lastname"]?.GetValue<string>()}".Trim(), user["email"]?.GetValue<string>() ?? "");
        }
        if (ticket["organization_id"]?.GetValue<long>() is long oid)
            organization = (await http.GetAsync(config, $"api/v1/organizations/{oid}", $"the organization of {what}", ct))["name"]?.GetValue<string>();

        var comments = articles.OfType<JsonNode>()
            .Select(a =>
            {
                var body = a["body"]?.GetValue<string>() ?? "";
                if ((a["content_type"]?.GetValue<string>() ?? "").Contains("html", StringComparison.OrdinalIgnoreCase)) body = PlainText.FromHtml(body);
                var from = a["from"]?.GetValue<string>() ?? a["created_by"]?.GetValue<string>() ?? "";
                var lt = from.IndexOf('<');
                return new ImportedComment(a["id"]!.ToJsonString(), (lt > 0 ? from[..lt] : from).Trim().Trim('"'),
                    !(a["internal"]?.GetValue<bool>() ?? false), a["sender"]?.GetValue<string>() == "Agent",
                    a["created_at"]!.GetValue<DateTime>().ToUniversalTime(), body.Trim());
            })
            .OrderBy(c => c.At).ToList();
        return new ImportedTicket(TicketSystem.Zammad, id, config.TicketUrl(id), ticket["title"]?.GetValue<string>() ?? "",
            ticket["created_at"]!.GetValue<DateTime>().ToUniversalTime(), requester, organization, comments);
    }

    // For an inbound webhook: the ticket's tags (GET /api/v1/tags?object=Ticket&o_id=…) and its owner's email; Zammad's
    // owner 1 is its system user, "nobody".
    public async Task<(IReadOnlyList<string> Tags, string? AssigneeEmail)> InboundFactsAsync(ConnectorConfig config, string id, CancellationToken ct)
    {
        var what = $"ticket {id}";
        var ticket = await http.GetAsync(config, $"api/v1/tickets/{id}", what, ct);
        var tags = ((await http.GetAsync(config, $"api/v1/tags?object=Ticket&o_id={id}", $"the tags of {what}", ct))["tags"]?.AsArray() ?? [])
            .Select(t => t?.GetValue<string>() ?? "").Where(t => t.Length > 0).ToList();
        string? email = null;
        if (ticket["owner_id"]?.GetValue<long>() is long owner and > 1)
            email = (await http.GetAsync(config, $"api/v1/users/{owner}", $"the owner of {what}", ct))["email"]?.GetValue<string>();
        return (tags, email is { Length: > 0 } ? email : null);
    }

    public async Task<string> WhoAmIAsync(ConnectorConfig config, CancellationToken ct)
    {
        var user = await http.GetAsync(config, "api/v1/users/me", "signed-in user", ct);
        return ZendeskReader.Person($"{user["firstname"]?.GetValue<string>()} {user["lastname"]?.GetValue<string>()}".Trim(), user["email"]?.GetValue<string>() ?? "");
    }
}

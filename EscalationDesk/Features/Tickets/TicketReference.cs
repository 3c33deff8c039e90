using System.Text.RegularExpressions;

namespace EscalationDesk.Features.Tickets;

public sealed record TicketReference(ConnectorConfig Config, string Id);

// "Ticket URL or id" as pasted: a Zendesk agent or API URL, a Zammad zoom URL, or a bare id when one platform is connected.
public static partial class TicketReferences
{
    public static (TicketReference? Reference, string? Error) Parse(string? input, IReadOnlyList<ConnectorConfig> connected)
    {
        var text = (input ?? "").Trim();
        if (connected.Count == 0) return (null, "No helpdesk is connected.");
        if (text.Length == 0) return (null, "Enter a ticket URL or id.");
        if (BareId().IsMatch(text))
        {
            return connected.Count == 1
                ? (new TicketReference(connected[0], text.TrimStart('#')), null)
                : (null, "Zendesk and Zammad are both connected: paste the ticket's URL instead of its id.");
        }
        if (!Uri.TryCreate(text, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
            return (null, "Paste a Zendesk or Zammad ticket URL, or a ticket id.");
        var (system, id) = ZendeskPath().Match(url.AbsolutePath) is { Success: true } z ? (TicketSystem.Zendesk, z.Groups[1].Value)
            : ZammadFragment().Match(url.Fragment) is { Success: true } m ? (TicketSystem.Zammad, m.Groups[1].Value)
            : ((TicketSystem?)null, "");
        if (system is null) return (null, "That URL is not a Zendesk or Zammad ticket (…/agent/tickets/123, …/api/v2/tickets/123.json or …/#ticket/zoom/123).");
        var config = connected.FirstOrDefault(c => c.System == system);
        if (config is null) return (null, $"{system} is not connected.");
        if (!string.Equals(url.Host, config.BaseUrl.Host, StringComparison.OrdinalIgnoreCase))
            return (null, $"That ticket is on {url.Host}; the {system} connection is {config.BaseUrl.Host}.");
        return (new TicketReference(config, id), null);
    }

    [GeneratedRegex(@"^#?\d{1,18}$")]
    private static partial Regex BareId();

    [GeneratedRegex(@"/(?:agent/tickets|api/v2/tickets)/(\d{1,18})(?:\.json)?/?$", RegexOptions.IgnoreCase)]
    private static partial Regex ZendeskPath();

    [GeneratedRegex(@"^#ticket/zoom/(\d{1,18})(?:/.*)?$", RegexOptions.IgnoreCase)]
    private static partial Regex ZammadFragment();
}

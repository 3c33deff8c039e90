using System.Net;
using System.Net.Sockets;
using EscalationDesk.Features.Webhooks;

namespace EscalationDesk.Features.Tickets;

// The private-address rule for connector base URLs, with the webhooks' ranges (WebhookTargets.IsPrivate): refused unless
// Webhooks:AllowPrivateTargets is true (tests, on-premises helpdesks). Checked before each request for a clear message; the
// "tickets" client's handler (WebhookTargets.Handler) checks again on connect, so a name that resolves differently then is caught.
// Why: a base URL typed by an Admin must not turn the server into a way to reach its own network (SSRF).
// https://cheatsheetseries.owasp.org/cheatsheets/Server_Side_Request_Forgery_Prevention_Cheat_Sheet.html
public static class ConnectorAddressRule
{
    public const string AllowSetting = WebhookTargets.Setting;

    public static async Task<string?> RefusalAsync(Uri baseUrl, bool allowPrivate, string name, CancellationToken ct)
    {
        if (allowPrivate) return null;
        IPAddress[] addresses;
        if (IPAddress.TryParse(baseUrl.IdnHost.Trim('[', ']'), out var literal)) addresses = [literal];
        else
        {
            try { addresses = await Dns.GetHostAddressesAsync(baseUrl.IdnHost, ct); }
            catch (SocketException) { return $"{name} is unreachable: {baseUrl.Host} does not resolve."; }
        }
        return addresses.Any(WebhookTargets.IsPrivate)
            ? $"{name} at {baseUrl.Host} is on a private or loopback address, which is refused ({AllowSetting} is off)."
            : null;
    }
}

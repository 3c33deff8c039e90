using System.Net;
using System.Net.Sockets;

namespace EscalationDesk.Features.Tickets;

// The private-address rule for connector base URLs: loopback, private, link-local and unique-local addresses are refused
// unless Webhooks:AllowPrivateTargets is true (tests, on-premises helpdesks). Kept here until it is shared with webhooks.
// Why: a base URL typed by an Admin must not turn the server into a way to reach its own network (SSRF).
// https://cheatsheetseries.owasp.org/cheatsheets/Server_Side_Request_Forgery_Prevention_Cheat_Sheet.html
public static class ConnectorAddressRule
{
    public const string AllowSetting = "Webhooks:AllowPrivateTargets";

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
        return addresses.Any(IsPrivate)
            ? $"{name} at {baseUrl.Host} is on a private or loopback address, which is refused ({AllowSetting} is off)."
            : null;
    }

    public static bool IsPrivate(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        if (IPAddress.IsLoopback(address) || address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any)) return true;
        if (address.AddressFamily == AddressFamily.InterNetworkV6)
            return address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6UniqueLocal;
        var b = address.GetAddressBytes();
        return b[0] == 10 || b[0] == 127 || b[0] == 0
            || (b[0] == 172 && b[1] >= 16 && b[1] <= 31)
            || (b[0] == 192 && b[1] == 168)
            || (b[0] == 169 && b[1] == 254)
            || (b[0] == 100 && b[1] >= 64 && b[1] <= 127);
    }
}

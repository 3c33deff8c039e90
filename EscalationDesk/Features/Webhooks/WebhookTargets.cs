using System.Net;
using System.Net.Sockets;

namespace EscalationDesk.Features.Webhooks;

// A request to a private, loopback or link-local address was refused (Webhooks:AllowPrivateTargets is false).
public sealed class PrivateTargetException(string message) : HttpRequestException(message);

// Where the app may post (outbound webhooks and the chat webhooks): not to this machine, its private networks or the cloud
// metadata address, unless Webhooks:AllowPrivateTargets is true (tests, an on-premises receiver). Checked when a URL is saved
// (by its literal address or DNS answer) and again on every connection, on the addresses actually connected to
// (SocketsHttpHandler.ConnectCallback), so a DNS answer that changes after the check (rebinding) is refused too.
// https://cheatsheetseries.owasp.org/cheatsheets/Server_Side_Request_Forgery_Prevention_Cheat_Sheet.html
public sealed class WebhookTargets(IConfiguration configuration)
{
    public const string Setting = "Webhooks:AllowPrivateTargets";

    public bool AllowPrivate => configuration.GetValue(Setting, false);

    // Null when the URL may be saved; otherwise the message for the field. A name that does not resolve now is accepted
    // (DNS may be down); the connection is checked anyway.
    public async Task<string?> RefusalAsync(string url, CancellationToken ct = default)
    {
        var text = url.Trim();
        if (text.Length > 2_000) return "A webhook URL is at most 2,000 characters.";
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || string.IsNullOrEmpty(uri.Host))
            return "Enter a full http:// or https:// URL.";
        if (AllowPrivate) return null;
        IPAddress[] addresses;
        try
        {
            addresses = IPAddress.TryParse(uri.IdnHost, out var literal) ? [literal] : await Dns.GetHostAddressesAsync(uri.IdnHost, ct);
        }
        catch (SocketException)
        {
            return uri.IdnHost.Equals("localhost", StringComparison.OrdinalIgnoreCase) ? Refused(uri.IdnHost, IPAddress.Loopback) : null;
        }
        return addresses.FirstOrDefault(IsPrivate) is { } found ? Refused(uri.IdnHost, found) : null;
    }

    private static string Refused(string host, IPAddress address) =>
        $"{host} is a private or local address ({address}); webhooks go only to public addresses (setting {Setting}).";

    public static bool IsPrivate(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        if (IPAddress.IsLoopback(address)) return true;
        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            if (address.Equals(IPAddress.IPv6Any) || address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6Multicast) return true;
            var b6 = address.GetAddressBytes();
            return (b6[0] & 0xFE) == 0xFC;   // fc00::/7, unique local
        }
        var b = address.GetAddressBytes();
        return b[0] switch
        {
            0 or 10 or 127 => true,                               // "this network", private, loopback
            100 => b[1] >= 64 && b[1] <= 127,                     // 100.64.0.0/10, carrier-grade NAT
            169 => b[1] == 254,                                   // link-local, cloud metadata (169.254.169.254)
            172 => b[1] >= 16 && b[1] <= 31,                      // 172.16.0.0/12
            192 => b[1] == 168 || (b[1] == 0 && b[2] is 0 or 2),  // 192.168.0.0/16, 192.0.0.0/24, 192.0.2.0/24
            198 => b[1] is 18 or 19,                              // 198.18.0.0/15, benchmarking
            >= 224 => true,                                       // multicast, reserved, broadcast
            _ => false,
        };
    }

    // The handler of every outbound post: connects only to allowed addresses, follows no redirects (a redirect is the
    // receiver's answer, not a new target).
    public SocketsHttpHandler Handler() => new()
    {
        AllowAutoRedirect = false,
        PooledConnectionLifetime = TimeSpan.FromMinutes(2),
        ConnectCallback = ConnectAsync,
    };

    private async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken ct)
    {
        var host = context.DnsEndPoint.Host;
        var addresses = IPAddress.TryParse(host, out var literal) ? [literal] : await Dns.GetHostAddressesAsync(host, ct);
        if (!AllowPrivate && addresses.FirstOrDefault(IsPrivate) is { } found) throw new PrivateTargetException(Refused(host, found));
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(addresses, context.DnsEndPoint.Port, ct);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}

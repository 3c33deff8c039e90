using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace EscalationDesk.Features.Tickets;

// The helpdesks' webhook signatures, checked before the body is read as JSON. Comparisons take constant time.
public static class InboundSignatures
{
    // A Zendesk signature older (or further ahead) than this is refused: a captured request cannot be replayed later.
    public static readonly TimeSpan MaxAge = TimeSpan.FromMinutes(5);

    // Zendesk: X-Zendesk-Webhook-Signature = base64(HMAC-SHA256(secret, timestamp + body)), the timestamp being
    // X-Zendesk-Webhook-Signature-Timestamp as sent. https://developer.zendesk.com/documentation/webhooks/verifying/
    public static string? ZendeskRefusal(string secret, string? signature, string? timestamp, byte[] body, DateTimeOffset now)
    {
        if (string.IsNullOrEmpty(signature) || string.IsNullOrEmpty(timestamp)) return "The Zendesk signature or its timestamp is missing.";
        if (!DateTimeOffset.TryParse(timestamp, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at))
            return "The Zendesk signature timestamp is not a time.";
        if ((now - at).Duration() > MaxAge) return "The Zendesk signature timestamp is too old (or ahead of this server's clock).";
        var expected = Convert.FromBase64String(Zendesk(secret, timestamp, body));
        return Matches(expected, () => Convert.FromBase64String(signature)) ? null : "The Zendesk signature does not match.";
    }

    // Zammad: X-Hub-Signature = "sha1=" + hex(HMAC-SHA1(token, body)), as GitHub's.
    // https://admin-docs.zammad.org/en/latest/manage/webhook/payload.html
    public static string? ZammadRefusal(string secret, string? signature, byte[] body)
    {
        if (string.IsNullOrEmpty(signature) || !signature.StartsWith("sha1=", StringComparison.OrdinalIgnoreCase)) return "The Zammad signature (X-Hub-Signature) is missing.";
        var expected = HMACSHA1.HashData(Encoding.UTF8.GetBytes(secret), body);
        return Matches(expected, () => Convert.FromHexString(signature[5..])) ? null : "The Zammad signature does not match.";
    }

    public static string Zendesk(string secret, string timestamp, byte[] body) =>
        Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(timestamp).Concat(body).ToArray()));

    public static string Zammad(string secret, byte[] body) => "sha1=" + Convert.ToHexStringLower(HMACSHA1.HashData(Encoding.UTF8.GetBytes(secret), body));

    private static bool Matches(byte[] expected, Func<byte[]> given)
    {
        try { return CryptographicOperations.FixedTimeEquals(expected, given()); }
        catch (FormatException) { return false; }
    }
}

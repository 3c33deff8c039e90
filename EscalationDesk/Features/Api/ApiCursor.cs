using System.Security.Cryptography;
using System.Text.Json;
using EscalationDesk.Features.Queue;
using Microsoft.AspNetCore.DataProtection;

namespace EscalationDesk.Features.Api;

// The list's "after": the position of the last row shown (its values of the view's order, QueueService.OrderColumns) and the
// view it belongs to, protected by Data Protection (encrypted and signed, base64url): opaque to a client, and a changed
// cursor is refused, not read. The position is a keyset, so rows added meanwhile never shift the next page.
public sealed class ApiCursor(IDataProtectionProvider protection)
{
    private readonly IDataProtector _protector = protection.CreateProtector("EscalationDesk.Api.Cursor.v1");

    private sealed record Payload(string View, JsonElement[] Keys);

    public string Write(QueueQuery query, IReadOnlyList<object?> keys) =>
        _protector.Protect(JsonSerializer.Serialize(new Payload(View(query), keys.Select(k => JsonSerializer.SerializeToElement(k)).ToArray())));

    // Null when the cursor is not one of ours, was changed, or belongs to another view (other filters or order).
    public IReadOnlyList<object?>? Read(string cursor, QueueQuery query)
    {
        try
        {
            var payload = JsonSerializer.Deserialize<Payload>(_protector.Unprotect(cursor));
            var columns = QueueService.OrderColumns(query.Sort);
            if (payload is null || payload.View != View(query) || payload.Keys.Length != columns.Count) return null;
            return payload.Keys.Select((k, i) => k.ValueKind == JsonValueKind.Null ? null : k.Deserialize(columns[i].ReturnType)).ToList();
        }
        catch (Exception e) when (e is CryptographicException or JsonException or FormatException or NotSupportedException)
        {
            return null;
        }
    }

    private static string View(QueueQuery query) => QueueUrl.QueryString(query with { Page = 0, PageSize = QueueService.DefaultPageSize });
}

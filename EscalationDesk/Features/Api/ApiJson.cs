using System.Text.Json;
using System.Text.Json.Serialization;
using EscalationDesk.Features.Judgment;

namespace EscalationDesk.Features.Api;

// JSON as the API and the webhooks write it: snake_case names and enum values, UTC times with "Z".
public static class ApiJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DictionaryKeyPolicy = JsonNamingPolicy.SnakeCaseLower,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    public static string Status(EscalationStatus status) => JsonNamingPolicy.SnakeCaseLower.ConvertName(status.ToString());
}

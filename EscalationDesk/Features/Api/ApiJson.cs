using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using EscalationDesk.Features.Judgment;
using EscalationDesk.Features.Wizard;

namespace EscalationDesk.Features.Api;

// JSON as the API and the webhooks write it: snake_case names and enum values, UTC times with "Z".
public static class ApiJson
{
    public static readonly JsonSerializerOptions Options = Configure(new JsonSerializerOptions(JsonSerializerDefaults.Web));

    // The same settings on the app's HTTP JSON options (minimal APIs and the OpenAPI document read those).
    public static JsonSerializerOptions Configure(JsonSerializerOptions options)
    {
        options.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
        options.DictionaryKeyPolicy = JsonNamingPolicy.SnakeCaseLower;
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower));
        options.TypeInfoResolver = (options.TypeInfoResolver ?? new DefaultJsonTypeInfoResolver()).WithAddedModifier(HideWizardState);
        return options;
    }

    public static string Status(EscalationStatus status) => JsonNamingPolicy.SnakeCaseLower.ConvertName(status.ToString());

    public static string Name<T>(T value) where T : struct, Enum => JsonNamingPolicy.SnakeCaseLower.ConvertName(value.ToString());

    // The content's own bookkeeping (its schema version, the wizard steps opened) is not a field of the escalation.
    private static void HideWizardState(JsonTypeInfo info)
    {
        if (info.Type != typeof(DraftContent)) return;
        foreach (var property in info.Properties.Where(p => p.Name is "schema_version" or "visited_steps").ToList())
            info.Properties.Remove(property);
    }
}

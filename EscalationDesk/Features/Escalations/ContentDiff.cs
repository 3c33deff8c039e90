using System.Text.Json.Nodes;
using EscalationDesk.Features.Wizard;

namespace EscalationDesk.Features.Escalations;

// What changed between two saves of a record, for the timeline: field names, and old → new for short values.
public static class ContentDiff
{
    private const int ShortValue = 60;

    public static IReadOnlyList<string> Changes(DraftContent before, DraftContent after)
    {
        var old = Flatten(before);
        var now = Flatten(after);
        return old.Keys.Union(now.Keys).Order(StringComparer.Ordinal)
            .Where(key => old.GetValueOrDefault(key) != now.GetValueOrDefault(key))
            .Select(key => Describe(key, old.GetValueOrDefault(key), now.GetValueOrDefault(key)))
            .Distinct()
            .ToList();
    }

    private static string Describe(string path, string? from, string? to)
    {
        var field = path.Split('[')[0];
        var isShort = (from?.Length ?? 0) <= ShortValue && (to?.Length ?? 0) <= ShortValue && !path.Contains('[');
        return isShort ? $"{field}: {Show(from)} → {Show(to)}" : field;
    }

    private static string Show(string? value) => string.IsNullOrEmpty(value) ? "(empty)" : value;

    private static Dictionary<string, string> Flatten(DraftContent content)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        Walk(JsonNode.Parse(content.ToJson()), "", values);
        return values;
    }

    private static void Walk(JsonNode? node, string path, Dictionary<string, string> values)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (name, child) in obj) Walk(child, path.Length == 0 ? name : $"{path}.{name}", values);
                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++) Walk(array[i], $"{path}[{i}]", values);
                if (array.Count == 0) values[path] = "";
                break;
            case JsonValue value:
                values[path] = value.ToString();
                break;
        }
    }
}

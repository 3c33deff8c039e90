using System.ComponentModel.DataAnnotations;
using System.Reflection;
using System.Text.Json.Nodes;
using EscalationDesk.Features.Wizard;

namespace EscalationDesk.Features.Escalations;

// What changed between two saves of a record, for the timeline: field names, and old → new for short values.
public sealed record FieldChange(string Field, string? Old, string? New);

public static class ContentDiff
{
    private const int ShortValue = 60;

    // One change per field (list items roll up into their list), old and new values kept only when short.
    public static IReadOnlyList<FieldChange> Changes(DraftContent before, DraftContent after)
    {
        var old = Flatten(before);
        var now = Flatten(after);
        return old.Keys.Union(now.Keys).Order(StringComparer.Ordinal)
            .Where(key => old.GetValueOrDefault(key) != now.GetValueOrDefault(key))
            .Select(key => Change(key, old.GetValueOrDefault(key), now.GetValueOrDefault(key)))
            .DistinctBy(c => c.Field)
            .ToList();
    }

    // Successive saves by one person fold into one event: each field keeps its first old and its latest new value.
    public static IReadOnlyList<FieldChange> Merge(IEnumerable<FieldChange> earlier, IEnumerable<FieldChange> later)
    {
        var merged = earlier.ToDictionary(c => c.Field);
        foreach (var change in later)
            merged[change.Field] = merged.TryGetValue(change.Field, out var first) ? first with { New = change.New } : change;
        return merged.Values.OrderBy(c => c.Field, StringComparer.Ordinal).ToList();
    }

    public static string Describe(IEnumerable<FieldChange> changes) =>
        "Edited " + string.Join("; ", changes.Select(c => c.Old is null && c.New is null ? c.Field : $"{c.Field}: {Show(c.Old)} → {Show(c.New)}"));

    private static FieldChange Change(string path, string? from, string? to)
    {
        var isShort = (from?.Length ?? 0) <= ShortValue && (to?.Length ?? 0) <= ShortValue && !path.Contains('[');
        return isShort ? new FieldChange(Label(path), from ?? "", to ?? "") : new FieldChange(Label(path.Split('[')[0]), null, null);
    }

    // "Impact.ArrAtRisk" → "ARR at risk": the field's label where it has one, else its name in words.
    private static string Label(string path)
    {
        var type = typeof(DraftContent);
        PropertyInfo? property = null;
        foreach (var name in path.Split('.'))
        {
            property = type.GetProperty(name);
            if (property is null) return path;
            type = property.PropertyType;
        }
        return property?.GetCustomAttribute<DisplayAttribute>()?.Name ?? Words(property?.Name ?? path);
    }

    private static string Words(string name) =>
        string.Concat(name.Select((c, i) => i > 0 && char.IsUpper(c) ? " " + char.ToLowerInvariant(c) : c.ToString()));

    private static string Show(string? value) => string.IsNullOrEmpty(value) ? "(empty)" : value;

    private static Dictionary<string, string> Flatten(DraftContent content)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var document = JsonNode.Parse(content.ToJson())!.AsObject();
        document.Remove(nameof(DraftContent.VisitedSteps));
        Walk(document, "", values);
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
                if (array.Count == 0) values[path + "[]"] = "";
                break;
            case JsonValue value:
                values[path] = value.ToString();
                break;
        }
    }
}

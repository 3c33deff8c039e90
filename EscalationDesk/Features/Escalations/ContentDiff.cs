using System.Collections;
using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Reflection;
using System.Text.Json.Nodes;
using EscalationDesk.Features.Judgment;
using EscalationDesk.Features.Wizard;

namespace EscalationDesk.Features.Escalations;

// How a field's change is told: a number or a date "set to", a choice or a yes/no by its shown name, text and lists "changed".
public enum FieldKind { Text, Number, Choice, Time, YesNo, List }

// What changed between two saves of a record, for the timeline: the field's label, its kind, and old and new values as the
// product shows them (a choice's name, a number in digits, a time as an instant); empty is "", text and lists keep none.
public sealed record FieldChange(string Field, string? Old, string? New, FieldKind Kind = FieldKind.Text);

public static class ContentDiff
{
    // One change per field (list items roll up into their list), in the order of the record's steps.
    public static IReadOnlyList<FieldChange> Changes(DraftContent before, DraftContent after)
    {
        var old = Flatten(before);
        var now = Flatten(after);
        return now.Keys.Concat(old.Keys.Where(k => !now.ContainsKey(k)))
            .Where(key => old.GetValueOrDefault(key) != now.GetValueOrDefault(key))
            .Select(key => Change(key, old, now))
            .DistinctBy(c => c.Field)
            .Where(Shows)
            .ToList();
    }

    // Successive saves by one person fold into one event: each field keeps its first old and its latest new value.
    public static IReadOnlyList<FieldChange> Merge(IEnumerable<FieldChange> earlier, IEnumerable<FieldChange> later)
    {
        var merged = earlier.ToList();
        foreach (var change in later)
        {
            var i = merged.FindIndex(c => c.Field == change.Field);
            if (i < 0) merged.Add(change);
            else merged[i] = merged[i] with { New = change.New, Kind = change.Kind };
        }
        return merged.Where(Shows).ToList();
    }

    // A value put back, or a list that stays empty (none → no items), is no change; text and lists keep no values to compare.
    private static bool Shows(FieldChange c) => c.Old != c.New || (c.Kind is FieldKind.Text or FieldKind.List && !string.IsNullOrEmpty(c.New));

    // "Customers affected set to 1; Specific ask: Prioritize fix; Summary changed".
    public static string Describe(IEnumerable<FieldChange> changes) => string.Join("; ", changes.Select(Describe));

    public static string Describe(FieldChange c)
    {
        var (wasEmpty, isEmpty) = (string.IsNullOrEmpty(c.Old), string.IsNullOrEmpty(c.New));
        if (isEmpty) return $"{c.Field} cleared";
        return c.Kind switch
        {
            FieldKind.Number => wasEmpty ? $"{c.Field} set to {c.New}" : $"{c.Field} changed from {c.Old} to {c.New}",
            FieldKind.Time => wasEmpty ? $"{c.Field} set to {Time(c.New)}" : $"{c.Field} changed from {Time(c.Old)} to {Time(c.New)}",
            FieldKind.Choice or FieldKind.YesNo => $"{c.Field}: {c.New}",
            _ => wasEmpty ? $"{c.Field} added" : $"{c.Field} changed",
        };
    }

    private static string Time(string? instant) =>
        DateTime.TryParse(instant, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var at) ? ShownTime.Short(at) : instant ?? "";

    private static FieldChange Change(string path, Dictionary<string, string> old, Dictionary<string, string> now)
    {
        var listPath = path.Split('[')[0];
        var property = Property(listPath);
        var label = property is null ? Words(listPath) : property.GetCustomAttribute<DisplayAttribute>()?.Name ?? Words(property.Name);
        var type = property is null ? typeof(string) : Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
        var kind = path.Contains('[') || (type != typeof(string) && typeof(IEnumerable).IsAssignableFrom(type)) ? FieldKind.List
            : type.IsEnum ? FieldKind.Choice
            : type == typeof(bool) ? FieldKind.YesNo
            : type == typeof(DateTime) ? FieldKind.Time
            : type == typeof(int) || type == typeof(decimal) ? FieldKind.Number
            : FieldKind.Text;
        // A list is empty or not as a whole: an item's own key says nothing about the others.
        if (kind == FieldKind.List) return new FieldChange(label, HasItems(old, listPath) ? "…" : "", HasItems(now, listPath) ? "…" : "", kind);
        return new FieldChange(label, Value(kind, type, old.GetValueOrDefault(path)), Value(kind, type, now.GetValueOrDefault(path)), kind);
    }

    private static bool HasItems(Dictionary<string, string> values, string listPath) =>
        values.Keys.Any(k => k.StartsWith(listPath + "[", StringComparison.Ordinal) && k != listPath + "[]");

    // Text and lists keep only whether they were empty (a marker), so the timeline stays short and quotes no customer text.
    private static string Value(FieldKind kind, Type type, string? raw)
    {
        if (string.IsNullOrEmpty(raw)) return "";
        return kind switch
        {
            FieldKind.Choice => Enum.TryParse(type, raw, out var value) ? Choice(value!) : raw,
            FieldKind.YesNo => raw == "true" ? "yes" : "no",
            FieldKind.Number => decimal.TryParse(raw, NumberStyles.Number, CultureInfo.InvariantCulture, out var n) ? n.ToString("#,##0.##", CultureInfo.InvariantCulture) : raw,
            FieldKind.Time => raw,
            _ => "…",
        };
    }

    // The names the product shows for its choices (Vocabulary), never the code's names.
    private static string Choice(object value) => value switch
    {
        Severity s => s.Text(),
        EscalationTarget t => t.Text(),
        ImpactDepth d => d.Text(),
        SlaStatus s => s.Text(),
        ReproFrequency f => f.Text(),
        SpecificAsk a => a.Text(),
        _ => Words(value.ToString() ?? ""),
    };

    // "Impact.CustomersAffected" → the property; null when the path names none.
    private static PropertyInfo? Property(string path)
    {
        var type = typeof(DraftContent);
        PropertyInfo? property = null;
        foreach (var name in path.Split('.'))
        {
            property = type.GetProperty(name);
            if (property is null) return null;
            type = property.PropertyType;
        }
        return property;
    }

    // "HardDeadline" → "Hard deadline", for a field with no label of its own.
    private static string Words(string name) =>
        string.Concat(name.Split('.')[^1].Select((c, i) => i > 0 && char.IsUpper(c) ? " " + char.ToLowerInvariant(c) : c.ToString()));

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

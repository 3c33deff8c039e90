using EscalationDesk.Features.Escalations;
using EscalationDesk.Features.Judgment;

namespace EscalationDesk.Features.Accounts;

// What an edit of a customer changed, for the timeline of each of its escalations. Unlike an escalation's own edits
// (ContentDiff), the values are told: the account is shared, so the owners of its other escalations see what it was before.
public static class AccountChanges
{
    public static IReadOnlyList<FieldChange> Between(AccountSummary before, AccountSummary after)
    {
        var changes = new List<FieldChange>();
        void Compare(string field, string? old, string? now, FieldKind kind = FieldKind.Text)
        {
            if ((old ?? "") != (now ?? "")) changes.Add(new FieldChange(field, old ?? "", now ?? "", kind));
        }
        Compare("Name", before.Name, after.Name);
        Compare("Plan", before.Plan, after.Plan);
        Compare("ARR", Amount(before.Arr), Amount(after.Arr), FieldKind.Number);
        Compare("Key contacts", before.KeyContacts, after.KeyContacts);
        Compare("Time zone", before.TimeZone, after.TimeZone, FieldKind.Choice);
        return changes;
    }

    // "Customer Acme Corp edited: Plan "Business" → "Enterprise"; ARR none → 250,000".
    public static string Describe(string customer, IEnumerable<FieldChange> changes) =>
        $"Customer {customer} edited: {string.Join("; ", changes.Select(c => $"{c.Field} {Shown(c, c.Old)} → {Shown(c, c.New)}"))}";

    private static string Shown(FieldChange change, string? value) => string.IsNullOrEmpty(value)
        ? change.Field == "Time zone" ? "the organisation's" : "none"
        : change.Kind == FieldKind.Text ? $"\"{string.Join(' ', value.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))}\"" : value;

    private static string? Amount(decimal? arr) => arr is decimal value ? NumberParsing.FormatAmount(value) : null;
}

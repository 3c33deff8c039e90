using System.Globalization;
using EscalationDesk.Features.Judgment;
using EscalationDesk.Features.Wizard;

namespace EscalationDesk.Features.Briefs;

// What changed between two states of one record, as a reader would say it: "Severity High → Critical",
// "Customers affected 3 → 7", "What's broken or needed edited". Short values are shown old → new; long text only as edited.
public static class BriefChanges
{
    private const int ShownLength = 80;

    public static IReadOnlyList<string> Between(BriefSource before, BriefSource after)
    {
        var changes = new List<string>();
        var (b, a) = (before.Content, after.Content);
        void Value(string label, string? old, string? now)
        {
            old = Shown(old);
            now = Shown(now);
            if (old == now) return;
            changes.Add(old.Length > ShownLength || now.Length > ShownLength ? $"{label} edited" : $"{label} {Or(old)} → {Or(now)}");
        }
        void Text(string label, string? old, string? now)
        {
            if (Shown(old) != Shown(now)) changes.Add($"{label} edited");
        }

        Value("Status", before.Status.Text(), after.Status.Text());
        Value("Severity", before.Assessment.Severity.Effective.Text(), after.Assessment.Severity.Effective.Text());
        Value("Target team", Teams(before), Teams(after));
        Value("Summary", b.Understand.Summary, a.Understand.Summary);
        Text("What's broken or needed", b.Understand.WhatsBroken, a.Understand.WhatsBroken);
        Value("Customers affected", Number(b.Impact.CustomersAffected), Number(a.Impact.CustomersAffected));
        Value("Users affected", Number(b.Impact.UsersAffected), Number(a.Impact.UsersAffected));
        Value("ARR at risk", Money(b.Impact.ArrAtRisk, before.Currency), Money(a.Impact.ArrAtRisk, after.Currency));
        Value("Depth", b.Impact.Depth?.Text(), a.Impact.Depth?.Text());
        Value("SLA status", b.Impact.SlaStatus?.Text(), a.Impact.SlaStatus?.Text());
        Value("Specific ask", b.Brief.SpecificAsk?.Text(), a.Brief.SpecificAsk?.Text());
        Text("What's needed", b.Brief.WhatsNeeded, a.Brief.WhatsNeeded);
        Value("Deadline", When(b.Brief.Deadline, after.ZoneId), When(a.Brief.Deadline, after.ZoneId));
        Value("Reproduction steps", Number(Steps(b)), Number(Steps(a)));
        Text("Last update to customer", b.Brief.LastUpdateToCustomer, a.Brief.LastUpdateToCustomer);
        Text("Escalation risk", b.Brief.EscalationRisk, a.Brief.EscalationRisk);
        return changes;
    }

    private static string Teams(BriefSource s) => s.Assessment.Targets.Effective.Count > 0 ? s.Assessment.Targets.TeamText : "";

    private static int? Steps(DraftContent c) => c.Reproduce.Steps.Count(x => !string.IsNullOrWhiteSpace(x.Text)) is var n and > 0 ? n : null;

    private static string? Number(int? n) => n?.ToString("N0", CultureInfo.InvariantCulture);

    private static string? Money(decimal? amount, string currency) => amount is decimal a ? BriefMarkdown.Money(a, currency) : null;

    private static string? When(DateTime? at, string zone) => at is DateTime t ? BriefMarkdown.When(t, zone) : null;

    private static string Shown(string? text) => string.Join(' ', (text ?? "").Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    private static string Or(string value) => value.Length > 0 ? value : "none";
}

using EscalationDesk.Features.Wizard;

namespace EscalationDesk.Features.Escalations;

// Drafts of what to tell the customer, written from the record as a person would write them: to the customer's contact by
// name, about the problem in the customer's words (What's broken or needed, never the internal Summary), with no internal
// counts, severities or team names, and when they hear next. The agent edits them before sending; nothing is sent by itself.
public static class CustomerMessages
{
    // zoneId: the customer's (their account's, else the organisation's), so "by 17:00" is their 17:00.
    // keyContacts: the account's Key contacts, as typed; reference: the escalation's id, given once as the customer's reference.
    public static string Interim(DraftContent c, string? keyContacts, DateTime? nextUpdate, string zoneId, int? reference = null) =>
        Letter(keyContacts,
            $"Thank you for your patience while we look into this. {Problem(c, "You told us")}",
            Tried(c),
            "I have passed it to the specialists who can resolve it, and they are working on it now.",
            Next(nextUpdate, zoneId),
            Reference(reference));

    public static string StatusUpdate(DraftContent c, string? keyContacts, DateTime? nextUpdate, string? latest, string zoneId, int? reference = null) =>
        Letter(keyContacts,
            $"Here is an update on the problem you reported. {Problem(c, "As a reminder, you told us")}",
            string.IsNullOrWhiteSpace(latest)
                ? "We are still investigating. There is nothing new to share yet, but it remains a priority for us."
                : Sentence(latest),
            Next(nextUpdate, zoneId),
            Reference(reference));

    // The first name of the first key contact ("Jo Lee (CTO), jo@example.com" → "Jo"), or none: "Hello,".
    public static string? ContactName(string? keyContacts)
    {
        var first = (keyContacts ?? "").Split(['\n', '\r', ';', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .FirstOrDefault() ?? "";
        foreach (var (open, close) in new[] { ('(', ')'), ('<', '>'), ('[', ']') })
            while (first.IndexOf(open) is var at and >= 0)
                first = first.Remove(at, (first.IndexOf(close, at) is var end and >= 0 ? end + 1 : first.Length) - at);
        first = first.Split([" - ", " – ", " — ", ":"], StringSplitOptions.None)[0];
        var words = first.Split(' ', StringSplitOptions.RemoveEmptyEntries).Where(w => !w.Contains('@')).ToList();
        if (words.Count == 0) return null;
        // "Dr. Ruiz" or "Ms Kaur" is greeted whole; anyone else by their first name.
        return words.Count > 1 && Titles.Contains(words[0].TrimEnd('.')) ? string.Join(' ', words) : words[0];
    }

    private static readonly HashSet<string> Titles = new(["Mr", "Mrs", "Ms", "Mx", "Dr", "Prof"], StringComparer.OrdinalIgnoreCase);

    private static string Letter(string? keyContacts, params string[] paragraphs) =>
        $"{(ContactName(keyContacts) is { } name ? $"Hello {name}," : "Hello,")}\n\n" +
        string.Join("\n\n", paragraphs.Where(p => p.Length > 0)) +
        "\n\nBest regards";

    private static string Problem(DraftContent c, string lead) =>
        string.IsNullOrWhiteSpace(c.Understand.WhatsBroken) ? "" : $"{lead}: {Sentence(c.Understand.WhatsBroken)}";

    // What was tried, in the agent's words and in order, never as a count.
    private static string Tried(DraftContent c)
    {
        var steps = c.Understand.Tried.Select(t => t.Step.Trim().TrimEnd('.')).Where(s => s.Length > 0).ToList();
        return steps.Count == 0 ? "" : $"So far we have tried the following: {string.Join("; ", steps)}. The problem remains, so we are taking it further.";
    }

    private static string Next(DateTime? at, string zoneId) => at is DateTime next
        ? $"I will write to you again by {ShownTime.Sentence(next, zoneId)}, or sooner if there is news."
        : "I will write to you again as soon as we know more.";

    private static string Reference(int? id) => id is int n ? $"Our reference for this is ESC-{n}." : "";

    // Trimmed, ending in a full stop unless it already ends a sentence.
    private static string Sentence(string text)
    {
        var t = text.Trim();
        return t.Length > 0 && ".!?".Contains(t[^1]) ? t : t + ".";
    }
}

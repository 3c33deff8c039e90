using System.Globalization;
using EscalationDesk.Features.Judgment;
using EscalationDesk.Features.Wizard;

namespace EscalationDesk.Features.Escalations;

// Drafts of what to tell the customer, written from the record: what we know, what we are doing, when they hear next.
// The agent edits them before sending; nothing here is sent by itself.
public static class CustomerMessages
{
    // zoneId: the customer's (their account's, else the organisation's), so "by 17:00" is their 17:00.
    public static string Interim(DraftContent c, DateTime? nextUpdate, string zoneId) =>
        $"""
        Hello,

        Thank you for your patience. We understand that {Problem(c)}.
        {Tried(c)}We have escalated this to our {Team(c)} team as {Severity(c)} priority, and they are looking into it now.
        {Next(nextUpdate, zoneId)}

        Best regards
        """;

    public static string StatusUpdate(DraftContent c, DateTime? nextUpdate, string? latest, string zoneId) =>
        $"""
        Hello,

        Here is an update on {Problem(c)}.
        {(string.IsNullOrWhiteSpace(latest) ? "Our team is still investigating; we have no new findings yet, but it remains a priority." : $"Latest: {latest.Trim()}")}
        {Next(nextUpdate, zoneId)}

        Best regards
        """;

    private static string Problem(DraftContent c) =>
        string.IsNullOrWhiteSpace(c.Understand.Summary) ? "the issue you reported" : $"the issue you reported: {c.Understand.Summary.Trim()}";

    private static string Tried(DraftContent c) =>
        c.Understand.Tried.Count(t => !string.IsNullOrWhiteSpace(t.Step)) is var n and > 0
            ? $"We have already tried {n} thing{(n == 1 ? "" : "s")} to resolve it. " : "";

    private static string Team(DraftContent c) => TargetRules.Decide(c.Target).Primary?.Text().ToLowerInvariant() ?? "specialist";

    private static string Severity(DraftContent c) => SeverityRules.Decide(c.Impact).Effective.Text().ToLowerInvariant();

    private static string Next(DateTime? at, string zoneId) => at is DateTime next
        ? $"You will hear from us again by {WallClock.Format(next, zoneId, "dddd d MMMM, HH:mm")}, sooner if we have news."
        : "We will update you as soon as we know more.";
}

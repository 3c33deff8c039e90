using System.Globalization;
using System.Text;
using EscalationDesk.Data;
using EscalationDesk.Features.Judgment;
using EscalationDesk.Features.Wizard;
using static EscalationDesk.Features.Briefs.MarkdownText;

namespace EscalationDesk.Features.Briefs;

// The escalation brief, composed once into a document (BriefDocument: title, header, sections of escaped Markdown) and
// rendered per audience. Standard is the exact format of the skill's template (customer-escalation-skill.md, step 6): its
// headings, bold labels and order; empty parts say "None recorded" rather than disappearing. The other audiences reorder
// and add to the same sections; Customer is built from customer-safe facts only and never from the internal sections.
public static class BriefMarkdown
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;
    private const string HardBreak = "  \n";

    public static string Render(BriefSource s, BriefAudience audience = BriefAudience.Standard) => Compose(s, audience).ToMarkdown();

    public static BriefDocument Compose(BriefSource s, BriefAudience audience = BriefAudience.Standard)
    {
        if (audience == BriefAudience.Customer) return CustomerBrief.Compose(s);
        var sections = Sections(s);
        BriefSection Part(string key) => sections.Single(x => x.Key == key);
        string[] order = audience switch
        {
            BriefAudience.Engineering => ["reproduction", "description", "tried", "context", "impact", "needed", "communication"],
            BriefAudience.Leadership => ["impact", "needed", "communication", "description", "tried", "reproduction", "context"],
            _ => ["impact", "description", "tried", "reproduction", "communication", "needed", "context"],
        };
        var parts = new List<BriefSection>();
        if (audience == BriefAudience.Leadership) parts.Add(ExecutiveSummary(s));
        parts.AddRange(order.Select(Part));
        if (Outcome(s) is { } outcome) parts.Add(outcome);
        return new BriefDocument(audience, Title(s), Header(s), parts);
    }

    private static string Title(BriefSource s) =>
        $"## ESCALATION: {(IsBlank(s.Content.Understand.Summary) ? "Untitled escalation" : Inline(s.Content.Understand.Summary).Replace(HardBreak, " "))}\n\n";

    private static string Header(BriefSource s)
    {
        var a = s.Assessment;
        var md = new StringBuilder();
        md.Append("**Severity:** ").Append(a.Severity.Effective.Text()).Append(HardBreak);
        md.Append("**Target team:** ").Append(a.Targets.Effective.Count > 0 ? a.Targets.TeamText : NoneRecorded).Append(HardBreak);
        md.Append("**Reported by:** ").Append(InlineOrNone(s.ReportedBy)).Append(HardBreak);
        md.Append("**Date:** ").Append(WallClock.ToLocal(s.CreatedAt, s.ZoneId).ToString("yyyy-MM-dd", Invariant)).Append("\n\n");
        return md.ToString();
    }

    // The template's seven sections, each its body after the heading, in the template's order.
    private static List<BriefSection> Sections(BriefSource s)
    {
        var c = s.Content;
        var list = new List<BriefSection>();
        var md = new StringBuilder();
        void Section(string key, string heading)
        {
            list.Add(new BriefSection(key, heading, md.ToString()));
            md.Clear();
        }

        md.Append("- **Customers affected:** ").Append(CustomersAffected(s)).Append('\n');
        md.Append("- **Workflow impact:** ").Append(WorkflowImpact(c.Impact, s.ZoneId)).Append('\n');
        md.Append("- **Revenue at risk:** ").Append(RevenueAtRisk(c.Impact, s.Currency)).Append('\n');
        md.Append("- **Time in queue:** ").Append(TimeInQueue(c.Understand.Started, s.AsOf, s.ZoneId)).Append("\n\n");
        Section("impact", "Impact");

        if (IsBlank(c.Understand.WhatsBroken) && IsBlank(c.Understand.WhyEscalateNow)) md.Append(NoneRecorded).Append('\n');
        if (!IsBlank(c.Understand.WhatsBroken)) md.Append(Inline(c.Understand.WhatsBroken)).Append("\n\n");
        if (!IsBlank(c.Understand.WhyEscalateNow)) md.Append("Why escalate now: ").Append(Inline(c.Understand.WhyEscalateNow)).Append('\n');
        md.Append('\n');
        Section("description", "Issue Description");

        var tried = c.Understand.Tried.Where(t => !IsBlank(t.Step) || !IsBlank(t.Result)).ToList();
        if (tried.Count == 0) md.Append(NoneRecorded).Append('\n');
        for (var i = 0; i < tried.Count; i++)
            md.Append(i + 1).Append(". ").Append(InlineOrNone(tried[i].Step, "   ")).Append(" — ").Append(InlineOrNone(tried[i].Result, "   ")).Append('\n');
        md.Append('\n');
        Section("tried", "What's Been Tried");

        md.Append(Reproduction(c.Reproduce, s.Attachments)).Append('\n');
        Section("reproduction", "Reproduction Steps");

        md.Append("- **Last update to customer:** ").Append(LastUpdate(c.Brief, s.ZoneId)).Append('\n');
        md.Append("- **Customer expectation:** ").Append(InlineOrNone(c.Brief.CustomerExpectation, "  ")).Append('\n');
        md.Append("- **Escalation risk:** ").Append(InlineOrNone(c.Brief.EscalationRisk, "  ")).Append("\n\n");
        Section("communication", "Customer Communication");

        md.Append("- ").Append(Ask(c.Brief)).Append('\n');
        md.Append("- **Deadline:** ").Append(c.Brief.Deadline is DateTime deadline ? When(deadline, s.ZoneId) : NoneRecorded).Append("\n\n");
        Section("needed", "What's Needed");

        var context = SupportingContext(s).ToList();
        if (context.Count == 0) md.Append(NoneRecorded).Append('\n');
        foreach (var item in context) md.Append("- ").Append(item).Append('\n');
        Section("context", "Supporting Context");
        return list;
    }

    // Leadership's page one: the case in one line, then what a leader decides on.
    private static BriefSection ExecutiveSummary(BriefSource s)
    {
        var c = s.Content;
        var a = s.Assessment;
        var md = new StringBuilder();
        var summary = IsBlank(c.Understand.Summary) ? "Untitled escalation" : Inline(c.Understand.Summary).Replace(HardBreak, " ");
        var who = s.Customer is { Length: > 0 } customer ? $" for {Inline(customer)}" : "";
        var arr = c.Impact.ArrAtRisk is decimal value ? $", {Money(value, s.Currency)} ARR at risk" : "";
        var by = c.Brief.Deadline is DateTime due ? $", decision needed by {When(due, s.ZoneId)}" : "";
        md.Append(a.Severity.Effective.Text()).Append(": ").Append(summary).Append(who).Append(arr).Append(by).Append(".\n\n");
        md.Append("- **Severity:** ").Append(a.Severity.Effective.Text()).Append('\n');
        md.Append("- **Customers affected:** ").Append(CustomersAffected(s)).Append('\n');
        md.Append("- **Revenue at risk:** ").Append(RevenueAtRisk(c.Impact, s.Currency)).Append('\n');
        md.Append("- **SLA:** ").Append(c.Impact.SlaStatus is SlaStatus sla ? sla.Text() : NoneRecorded).Append('\n');
        md.Append("- **Decision or ask:** ").Append(Ask(c.Brief)).Append('\n');
        md.Append("- **Deadline:** ").Append(c.Brief.Deadline is DateTime deadline ? When(deadline, s.ZoneId) : NoneRecorded).Append('\n');
        md.Append("- **If nothing is done:** ").Append(IfNothingIsDone(c, s.ZoneId)).Append("\n\n");
        return new BriefSection("executive", "Executive Summary", md.ToString(), PageBreakAfter: true);
    }

    private static string IfNothingIsDone(DraftContent c, string zone)
    {
        var parts = new List<string>();
        if (!IsBlank(c.Brief.EscalationRisk)) parts.Add(Inline(c.Brief.EscalationRisk, "  "));
        if (!IsBlank(c.Impact.TimeUntilCritical)) parts.Add($"critical in: {Inline(c.Impact.TimeUntilCritical, "  ")}");
        if (c.Impact.HardDeadline is DateTime hard) parts.Add($"hard deadline {When(hard, zone)}");
        if (c.Impact.CouldBecomePublic == true) parts.Add("could become public");
        return parts.Count > 0 ? string.Join("; ", parts) : NoneRecorded;
    }

    // A resolved, de-escalated or closed escalation says how it ended, after everything else.
    private static BriefSection? Outcome(BriefSource s)
    {
        if (s.Status is not (EscalationStatus.Resolved or EscalationStatus.DeEscalated or EscalationStatus.Closed)) return null;
        var md = new StringBuilder();
        md.Append("- **Status:** ").Append(s.Status.Text()).Append('\n');
        if (s.Outcome.DeEscalationReason is { Length: > 0 } reason)
            md.Append("- **De-escalated:** ").Append(Inline(LifecycleRules.DeEscalationReasons.FirstOrDefault(r => r.Key == reason)?.Text ?? reason)).Append(IsBlank(s.Outcome.DeEscalationNote) ? "" : $" — {Inline(s.Outcome.DeEscalationNote, "  ")}").Append('\n');
        md.Append("- **Resolution:** ").Append(InlineOrNone(s.Outcome.Resolution, "  ")).Append('\n');
        md.Append("- **Learnings:** ").Append(InlineOrNone(s.Outcome.Learnings, "  ")).Append('\n');
        return new BriefSection("outcome", "Outcome", md.ToString());
    }

    private static string CustomersAffected(BriefSource s)
    {
        var impact = s.Content.Impact;
        var parts = new List<string>();
        if (s.Customer is { Length: > 0 } customer) parts.Add(Inline(customer));
        if (impact.CustomersAffected is int n) parts.Add($"{n.ToString("N0", Invariant)} customer{(n == 1 ? "" : "s")}");
        if (impact.UsersAffected is int u) parts.Add($"{u.ToString("N0", Invariant)} user{(u == 1 ? "" : "s")}");
        if (impact.Growing is bool growing) parts.Add(growing ? "growing" : "not growing");
        if (!IsBlank(s.Content.Understand.WhosAffected)) parts.Add(Inline(s.Content.Understand.WhosAffected, "  "));
        return parts.Count > 0 ? string.Join("; ", parts) : NoneRecorded;
    }

    private static string WorkflowImpact(ImpactStep impact, string zone)
    {
        var parts = new List<string>();
        if (impact.Depth is ImpactDepth depth) parts.Add(depth.Text());
        if (impact.SlaStatus is SlaStatus sla) parts.Add($"SLA {sla.Text()}");
        if (!IsBlank(impact.TimeUntilCritical)) parts.Add($"critical in: {Inline(impact.TimeUntilCritical, "  ")}");
        if (impact.HardDeadline is DateTime hard) parts.Add($"hard deadline {When(hard, zone)}");
        if (!IsBlank(impact.ContractualObligations)) parts.Add($"contractual obligations: {Inline(impact.ContractualObligations, "  ")}");
        return parts.Count > 0 ? string.Join("; ", parts) : NoneRecorded;
    }

    private static string RevenueAtRisk(ImpactStep impact, string currency)
    {
        var parts = new List<string>();
        if (impact.ArrAtRisk is decimal arr) parts.Add($"{Money(arr, currency)} ARR");
        if (impact.PendingDealsAmount is decimal deals) parts.Add($"pending deals {Money(deals, currency)}");
        if (!IsBlank(impact.PendingDealsNote)) parts.Add(Inline(impact.PendingDealsNote, "  "));
        if (impact.ReferenceCustomer == true) parts.Add("reference customer");
        if (impact.CouldBecomePublic == true) parts.Add("could become public");
        return parts.Count > 0 ? string.Join("; ", parts) : NoneRecorded;
    }

    internal static string Money(decimal amount, string currency) =>
        $"{Inline(currency)} {amount.ToString(decimal.Truncate(amount) == amount ? "N0" : "N2", Invariant)}";

    private static string TimeInQueue(DateTime? started, DateTime asOf, string zone)
    {
        if (started is not DateTime since) return NoneRecorded;
        var span = asOf - since;
        if (span < TimeSpan.Zero) return $"starts {When(since, zone)}";
        var text = span.TotalDays >= 1 ? $"{(int)span.TotalDays} day{((int)span.TotalDays == 1 ? "" : "s")} {span.Hours} h"
            : span.TotalHours >= 1 ? $"{(int)span.TotalHours} h {span.Minutes} min"
            : $"{span.Minutes} min";
        return $"{text} (since {When(since, zone)})";
    }

    private static string Reproduction(ReproduceStep r, IReadOnlyList<string> attachments)
    {
        if (r.Skipped) return $"Not a bug, so no reproduction: {InlineOrNone(r.SkipReason)}\n";
        var md = new StringBuilder();
        if (!IsBlank(r.StartingState)) md.Append("Starting state: ").Append(Inline(r.StartingState)).Append("\n\n");
        var steps = r.Steps.Where(x => !IsBlank(x.Text)).ToList();
        for (var i = 0; i < steps.Count; i++) md.Append(i + 1).Append(". ").Append(Inline(steps[i].Text, "   ")).Append('\n');
        if (steps.Count > 0) md.Append('\n');
        if (md.Length == 0 && IsBlank(r.Expected) && IsBlank(r.Actual) && IsBlank(r.Environment) && r.Frequency is null
            && IsBlank(r.ErrorMessages) && IsBlank(r.RuledOut) && attachments.Count == 0)
            return NoneRecorded + "\n";
        if (steps.Count == 0) md.Append("Steps: ").Append(NoneRecorded).Append(HardBreak);
        md.Append("Expected: ").Append(InlineOrNone(r.Expected)).Append(HardBreak);
        md.Append("Actual: ").Append(InlineOrNone(r.Actual)).Append(HardBreak);
        md.Append("Environment: ").Append(InlineOrNone(r.Environment)).Append(HardBreak);
        md.Append("Frequency: ").Append(r.Frequency is ReproFrequency f ? f.Text() : NoneRecorded);
        if (!IsBlank(r.FrequencyNote)) md.Append(" (").Append(Inline(r.FrequencyNote)).Append(')');
        md.Append(HardBreak);
        md.Append("Evidence: ").Append(IsBlank(r.ErrorMessages) && attachments.Count == 0 ? NoneRecorded
            : string.Join("; ", new[] { IsBlank(r.ErrorMessages) ? null : Inline(r.ErrorMessages),
                attachments.Count > 0 ? "attached: " + string.Join(", ", attachments.Select(x => Inline(x))) : null }.OfType<string>()));
        md.Append(HardBreak);
        md.Append("Ruled out: ").Append(InlineOrNone(r.RuledOut)).Append('\n');
        return md.ToString();
    }

    private static string LastUpdate(BriefStep b, string zone)
    {
        if (b.LastUpdateToCustomerAt is null && IsBlank(b.LastUpdateToCustomer)) return NoneRecorded;
        var when = b.LastUpdateToCustomerAt is DateTime at ? When(at, zone) : "date not recorded";
        return IsBlank(b.LastUpdateToCustomer) ? when : $"{when} — {Inline(b.LastUpdateToCustomer, "  ")}";
    }

    private static string Ask(BriefStep b)
    {
        var ask = b.SpecificAsk switch
        {
            null => null,
            SpecificAsk.Other => IsBlank(b.OtherAsk) ? "Other" : Inline(b.OtherAsk, "  "),
            SpecificAsk value => value.Text(),
        };
        if (ask is null && IsBlank(b.WhatsNeeded)) return NoneRecorded;
        if (ask is null) return Inline(b.WhatsNeeded, "  ");
        return IsBlank(b.WhatsNeeded) ? ask : $"{ask}: {Inline(b.WhatsNeeded, "  ")}";
    }

    private static IEnumerable<string> SupportingContext(BriefSource s)
    {
        var c = s.Content;
        foreach (var t in c.Context.RelatedTickets.Where(HasText)) yield return $"Related ticket: {Link(t)}";
        foreach (var t in c.Context.InternalDiscussions.Where(HasText)) yield return $"Internal discussion: {Link(t)}";
        foreach (var t in c.Context.RelatedBugs.Where(HasText)) yield return $"Related bug or feature request: {Link(t)}";
        foreach (var i in s.Issues ?? [])
            yield return $"Related bug or feature request: {IssueLink(i)}{(IsBlank(i.Title) ? "" : $" — {Inline(i.Title, "  ")}")} ({Inline(i.System)}, status: {(IsBlank(i.Status) ? "not read yet" : Inline(i.Status))}{(i.Done && !i.Status.Contains("done", StringComparison.OrdinalIgnoreCase) ? ", done" : "")})";
        foreach (var t in c.Context.KnownIssues.Where(HasText)) yield return $"Known issue or workaround: {Link(t)}";
        foreach (var e in s.LinkedSimilar)
            yield return $"Similar escalation ESC-{e.Id}: {InlineOrNone(e.Summary)}{(e.Customer is { Length: > 0 } cu ? $" ({Inline(cu)})" : "")}";
        foreach (var file in s.Attachments) yield return $"Attachment: {Inline(file)}";
        var a = s.Assessment;
        if (a.Escalate.NeedsReasonToContinue)
            yield return $"Escalated although the checklist said handle in support: {InlineOrNone(c.Understand.EscalateAnywayReason, "  ")}";
        if (a.Severity.IsOverride)
            yield return $"Severity {a.Severity.Effective.Text()} chosen over the suggested {a.Severity.Suggested.Severity.Text()}: {InlineOrNone(c.Impact.SeverityReason, "  ")}";
        if (a.Targets.PrimaryOverridesSecurity && !a.Targets.OverrideNeedsReason)
            yield return $"{a.Targets.Primary?.Text()} leads although Security is recommended: {Inline(c.Target.PrimaryReason, "  ")}";
    }

    // A linked tracker issue: its key, linked to the issue when its URL is http(s).
    private static string IssueLink(LinkedIssue i) =>
        Uri.TryCreate(i.Url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
            ? $"[{Inline(i.Key)}]({uri.AbsoluteUri.Replace("(", "%28").Replace(")", "%29")})"
            : Inline(i.Key);

    private static bool HasText(LinkItem l) => !IsBlank(l.Reference) || !IsBlank(l.Note);

    private static string Link(LinkItem l) =>
        IsBlank(l.Note) ? Reference(l.Reference) : $"{Reference(l.Reference)} — {Inline(l.Note, "  ")}";

    // A reference that is exactly one http(s) URL becomes a link; anything else stays escaped text.
    private static string Reference(string reference)
    {
        var text = reference.Trim();
        if (Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" && !text.Any(char.IsWhiteSpace))
            return $"[{Inline(text)}]({uri.AbsoluteUri.Replace("(", "%28").Replace(")", "%29")})";
        return InlineOrNone(reference, "  ");
    }

    internal static string When(DateTime at, string zone) => WallClock.FormatNamed(at, zone);
}

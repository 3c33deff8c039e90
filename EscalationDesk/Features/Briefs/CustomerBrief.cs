using System.Text;
using EscalationDesk.Features.Judgment;
using static EscalationDesk.Features.Briefs.MarkdownText;

namespace EscalationDesk.Features.Briefs;

// The brief a customer may read. It is built from an allow-list of customer-safe facts, never by filtering the internal
// brief: what they reported and when it started, the troubleshooting steps (as the customer letters name them), what
// was last told to them, where the case stands, and when they hear next, in their own zone. Severity, targets, revenue,
// deals, internal discussions, bugs, known issues, other escalations (other customers' names), attachments, owner's
// reasons and notes, resolution notes and learnings never appear (CustomerBriefTests, field by field).
public static class CustomerBrief
{
    private const string HardBreak = "  \n";

    public static BriefDocument Compose(BriefSource s)
    {
        var c = s.Content;
        var zone = WallClock.IsKnown(s.CustomerZoneId) ? WallClock.Normalize(s.CustomerZoneId) : s.ZoneId;
        var title = $"## {(IsBlank(c.Understand.Summary) ? "Your reported issue" : Inline(c.Understand.Summary).Replace(HardBreak, " "))}\n\n";
        var header = new StringBuilder()
            .Append("**Our reference:** ESC-").Append(s.Id).Append(HardBreak)
            .Append(s.Customer is { Length: > 0 } customer ? $"**For:** {Inline(customer)}{HardBreak}" : "")
            .Append("**Date:** ").Append(WallClock.ToLocal(s.AsOf, zone).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture))
            .Append("\n\n").ToString();

        var known = new StringBuilder();
        known.Append(IsBlank(c.Understand.WhatsBroken) ? "We are confirming the details of the problem you reported." : Inline(c.Understand.WhatsBroken)).Append("\n\n");
        if (c.Understand.Started is DateTime started) known.Append("It started ").Append(BriefMarkdown.When(started, zone)).Append(".\n\n");

        var doing = new StringBuilder();
        doing.Append(Standing(s.Status)).Append("\n\n");
        var steps = c.Understand.Tried.Select(t => t.Step).Where(t => !IsBlank(t)).ToList();
        if (steps.Count > 0)
        {
            doing.Append("What we have tried so far:\n\n");
            foreach (var step in steps) doing.Append("- ").Append(Inline(step, "  ")).Append('\n');
            doing.Append('\n');
        }
        if (!IsBlank(c.Brief.LastUpdateToCustomer))
        {
            doing.Append("Our last update");
            if (c.Brief.LastUpdateToCustomerAt is DateTime at) doing.Append(" (").Append(BriefMarkdown.When(at, zone)).Append(')');
            doing.Append(": ").Append(Inline(c.Brief.LastUpdateToCustomer, "  ")).Append("\n\n");
        }

        var next = new StringBuilder();
        var open = s.Status is EscalationStatus.Draft or EscalationStatus.Escalated or EscalationStatus.Acknowledged;
        next.Append(!open ? "No further update is planned. Reply to us at any time if the problem comes back."
            : s.NextCustomerUpdate is DateTime due ? $"We will update you by {BriefMarkdown.When(due, zone)}, or sooner if there is news."
            : "We will update you as soon as we know more.").Append('\n');

        return new BriefDocument(BriefAudience.Customer, title, header,
        [
            new("known", "What We Know", known.ToString()),
            new("doing", "What We Are Doing", doing.ToString()),
            new("next", "Next Update", next.ToString()),
        ]);
    }

    private static string Standing(EscalationStatus status) => status switch
    {
        EscalationStatus.Resolved or EscalationStatus.Closed => "We have resolved this problem. Thank you for your patience while we worked on it.",
        EscalationStatus.DeEscalated => "Our support team is handling this with you directly.",
        EscalationStatus.Acknowledged => "Our specialists have taken this on and are working on it now.",
        _ => "We have passed this to the specialists who can resolve it.",
    };
}

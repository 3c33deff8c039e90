using EscalationDesk.Features.Judgment;
using EscalationDesk.Features.Wizard;

namespace EscalationDesk.Features.Briefs;

public sealed record LinkedEscalation(int Id, string Summary, string? Customer);

// A Jira or GitHub issue linked to the escalation (Features/Trackers), with its status as last read.
public sealed record LinkedIssue(string System, string Key, string Url, string Title, string Status, bool Done);

// Everything the brief shows, read from one escalation. AsOf is the generation time: the only input that
// changes "Time in queue", so the same source always gives the same text. ZoneId is the zone its times are stated in
// (the organisation's, named, since the brief is read outside the app). Version is the escalation's, for the PDF cache.
// Status and Outcome say how far it got (a draft's PDF says DRAFT; a resolved one shows how it ended); NextCustomerUpdate is
// the customer timer's next due time, stated in CustomerZoneId (the account's zone, else the organisation's) to the customer.
public sealed record BriefSource(
    int Id,
    DraftContent Content,
    string? Customer,
    string ReportedBy,
    DateTime CreatedAt,
    IReadOnlyList<LinkedEscalation> LinkedSimilar,
    IReadOnlyList<string> Attachments,
    string Currency,
    DateTime AsOf,
    string ZoneId = WallClock.Utc,
    int Version = 0,
    EscalationStatus Status = EscalationStatus.Draft,
    Data.Outcome? Ending = null,
    DateTime? NextCustomerUpdate = null,
    string? CustomerZoneId = null,
    IReadOnlyList<LinkedIssue>? Issues = null)
{
    // Computed, not stored: a copy made with `with { Content = … }` must never carry the old judgment.
    public Assessment Assessment => Assessment.Of(Content, new JudgmentFacts(Attachments.Count));

    public Data.Outcome Outcome => Ending ?? new Data.Outcome();
}

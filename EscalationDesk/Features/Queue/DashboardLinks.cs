using EscalationDesk.Features.Judgment;

namespace EscalationDesk.Features.Queue;

// Where each dashboard count leads: the queue view whose rows it counts. DashboardService counts with the same filters
// (open statuses, QueueService.Overdue), so following a count shows exactly that many rows.
public static class DashboardLinks
{
    public static readonly QueueQuery Open = new();
    public static readonly QueueQuery InternalOverdue = new(Overdue: OverdueFilter.Internal, Sort: "internal");
    public static readonly QueueQuery CustomerOverdue = new(Overdue: OverdueFilter.Customer, Sort: "customer-update");

    public static QueueQuery OfSeverity(Severity severity) => new(Severity: severity);
    public static QueueQuery OfPrimaryTarget(EscalationTarget target) => new(PrimaryTarget: target);
    public static QueueQuery OfStatus(EscalationStatus status) => new(Statuses: [status]);

    public static string Href(QueueQuery query) => "/queue" + QueueUrl.QueryString(query);
}

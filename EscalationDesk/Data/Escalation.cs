using EscalationDesk.Features.Judgment;
using EscalationDesk.Features.Wizard;

namespace EscalationDesk.Data;

public sealed class Escalation
{
    public int Id { get; set; }
    public EscalationStatus Status { get; set; }

    // Copied from Content on save so the queue can filter and sort in the database.
    public string Summary { get; set; } = "";
    public int? AccountId { get; set; }
    public Account? Account { get; set; }
    public Severity? Severity { get; set; }
    public EscalationTarget? PrimaryTarget { get; set; }
    public string? CustomerName { get; set; }
    public double? ArrAtRisk { get; set; }
    // How many similar reports the agent linked: lets the dashboard find pattern candidates without reading every record's JSON.
    public int LinkedSimilarCount { get; set; }

    public string Owner { get; set; } = "";
    public string? OwnerId { get; set; }
    public string ReportedBy { get; set; } = "";
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
    public DateTime? DiscardedAt { get; set; }
    public int CurrentStep { get; set; } = 1;

    // Lifecycle (PRODUCT.md §4). Timers are stored so reminders survive a restart and the queue can sort on them.
    public DateTime? EscalatedAt { get; set; }
    public DateTime? AcknowledgedAt { get; set; }
    public DateTime? ResolvedAt { get; set; }
    public DateTime? ClosedAt { get; set; }
    public DateTime? LastInternalFollowUpAt { get; set; }
    public DateTime? LastCustomerUpdateAt { get; set; }
    public DateTime? NextInternalDueAt { get; set; }
    public DateTime? NextInternalOverdueAt { get; set; }
    public DateTime? NextCustomerDueAt { get; set; }
    public DateTime? NextCustomerOverdueAt { get; set; }
    public string Targets { get; set; } = "";

    // Derived from Targets and the timers on every save (EscalationDeskDbContext.SaveChanges), so the queue's target and
    // overdue filters are index look-ups instead of text matching or an OR of two timers.
    public bool TargetL2Support { get; set; }
    public bool TargetEngineering { get; set; }
    public bool TargetProduct { get; set; }
    public bool TargetSecurity { get; set; }
    public bool TargetLeadership { get; set; }
    // The first instant at which a timer counts as overdue: the internal follow-up at its due time, the customer
    // update just after its overdue time (FollowUpTimer.IsOverdue). "Overdue now" is OverdueFrom <= now.
    public DateTime? OverdueFrom { get; set; }
    // The status's place in the lifecycle (Escalated, Acknowledged, Resolved, De-escalated, Closed), so the queue sorts by
    // status in the order a lead works them. Its own index serves that sort; no query filters on it, so the planner never
    // picks it for the open-status filter as it did a Status-led index.
    public int StatusOrder { get; set; }

    public Outcome Outcome { get; set; } = new();

    // App-managed optimistic concurrency token: SQLite has no rowversion.
    public int Version { get; set; }

    public DraftContent Content { get; set; } = new();

    public List<TimelineEvent> Timeline { get; set; } = [];

    public void UpdateQueueColumns()
    {
        var targets = Targets.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        TargetL2Support = targets.Contains(EscalationTarget.L2Support.Text());
        TargetEngineering = targets.Contains(EscalationTarget.Engineering.Text());
        TargetProduct = targets.Contains(EscalationTarget.Product.Text());
        TargetSecurity = targets.Contains(EscalationTarget.Security.Text());
        TargetLeadership = targets.Contains(EscalationTarget.Leadership.Text());
        StatusOrder = OrderOf(Status);
        OverdueFrom = Earliest(OverdueFromOf(NextInternalDueAt, NextInternalOverdueAt), OverdueFromOf(NextCustomerDueAt, NextCustomerOverdueAt));
    }

    public static int OrderOf(EscalationStatus status) => status switch
    {
        EscalationStatus.Draft => 0,
        EscalationStatus.Escalated => 1,
        EscalationStatus.Acknowledged => 2,
        EscalationStatus.Resolved => 3,
        EscalationStatus.DeEscalated => 4,
        _ => 5,
    };

    // As FollowUpTimer.IsOverdue: a timer that is due and overdue at once is overdue from that instant, any other just after its overdue time.
    private static DateTime? OverdueFromOf(DateTime? dueAt, DateTime? overdueAt) =>
        overdueAt is not DateTime overdue ? null : overdue == dueAt ? overdue : overdue.AddTicks(1);

    private static DateTime? Earliest(DateTime? a, DateTime? b) => a is DateTime x && b is DateTime y ? (x < y ? x : y) : a ?? b;
}

public sealed class Account
{
    public int Id { get; set; }
    public string Name { get; set; } = "";
    public string Plan { get; set; } = "";
    public decimal? Arr { get; set; }
    public string KeyContacts { get; set; } = "";
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
}

public sealed class TimelineEvent
{
    public long Id { get; set; }
    public int EscalationId { get; set; }
    public DateTime At { get; set; }
    public string Actor { get; set; } = "";
    public string Kind { get; set; } = "";
    public string Detail { get; set; } = "";

    // For "edited" events: the field changes as JSON, so later saves can fold into the same event.
    public string? Changes { get; set; }
}

public sealed class EvidenceAttachment
{
    public int Id { get; set; }
    public int EscalationId { get; set; }
    public string FileName { get; set; } = "";
    public string ContentType { get; set; } = "";
    public long Size { get; set; }
    public byte[] Data { get; set; } = [];
    public DateTime UploadedAt { get; set; }
    public string UploadedBy { get; set; } = "";
    public DateTime? RemovedAt { get; set; }
}

// How an escalation ended: de-escalation, resolution and closing the loop.
public sealed class Outcome
{
    public string? DeEscalationReason { get; set; }
    public List<string> DeEscalationActions { get; set; } = [];
    public string DeEscalationNote { get; set; } = "";
    public string Resolution { get; set; } = "";
    public bool ConfirmedWithCustomer { get; set; }
    public bool TrackingUpdated { get; set; }
    public string Learnings { get; set; } = "";
}

public sealed class CommunicationEntry
{
    public long Id { get; set; }
    public int EscalationId { get; set; }
    public DateTime At { get; set; }
    public string Actor { get; set; } = "";
    public string Channel { get; set; } = "";
    public string Note { get; set; } = "";
}

public sealed class ChatWebhook
{
    public string Target { get; set; } = "";
    public string Url { get; set; } = "";
    public DateTime UpdatedAt { get; set; }
    public string UpdatedBy { get; set; } = "";
}

using EscalationDesk.Features.Judgment;
using EscalationDesk.Features.Wizard;

namespace EscalationDesk.Data;

public sealed class Escalation
{
    public int Id { get; set; }
    public EscalationStatus Status { get; set; }

    // Every column marked "derived" is set by EscalationDerivation on each save, from the content, status and times.
    public string Summary { get; set; } = "";                      // derived
    public int? AccountId { get; set; }                            // derived
    public Account? Account { get; set; }
    public Severity? Severity { get; set; }                        // derived
    public EscalationTarget? PrimaryTarget { get; set; }           // derived
    public string? CustomerName { get; set; }                      // derived
    public decimal? ArrAtRisk { get; set; }                        // derived
    public int LinkedSimilarCount { get; set; }                    // derived

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
    public DateTime? NextInternalDueAt { get; set; }               // derived
    public DateTime? NextInternalOverdueAt { get; set; }           // derived
    public DateTime? NextCustomerDueAt { get; set; }               // derived
    public DateTime? NextCustomerOverdueAt { get; set; }           // derived
    public string Targets { get; set; } = "";                      // derived

    public bool TargetL2Support { get; set; }                      // derived
    public bool TargetEngineering { get; set; }                    // derived
    public bool TargetProduct { get; set; }                        // derived
    public bool TargetSecurity { get; set; }                       // derived
    public bool TargetLeadership { get; set; }                     // derived
    public DateTime? InternalOverdueFrom { get; set; }             // derived
    public DateTime? CustomerOverdueFrom { get; set; }             // derived
    public DateTime? OverdueFrom { get; set; }                     // derived
    public int StatusOrder { get; set; }                           // derived

    public Outcome Outcome { get; set; } = new();

    // App-managed optimistic concurrency token: SQLite has no rowversion.
    public int Version { get; set; }

    public DraftContent Content { get; set; } = new();

    // The ticket it came from, as an API client names it (POST /api/v1/escalations "external_ref"); null when made in the app.
    public string? ExternalSystem { get; set; }
    public string? ExternalId { get; set; }
    public string? ExternalUrl { get; set; }

    public List<TimelineEvent> Timeline { get; set; } = [];
}

public sealed class Account
{
    public int Id { get; set; }
    public string Name { get; set; } = "";
    public string Plan { get; set; } = "";
    public decimal? Arr { get; set; }
    public string KeyContacts { get; set; } = "";
    // IANA name the customer's messages state times in; null means the organisation's.
    public string? TimeZone { get; set; }
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
    // Slack-compatible or Microsoft Teams as chosen on Settings; null: told by the URL (ChatDestinations).
    public Features.Chat.ChatKind? Kind { get; set; }
    public DateTime UpdatedAt { get; set; }
    public string UpdatedBy { get; set; } = "";
}

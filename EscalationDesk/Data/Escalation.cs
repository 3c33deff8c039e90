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

    public string Owner { get; set; } = "";
    public string ReportedBy { get; set; } = "";
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
    public DateTime? DiscardedAt { get; set; }
    public int CurrentStep { get; set; } = 1;

    // App-managed optimistic concurrency token: SQLite has no rowversion.
    public int Version { get; set; }

    public DraftContent Content { get; set; } = new();

    public List<TimelineEvent> Timeline { get; set; } = [];
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

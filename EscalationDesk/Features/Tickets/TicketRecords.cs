using EscalationDesk.Data;
using EscalationDesk.Features.Wizard;
using Microsoft.EntityFrameworkCore;

namespace EscalationDesk.Features.Tickets;

public enum TicketSystem { Zendesk, Zammad }

// What an Admin entered on the Connections page for one platform. The secret (API token) is kept only as Data Protection
// ciphertext and never shown again. Settings given in configuration win over this row (TicketConnections).
public sealed class TicketConnection
{
    public TicketSystem System { get; set; }
    public string BaseUrl { get; set; } = "";
    public string Email { get; set; } = "";
    public string ProtectedSecret { get; set; } = "";
    // The secret the platform's webhooks are signed with (InboundSignatures), Data Protection ciphertext like the token.
    public string ProtectedWebhookSecret { get; set; } = "";
    public DateTime UpdatedAt { get; set; }
    public string UpdatedBy { get; set; } = "";
}

// The ticket a draft was started from, one per escalation, kept beside it rather than on the escalation's own row.
public sealed class TicketLink
{
    public int EscalationId { get; set; }
    public TicketSystem System { get; set; }
    public string ExternalId { get; set; } = "";
    public string Url { get; set; } = "";
    public string Subject { get; set; } = "";
    public DateTime ImportedAt { get; set; }
    public DateTime RefreshedAt { get; set; }
}

// One comment (Zendesk) or article (Zammad) of the ticket as read, shown read-only under Ticket history on step 2.
public sealed class TicketComment
{
    public long Id { get; set; }
    public int EscalationId { get; set; }
    public string ExternalId { get; set; } = "";
    public string Author { get; set; } = "";
    public bool IsPublic { get; set; }
    public bool ByAgent { get; set; }
    public DateTime At { get; set; }
    public string Body { get; set; } = "";
}

public enum WriteBackKind { InternalNote, PublicReply }

public enum WriteBackState { Pending, Done, Failed }

// A note or reply to post to the escalation's ticket: written in the transaction of the change it reports (escalate, a
// customer update marked sent) and posted afterwards by TicketWriteBackWorker, so the helpdesk never holds up or breaks
// the change, and a restart loses nothing. The outcome goes on the escalation's timeline.
public sealed class TicketWriteBack
{
    public long Id { get; set; }
    public int EscalationId { get; set; }
    public TicketSystem System { get; set; }
    public string TicketId { get; set; } = "";
    public WriteBackKind Kind { get; set; }
    public string Body { get; set; } = "";
    public string RequestedBy { get; set; } = "";
    public DateTime CreatedAt { get; set; }
    public WriteBackState State { get; set; }
    public int Attempts { get; set; }
    public DateTime? NextAttemptAt { get; set; }
    public string? LastError { get; set; }
}

// A webhook from a helpdesk already handled (its signature, per platform): a replay within the accepted age is refused.
public sealed class TicketInboundReceipt
{
    public string Key { get; set; } = "";
    public DateTime ReceivedAt { get; set; }
}

public static class TicketModel
{
    public static void Configure(ModelBuilder model)
    {
        model.Entity<TicketConnection>(c =>
        {
            c.ToTable("TicketConnections");
            c.HasKey(x => x.System);
            c.Property(x => x.BaseUrl).HasMaxLength(2_000);
            c.Property(x => x.Email).HasMaxLength(320);
            c.Property(x => x.ProtectedSecret).HasMaxLength(4_000);
            c.Property(x => x.ProtectedWebhookSecret).HasMaxLength(4_000);
            c.Property(x => x.UpdatedBy).HasMaxLength(TextLimits.Name);
        });
        model.Entity<TicketLink>(l =>
        {
            l.ToTable("TicketLinks");
            l.HasKey(x => x.EscalationId);
            l.Property(x => x.EscalationId).ValueGeneratedNever();
            l.HasOne<Escalation>().WithOne().HasForeignKey<TicketLink>(x => x.EscalationId).OnDelete(DeleteBehavior.Cascade);
            l.Property(x => x.ExternalId).HasMaxLength(64);
            l.Property(x => x.Url).HasMaxLength(2_000);
            l.Property(x => x.Subject).HasMaxLength(1_000);
            l.HasIndex(x => new { x.System, x.ExternalId });
        });
        model.Entity<TicketComment>(c =>
        {
            c.ToTable("TicketComments");
            c.HasOne<Escalation>().WithMany().HasForeignKey(x => x.EscalationId).OnDelete(DeleteBehavior.Cascade);
            c.Property(x => x.ExternalId).HasMaxLength(64);
            c.Property(x => x.Author).HasMaxLength(TextLimits.Name);
            c.Property(x => x.Body).HasMaxLength(TextLimits.Ceiling(TextLimits.Long));
            c.HasIndex(x => new { x.EscalationId, x.ExternalId }).IsUnique();
        });
        model.Entity<TicketWriteBack>(w =>
        {
            w.ToTable("TicketWriteBacks");
            w.HasOne<Escalation>().WithMany().HasForeignKey(x => x.EscalationId).OnDelete(DeleteBehavior.Cascade);
            w.Property(x => x.TicketId).HasMaxLength(64);
            w.Property(x => x.Body).HasMaxLength(TextLimits.Ceiling(TextLimits.Long));
            w.Property(x => x.RequestedBy).HasMaxLength(TextLimits.Name);
            w.Property(x => x.LastError).HasMaxLength(1_000);
            w.HasIndex(x => new { x.State, x.NextAttemptAt });
        });
        model.Entity<TicketInboundReceipt>(r =>
        {
            r.ToTable("TicketInboundReceipts");
            r.HasKey(x => x.Key);
            r.Property(x => x.Key).HasMaxLength(200);
            r.HasIndex(x => x.ReceivedAt);
        });
    }
}

using EscalationDesk.Features.Wizard;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace EscalationDesk.Data;

// Identity's tables (users, roles) live in the same database as the escalations.
public sealed class EscalationDeskDbContext(DbContextOptions<EscalationDeskDbContext> options) : IdentityDbContext<AppUser>(options)
{
    public DbSet<Escalation> Escalations => Set<Escalation>();
    public DbSet<Account> Accounts => Set<Account>();
    public DbSet<TimelineEvent> Timeline => Set<TimelineEvent>();
    public DbSet<EvidenceAttachment> Attachments => Set<EvidenceAttachment>();
    public DbSet<CommunicationEntry> Communications => Set<CommunicationEntry>();
    public DbSet<Notification> Notifications => Set<Notification>();
    public DbSet<ChatWebhook> ChatWebhooks => Set<ChatWebhook>();

    protected override void ConfigureConventions(ModelConfigurationBuilder builder)
    {
        // Enums as their names, so the database reads the same as the product; times are UTC.
        builder.Properties<Enum>().HaveConversion<string>().HaveMaxLength(32);
        builder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
        builder.Properties<DateTime?>().HaveConversion<UtcDateTimeConverter>();
    }

    protected override void OnModelCreating(ModelBuilder model)
    {
        base.OnModelCreating(model);
        model.Entity<AppUser>(u =>
        {
            u.Property(x => x.DisplayName).HasMaxLength(TextLimits.Name);
            u.HasIndex(x => x.DisplayName).IsUnique();
        });

        model.Entity<Escalation>(e =>
        {
            e.Property(x => x.Summary).HasMaxLength(TextLimits.Ceiling(TextLimits.Summary));
            e.Property(x => x.Owner).HasMaxLength(TextLimits.Name);
            // The owner's account id, for the per-object checks; demo data may have owners without an account (null).
            e.Property(x => x.OwnerId).HasMaxLength(450);
            e.HasIndex(x => new { x.OwnerId, x.Status });
            e.Property(x => x.ReportedBy).HasMaxLength(TextLimits.Name);
            e.Property(x => x.Version).IsConcurrencyToken();
            e.Property(x => x.Content)
                .HasConversion(c => c.ToJson(), json => DraftContent.FromJson(json),
                    new ValueComparer<DraftContent>((a, b) => a!.ToJson() == b!.ToJson(), c => c.ToJson().GetHashCode(), c => c.Clone()));
            e.HasOne(x => x.Account).WithMany().HasForeignKey(x => x.AccountId).OnDelete(DeleteBehavior.Restrict);
            e.HasMany(x => x.Timeline).WithOne().HasForeignKey(t => t.EscalationId);
            e.HasIndex(x => x.Status);
            e.HasIndex(x => x.Severity);
            e.HasIndex(x => x.PrimaryTarget);
            e.HasIndex(x => x.AccountId);
            e.HasIndex(x => new { x.Owner, x.Status, x.UpdatedAt });
            e.HasIndex(x => x.CreatedAt);
            e.HasIndex(x => x.UpdatedAt);
            e.Property(x => x.Targets).HasMaxLength(128);
            e.Property(x => x.Outcome).HasConversion(
                o => System.Text.Json.JsonSerializer.Serialize(o, DraftContent.Json),
                json => System.Text.Json.JsonSerializer.Deserialize<Outcome>(json, DraftContent.Json) ?? new Outcome(),
                new ValueComparer<Outcome>((a, b) => System.Text.Json.JsonSerializer.Serialize(a, DraftContent.Json) == System.Text.Json.JsonSerializer.Serialize(b, DraftContent.Json),
                    o => System.Text.Json.JsonSerializer.Serialize(o, DraftContent.Json).GetHashCode(),
                    o => System.Text.Json.JsonSerializer.Deserialize<Outcome>(System.Text.Json.JsonSerializer.Serialize(o, DraftContent.Json), DraftContent.Json)!));
            e.Property(x => x.CustomerName).HasMaxLength(TextLimits.Name);
            // The queue filters, sorts and pages in the database: one index per sortable column, led by status
            // because every queue view is filtered by status (open ones by default).
            // The default order (severity, then time in queue), covering the filter columns too, so a filtered
            // default view picks its page from this index alone.
            e.HasIndex(x => new { x.Status, x.Severity, x.EscalatedAt, x.NextInternalDueAt, x.NextCustomerOverdueAt, x.Targets, x.CustomerName });
            e.HasIndex(x => new { x.Status, x.EscalatedAt });
            e.HasIndex(x => new { x.Status, x.NextInternalDueAt });
            e.HasIndex(x => new { x.Status, x.NextCustomerDueAt });
            e.HasIndex(x => new { x.Status, x.NextCustomerOverdueAt });
            e.HasIndex(x => new { x.Status, x.ArrAtRisk });
            e.HasIndex(x => new { x.Status, x.CustomerName });
            e.HasIndex(x => new { x.Status, x.Owner });
            e.HasIndex(x => new { x.Status, x.Summary });
            e.HasIndex(x => new { x.Status, x.Targets });
            e.HasIndex(x => x.NextInternalDueAt);
            e.HasIndex(x => new { x.Severity, x.EscalatedAt });
            e.HasIndex(x => new { x.Status, x.PrimaryTarget });
            e.HasIndex(x => x.LinkedSimilarCount).HasFilter("LinkedSimilarCount > 0");
            e.HasIndex(x => x.NextCustomerDueAt);
            e.HasIndex(x => x.EscalatedAt);
        });

        model.Entity<Account>(a =>
        {
            a.Property(x => x.Name).HasMaxLength(TextLimits.Name);
            a.Property(x => x.Plan).HasMaxLength(TextLimits.Name);
            a.Property(x => x.KeyContacts).HasMaxLength(TextLimits.Ceiling(TextLimits.Short));
            a.HasIndex(x => x.Name);
        });

        model.Entity<TimelineEvent>(t =>
        {
            t.Property(x => x.Kind).HasMaxLength(64);
            t.Property(x => x.Actor).HasMaxLength(TextLimits.Name);
            t.HasIndex(x => new { x.EscalationId, x.At });
        });

        model.Entity<CommunicationEntry>(c =>
        {
            c.Property(x => x.Channel).HasMaxLength(32);
            c.Property(x => x.Actor).HasMaxLength(TextLimits.Name);
            c.Property(x => x.Note).HasMaxLength(TextLimits.Ceiling(TextLimits.Long));
            c.HasIndex(x => new { x.EscalationId, x.At });
            c.HasOne<Escalation>().WithMany().HasForeignKey(x => x.EscalationId);
        });

        model.Entity<Notification>(n =>
        {
            n.Property(x => x.Kind).HasMaxLength(32);
            n.Property(x => x.Owner).HasMaxLength(TextLimits.Name);
            n.Property(x => x.Message).HasMaxLength(500);
            // One reminder per timer instant: the background service may look many times, it raises once.
            n.HasIndex(x => new { x.EscalationId, x.Kind, x.TimerAt }).IsUnique();
            n.HasIndex(x => new { x.Owner, x.ReadAt });
            n.HasOne<Escalation>().WithMany().HasForeignKey(x => x.EscalationId);
        });

        model.Entity<ChatWebhook>(w =>
        {
            w.HasKey(x => x.Target);
            w.Property(x => x.Target).HasMaxLength(32);
            w.Property(x => x.Url).HasMaxLength(2_000);
            w.Property(x => x.UpdatedBy).HasMaxLength(TextLimits.Name);
        });

        model.Entity<EvidenceAttachment>(a =>
        {
            a.Property(x => x.FileName).HasMaxLength(255);
            a.Property(x => x.ContentType).HasMaxLength(128);
            a.HasIndex(x => x.EscalationId);
            a.HasOne<Escalation>().WithMany().HasForeignKey(x => x.EscalationId);
        });
    }

    private sealed class UtcDateTimeConverter() : ValueConverter<DateTime, DateTime>(
        v => v.Kind == DateTimeKind.Utc ? v : v.ToUniversalTime(),
        v => DateTime.SpecifyKind(v, DateTimeKind.Utc));
}

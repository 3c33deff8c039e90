using EscalationDesk.Features.Judgment;
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
    public DbSet<ReminderCursor> ReminderCursors => Set<ReminderCursor>();
    public DbSet<ChatWebhook> ChatWebhooks => Set<ChatWebhook>();

    // The queue's derived columns follow the copied ones on every save, whoever writes (wizard, lifecycle, seeder, tests).
    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        UpdateQueueColumns();
        return base.SaveChanges(acceptAllChangesOnSuccess);
    }

    public override Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        UpdateQueueColumns();
        return base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
    }

    private void UpdateQueueColumns()
    {
        foreach (var entry in ChangeTracker.Entries<Escalation>())
            if (entry.State is EntityState.Added or EntityState.Modified) entry.Entity.UpdateQueueColumns();
    }

    // The migrations that add derived queue columns; a database made before one of them gets them filled in once.
    public static bool AddsQueueColumns(IEnumerable<string> pendingMigrations) =>
        pendingMigrations.Any(m => m.EndsWith("_QueueScale", StringComparison.Ordinal) || m.EndsWith("_QueueStatusOrder", StringComparison.Ordinal));

    // Once, when a migration adds derived columns (AddsQueueColumns) to a database that already holds escalations.
    public void BackfillQueueColumns()
    {
        for (var after = 0; ;)
        {
            var batch = Escalations.Where(e => e.Id > after).OrderBy(e => e.Id).Take(1_000).ToList();
            if (batch.Count == 0) return;
            foreach (var e in batch) e.UpdateQueueColumns();
            SaveChanges();
            ChangeTracker.Clear();
            after = batch[^1].Id;
        }
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder builder)
    {
        // Enums as their names, so the database reads the same as the product; times are UTC.
        builder.Properties<Enum>().HaveConversion<string>().HaveMaxLength(32);
        builder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
        builder.Properties<DateTime?>().HaveConversion<UtcDateTimeConverter>();
    }

    public static readonly string OpenFilter =
        $"\"StatusOrder\" IN ({Escalation.OrderOf(EscalationStatus.Escalated)}, {Escalation.OrderOf(EscalationStatus.Acknowledged)})";

    // Counted per value: the value first. Counted in a range or summed: StatusOrder first, or SQLite preferred searching the
    // StatusOrder index and reading each open row. The oldest are read per open status, in (EscalatedAt, Id) order.
    private static readonly string[][] OpenIndexes =
    [
        [nameof(Escalation.Severity), nameof(Escalation.StatusOrder)],
        [nameof(Escalation.PrimaryTarget), nameof(Escalation.StatusOrder)],
        [nameof(Escalation.StatusOrder), nameof(Escalation.EscalatedAt)],
        [nameof(Escalation.StatusOrder), nameof(Escalation.NextInternalDueAt)],
        [nameof(Escalation.StatusOrder), nameof(Escalation.NextCustomerOverdueAt)],
        [nameof(Escalation.StatusOrder), nameof(Escalation.ArrAtRisk)],
    ];

    protected override void OnModelCreating(ModelBuilder model)
    {
        base.OnModelCreating(model);
        model.Entity<AppUser>(u =>
        {
            // Not unique: two people may share a name. Everything that must find one person goes by Id.
            u.Property(x => x.DisplayName).HasMaxLength(TextLimits.Name);
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
            // The queue filters, sorts and pages in the database. Each order has an index led by its sort key with Status
            // next (the order is key, status, id), so a page is read by walking one index in order, checking the status
            // in the index entry itself, and stopping after the page: no view sorts the matching rows.
            // No index is led by Status: given one, SQLite searched it for the open statuses and sorted every open row
            // (it does not weigh the LIMIT), 30× slower at 100,000. Counts walk these indexes too, stopping at the cap.
            // The default order (severity, time in queue) carries OverdueFrom as a tie-break before the id, so the overdue filter is covered.
            e.HasIndex(x => new { x.Severity, x.EscalatedAt, x.Status, x.OverdueFrom });
            e.HasIndex(x => new { x.Summary, x.Status });
            e.HasIndex(x => new { x.CustomerName, x.Status });
            e.HasIndex(x => new { x.Targets, x.Status });
            e.HasIndex(x => new { x.Owner, x.Status });
            e.HasIndex(x => new { x.EscalatedAt, x.Status });
            e.HasIndex(x => new { x.NextInternalDueAt, x.Status });
            e.HasIndex(x => new { x.NextCustomerDueAt, x.Status });
            e.HasIndex(x => new { x.NextCustomerOverdueAt, x.Status });
            e.HasIndex(x => new { x.ArrAtRisk, x.Status });
            e.HasIndex(x => new { x.PrimaryTarget, x.Status });
            e.HasIndex(x => new { x.StatusOrder, x.Status });
            // Default order within one owner, one customer, one target (partial indexes on the flag). With OverdueFrom the owner and
            // customer ones hold the whole default order: a customer filter matching several accounts sorts index entries only
            // (without it SQLite read every matching row from the table to sort them, 7 ms instead of under 1 at 100,000).
            e.HasIndex(x => new { x.Owner, x.Severity, x.EscalatedAt, x.Status, x.OverdueFrom });
            e.HasIndex(x => new { x.AccountId, x.Severity, x.EscalatedAt, x.Status, x.OverdueFrom });
            e.HasIndex(x => new { x.Severity, x.EscalatedAt, x.Status }, "IX_Escalations_TargetL2Support_Order").HasFilter("\"TargetL2Support\"");
            e.HasIndex(x => new { x.Severity, x.EscalatedAt, x.Status }, "IX_Escalations_TargetEngineering_Order").HasFilter("\"TargetEngineering\"");
            e.HasIndex(x => new { x.Severity, x.EscalatedAt, x.Status }, "IX_Escalations_TargetProduct_Order").HasFilter("\"TargetProduct\"");
            e.HasIndex(x => new { x.Severity, x.EscalatedAt, x.Status }, "IX_Escalations_TargetSecurity_Order").HasFilter("\"TargetSecurity\"");
            e.HasIndex(x => new { x.Severity, x.EscalatedAt, x.Status }, "IX_Escalations_TargetLeadership_Order").HasFilter("\"TargetLeadership\"");
            e.HasIndex(x => x.LinkedSimilarCount).HasFilter("LinkedSimilarCount > 0");
            // The dashboard's counts of open escalations, each a range of a small covering index holding only open rows.
            // Their filter is on StatusOrder, which the queue's filters never use for a page (only its counts by status alone and
            // its status sort do), so the queue's page plans never change because of them; it is exactly the SQL
            // DashboardService's open filter generates, as SQLite uses a partial index only then.
            foreach (var columns in OpenIndexes)
                e.HasIndex(columns, $"IX_Escalations_Open_{columns.Single(c => c != nameof(Escalation.StatusOrder))}").HasFilter(OpenFilter);
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
            n.Property(x => x.OwnerId).HasMaxLength(450);
            n.Property(x => x.Message).HasMaxLength(500);
            // One reminder per timer instant: however many ticks or reminder services look, it is raised once.
            n.HasIndex(x => new { x.EscalationId, x.Kind, x.TimerAt }).IsUnique();
            n.HasIndex(x => new { x.OwnerId, x.ReadAt });
            n.HasOne<Escalation>().WithMany().HasForeignKey(x => x.EscalationId);
        });

        model.Entity<ReminderCursor>(c => c.Property(x => x.Id).ValueGeneratedNever());

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

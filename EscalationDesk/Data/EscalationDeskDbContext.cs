using EscalationDesk.Features.Judgment;
using EscalationDesk.Features.Settings;
using EscalationDesk.Features.Webhooks;
using EscalationDesk.Features.Wizard;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using Microsoft.Extensions.Options;

namespace EscalationDesk.Data;

// Identity's tables (users, roles) live in the same database as the escalations. The cadence table is the app's
// (resolved by AddDbContextFactory), and so is the organisation's business calendar (Settings); tests and the design-time
// tools get the spec's table and the default calendar (UTC, Monday to Friday) unless they pass one.
public sealed class EscalationDeskDbContext(DbContextOptions<EscalationDeskDbContext> options, IOptions<CadenceOptions>? cadence = null,
    OrganisationCalendar? calendar = null, WebhookOutbox? webhooks = null)
    : IdentityDbContext<AppUser>(options), IDataProtectionKeyContext
{
    private readonly CadenceOptions _cadence = cadence?.Value ?? new CadenceOptions();
    private readonly OrganisationCalendar? _calendar = calendar;
    // Outbound webhooks: a save's events are written to the outbox in its transaction (WebhookOutbox.SaveAsync).
    private readonly WebhookOutbox? _webhooks = webhooks;

    public DbSet<Escalation> Escalations => Set<Escalation>();
    public DbSet<Account> Accounts => Set<Account>();
    public DbSet<TimelineEvent> Timeline => Set<TimelineEvent>();
    public DbSet<EvidenceAttachment> Attachments => Set<EvidenceAttachment>();
    public DbSet<CommunicationEntry> Communications => Set<CommunicationEntry>();
    public DbSet<Notification> Notifications => Set<Notification>();
    public DbSet<ReminderCursor> ReminderCursors => Set<ReminderCursor>();
    // The key ring of ASP.NET Core Data Protection (cookies, antiforgery), shared by every instance on this database.
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();
    public DbSet<SharedDashboard> SharedDashboards => Set<SharedDashboard>();
    public DbSet<ChatWebhook> ChatWebhooks => Set<ChatWebhook>();
    public DbSet<EscalationLink> EscalationLinks => Set<EscalationLink>();
    public DbSet<OrganisationSettings> OrganisationSettings => Set<OrganisationSettings>();
    public DbSet<Features.Api.IdempotencyRecord> IdempotencyRecords => Set<Features.Api.IdempotencyRecord>();
    public DbSet<PersonalAccessToken> PersonalAccessTokens => Set<PersonalAccessToken>();
    // Helpdesk connections and the tickets drafts were started from (Features/Tickets).
    public DbSet<Features.Tickets.TicketConnection> TicketConnections => Set<Features.Tickets.TicketConnection>();
    public DbSet<Features.Tickets.TicketLink> TicketLinks => Set<Features.Tickets.TicketLink>();
    public DbSet<Features.Tickets.TicketComment> TicketComments => Set<Features.Tickets.TicketComment>();
    // Jira and GitHub issues linked to escalations (Features/Trackers).
    public DbSet<Features.Trackers.TrackerIssue> TrackerIssues => Set<Features.Trackers.TrackerIssue>();
    public DbSet<Features.Tickets.TicketWriteBack> TicketWriteBacks => Set<Features.Tickets.TicketWriteBack>();
    public DbSet<Features.Tickets.TicketInboundReceipt> TicketInboundReceipts => Set<Features.Tickets.TicketInboundReceipt>();
    public DbSet<WebhookSubscription> WebhookSubscriptions => Set<WebhookSubscription>();
    public DbSet<WebhookDelivery> WebhookDeliveries => Set<WebhookDelivery>();
    public DbSet<WebhookAttempt> WebhookAttempts => Set<WebhookAttempt>();

    // Every save of an escalation derives its copied columns (EscalationDerivation), whoever saves it.
    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        var saved = SavedEscalations();
        var wanted = AccountNamesToLookUp(saved, out var names);
        if (wanted.Count > 0)
            foreach (var a in Accounts.AsNoTracking().Where(a => wanted.Contains(a.Id)).Select(a => new { a.Id, a.Name }).ToList()) names[a.Id] = a.Name;
        Derive(saved, names);
        EscalationLink.Sync(this);
        return base.SaveChanges(acceptAllChangesOnSuccess);
    }

    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        await PrepareSaveAsync(cancellationToken);
        if (_webhooks is not null && WebhookOutbox.Changes(this) is { } changes)
            return await _webhooks.SaveAsync(this, changes, ct => base.SaveChangesAsync(acceptAllChangesOnSuccess, ct), cancellationToken);
        return await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
    }

    // The save hook's work without the save, for a bulk load that writes the tracked rows itself (PostgreSQL's COPY).
    public async Task PrepareSaveAsync(CancellationToken ct)
    {
        var saved = SavedEscalations();
        var wanted = AccountNamesToLookUp(saved, out var names);
        if (wanted.Count > 0)
            foreach (var a in await Accounts.AsNoTracking().Where(a => wanted.Contains(a.Id)).Select(a => new { a.Id, a.Name }).ToListAsync(ct))
                names[a.Id] = a.Name;
        Derive(saved, names);
        EscalationLink.Sync(this);
    }

    // Saves this escalation's derived columns again though nothing of its own changed (a backfill, a renamed customer).
    public void Rederive(Escalation escalation) => Entry(escalation).State = EntityState.Modified;

    private List<Escalation> SavedEscalations() =>
        ChangeTracker.Entries<Escalation>().Where(e => e.State is EntityState.Added or EntityState.Modified).Select(e => e.Entity).ToList();

    // The customer's name is its account's: taken from an account tracked here (a rename saves its escalations in the same
    // context), otherwise read when the escalation is new or its account changed; else the stored name stands.
    private List<int> AccountNamesToLookUp(List<Escalation> saved, out Dictionary<int, string> names)
    {
        names = saved.Count == 0 ? [] : ChangeTracker.Entries<Account>().Where(a => a.State is EntityState.Unchanged or EntityState.Modified)
            .ToDictionary(a => a.Entity.Id, a => a.Entity.Name);
        var known = names;
        return saved
            .Where(e => e.Content.Understand.AccountId is int id && !known.ContainsKey(id)
                && (Entry(e).State == EntityState.Added || e.AccountId != id || e.CustomerName is null))
            .Select(e => e.Content.Understand.AccountId!.Value).Distinct().ToList();
    }

    private void Derive(List<Escalation> saved, Dictionary<int, string> names)
    {
        foreach (var e in saved)
            EscalationDerivation.Apply(e, _cadence, _calendar?.Current ?? BusinessCalendar.Default, e.Content.Understand.AccountId is int id && names.TryGetValue(id, out var name) ? name : e.CustomerName);
    }

    // The migrations that add derived columns; a database made before one of them gets them filled in once.
    public static bool AddsQueueColumns(IEnumerable<string> pendingMigrations) =>
        pendingMigrations.Any(m => m.EndsWith("_QueueScale", StringComparison.Ordinal) || m.EndsWith("_QueueStatusOrder", StringComparison.Ordinal)
            || m.Contains("_Derive", StringComparison.Ordinal));

    // Once, when a migration adds derived columns (AddsQueueColumns) to a database that already holds escalations: every
    // escalation is saved again, so the derivation fills them from its content (ARR at risk included).
    public void BackfillQueueColumns()
    {
        for (var after = 0; ;)
        {
            var batch = Escalations.Where(e => e.Id > after).OrderBy(e => e.Id).Take(1_000).ToList();
            if (batch.Count == 0) return;
            foreach (var e in batch) Rederive(e);
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

    private static string OpenFilter(IndexFilters filters) =>
        filters.IsIn(nameof(Escalation.StatusOrder), LifecycleRules.OpenStatuses.Select(LifecycleRules.Order));

    // The dashboard's open-row indexes; their column order: docs/PERFORMANCE.md, "Why the indexes look as they do".
    private static readonly string[][] OpenIndexes =
    [
        [nameof(Escalation.Severity), nameof(Escalation.StatusOrder)],
        [nameof(Escalation.PrimaryTarget), nameof(Escalation.StatusOrder)],
        [nameof(Escalation.StatusOrder), nameof(Escalation.EscalatedAt)],
        [nameof(Escalation.StatusOrder), nameof(Escalation.InternalOverdueFrom)],
        [nameof(Escalation.StatusOrder), nameof(Escalation.CustomerOverdueFrom)],
        [nameof(Escalation.StatusOrder), nameof(Escalation.ArrAtRisk)],
    ];

    // The queue's order indexes, one per sort (QueueService.Sort), in the order's columns.
    private static readonly string[][] OrderIndexes =
    [
        [nameof(Escalation.Severity), nameof(Escalation.EscalatedAt), nameof(Escalation.Status), nameof(Escalation.OverdueFrom),
            nameof(Escalation.InternalOverdueFrom), nameof(Escalation.CustomerOverdueFrom)],
        [nameof(Escalation.Summary), nameof(Escalation.Status)],
        [nameof(Escalation.CustomerName), nameof(Escalation.Status)],
        [nameof(Escalation.Targets), nameof(Escalation.Status)],
        [nameof(Escalation.Owner), nameof(Escalation.Status)],
        [nameof(Escalation.EscalatedAt), nameof(Escalation.Status)],
        [nameof(Escalation.NextInternalDueAt), nameof(Escalation.Status), nameof(Escalation.InternalOverdueFrom)],
        [nameof(Escalation.NextCustomerDueAt), nameof(Escalation.Status), nameof(Escalation.CustomerOverdueFrom)],
        [nameof(Escalation.ArrAtRisk), nameof(Escalation.Status)],
        [nameof(Escalation.StatusOrder), nameof(Escalation.Status)],
    ];

    protected override void OnModelCreating(ModelBuilder model)
    {
        base.OnModelCreating(model);
        var filters = this.DatabaseProvider().IndexFilters;
        model.Entity<AppUser>(u =>
        {
            // Not unique: two people may share a name. Everything that must find one person goes by Id.
            u.Property(x => x.DisplayName).HasMaxLength(TextLimits.Name);
            u.Property(x => x.TimeZone).HasMaxLength(64);
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
            // The queue's order indexes (sort key, then Status; none led by Status): docs/PERFORMANCE.md, "Why the indexes look as they do".
            // SQLite ends every index in the rowid (the Id); an engine whose indexes do not gets "Id" as their last column, so the
            // whole order (key, status, id) is read from the index.
            foreach (var columns in OrderIndexes)
                e.HasIndex(this.DatabaseProvider().IndexesEndInRowId ? columns : [.. columns, nameof(Escalation.Id)]);
            e.HasIndex(x => new { x.NextCustomerOverdueAt, x.Status });
            // Money as a whole number of cents: EF would store a decimal as TEXT in SQLite, which sorts "90000" before "100000"
            // and sums inexactly; an integer sorts in its index and sums exactly.
            e.Property(x => x.ArrAtRisk).HasColumnName("ArrAtRiskCents").HasConversion(new MoneyAsCents());
            e.HasIndex(x => new { x.PrimaryTarget, x.Status });
            // Default order within one owner, one customer, one target (partial on the flag): docs/PERFORMANCE.md, as above.
            e.HasIndex(x => new { x.OwnerId, x.Severity, x.EscalatedAt, x.Status, x.OverdueFrom });
            e.HasIndex(x => new { x.AccountId, x.Severity, x.EscalatedAt, x.Status, x.OverdueFrom });
            // The dashboard's primary-target links: without it a page sorted every matching row (11 ms at 20,000).
            e.HasIndex(x => new { x.PrimaryTarget, x.Severity, x.EscalatedAt, x.Status, x.OverdueFrom });
            e.HasIndex(x => new { x.Severity, x.EscalatedAt, x.Status }, "IX_Escalations_TargetL2Support_Order").HasFilter(filters.IsSet(nameof(Escalation.TargetL2Support)));
            e.HasIndex(x => new { x.Severity, x.EscalatedAt, x.Status }, "IX_Escalations_TargetEngineering_Order").HasFilter(filters.IsSet(nameof(Escalation.TargetEngineering)));
            e.HasIndex(x => new { x.Severity, x.EscalatedAt, x.Status }, "IX_Escalations_TargetProduct_Order").HasFilter(filters.IsSet(nameof(Escalation.TargetProduct)));
            e.HasIndex(x => new { x.Severity, x.EscalatedAt, x.Status }, "IX_Escalations_TargetSecurity_Order").HasFilter(filters.IsSet(nameof(Escalation.TargetSecurity)));
            e.HasIndex(x => new { x.Severity, x.EscalatedAt, x.Status }, "IX_Escalations_TargetLeadership_Order").HasFilter(filters.IsSet(nameof(Escalation.TargetLeadership)));
            e.HasIndex(x => x.LinkedSimilarCount).HasFilter(filters.IsPositive(nameof(Escalation.LinkedSimilarCount)));
            // The dashboard's counts of open escalations, each a range of a small covering index of open rows (why on StatusOrder:
            // docs/PERFORMANCE.md, "Why the indexes look as they do").
            foreach (var columns in OpenIndexes)
                e.HasIndex(columns, $"IX_Escalations_Open_{columns.Single(c => c != nameof(Escalation.StatusOrder))}").HasFilter(OpenFilter(filters));
        });

        // The API's external reference (Features/Api) and its stored POST answers.
        model.Entity<Escalation>(e =>
        {
            e.Property(x => x.ExternalSystem).HasMaxLength(Features.Api.ExternalRef.SystemMax);
            e.Property(x => x.ExternalId).HasMaxLength(Features.Api.ExternalRef.IdMax);
            e.Property(x => x.ExternalUrl).HasMaxLength(Features.Api.ExternalRef.UrlMax);
        });
        Features.Api.IdempotencyRecord.Configure(model);

        model.Entity<EscalationLink>(l =>
        {
            l.HasOne(x => x.Escalation).WithMany().HasForeignKey(x => x.EscalationId).OnDelete(DeleteBehavior.Cascade);
            l.Property(x => x.Reference).HasMaxLength(TextLimits.Short);
            l.Property(x => x.Note).HasMaxLength(TextLimits.Short);
            // One escalation's rows, for the save hook; who links to ESC-n and who mentions a reference, each a seek that
            // answers from the index alone.
            l.HasIndex(x => new { x.EscalationId, x.Kind });
            l.HasIndex(x => new { x.Kind, x.TargetId, x.EscalationId });
            l.HasIndex(x => new { x.Kind, x.Reference, x.EscalationId });
        });

        model.Entity<Account>(a =>
        {
            a.Property(x => x.Name).HasMaxLength(TextLimits.Name);
            a.Property(x => x.Plan).HasMaxLength(TextLimits.Name);
            a.Property(x => x.KeyContacts).HasMaxLength(TextLimits.Ceiling(TextLimits.Short));
            a.Property(x => x.TimeZone).HasMaxLength(64);
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
        model.Entity<SharedDashboard>(d => d.Property(x => x.Id).ValueGeneratedNever());

        model.Entity<ChatWebhook>(w =>
        {
            w.HasKey(x => x.Target);
            w.Property(x => x.Target).HasMaxLength(32);
            w.Property(x => x.Url).HasMaxLength(2_000);
            w.Property(x => x.UpdatedBy).HasMaxLength(TextLimits.Name);
        });

        Features.Tickets.TicketModel.Configure(model);
        Features.Trackers.TrackerModel.Configure(model);

        model.Entity<OrganisationSettings>(o =>
        {
            o.Property(x => x.Id).ValueGeneratedNever();
            o.Property(x => x.TimeZone).HasMaxLength(64);
            o.Property(x => x.WorkingDays).HasMaxLength(80);
            o.Property(x => x.Holidays).HasMaxLength(4_000);
            o.Property(x => x.UpdatedBy).HasMaxLength(TextLimits.Name);
        });

        model.Entity<PersonalAccessToken>(t =>
        {
            t.HasOne(x => x.User).WithMany().HasForeignKey(x => x.UserId).OnDelete(DeleteBehavior.Cascade);
            t.Property(x => x.UserId).HasMaxLength(450);
            t.Property(x => x.Name).HasMaxLength(PersonalAccessToken.NameLength);
            t.Property(x => x.LookupId).HasMaxLength(PersonalAccessToken.LookupIdLength);
            t.Property(x => x.SecretHash).HasMaxLength(32);
            t.Property(x => x.Scopes).HasMaxLength(32);
            // Verification reads one row by its lookup id; a name is unique among the user's tokens that are not revoked.
            t.HasIndex(x => x.LookupId).IsUnique();
            t.HasIndex(x => new { x.UserId, x.Name }).IsUnique().HasFilter(filters.IsNull(nameof(PersonalAccessToken.RevokedAt)));
        });

        model.Entity<EvidenceAttachment>(a =>
        {
            a.Property(x => x.FileName).HasMaxLength(255);
            a.Property(x => x.ContentType).HasMaxLength(128);
            a.HasIndex(x => x.EscalationId);
            a.HasOne<Escalation>().WithMany().HasForeignKey(x => x.EscalationId);
        });
        WebhookModel.Configure(model);
        Features.Briefs.BriefSnapshot.Configure(model);
        Features.Briefs.ShareLink.Configure(model);
        this.DatabaseProvider().FinishModel(model);
    }

    private sealed class MoneyAsCents() : ValueConverter<decimal, long>(
        v => (long)Math.Round(v * 100m, MidpointRounding.AwayFromZero),
        v => v / 100m);

    private sealed class UtcDateTimeConverter() : ValueConverter<DateTime, DateTime>(
        v => v.Kind == DateTimeKind.Utc ? v : v.ToUniversalTime(),
        v => DateTime.SpecifyKind(v, DateTimeKind.Utc));
}

using System.Text.Json;
using EscalationDesk.Data;
using EscalationDesk.Features.Judgment;
using EscalationDesk.Features.Users;
using EscalationDesk.Features.Wizard;
using Microsoft.EntityFrameworkCore;

namespace EscalationDesk.Features.Briefs;

// A brief as it stood at one moment, never changed once written: every audience's rendering (as Markdown pages, so the
// PDF breaks where it did) and the content it came from. Numbered per escalation from 1 ("ESC-12 v3").
public sealed class BriefSnapshot
{
    public long Id { get; set; }
    public int EscalationId { get; set; }
    public int Number { get; set; }
    public DateTime TakenAt { get; set; }
    public string TakenBy { get; set; } = "";
    public string Reason { get; set; } = "";
    public EscalationStatus Status { get; set; }
    public string Content { get; set; } = "";
    public string Renderings { get; set; } = "";

    public static void Configure(ModelBuilder model) => model.Entity<BriefSnapshot>(s =>
    {
        s.ToTable("BriefSnapshots");
        s.HasOne<Escalation>().WithMany().HasForeignKey(x => x.EscalationId).OnDelete(DeleteBehavior.Cascade);
        s.HasIndex(x => new { x.EscalationId, x.Number }).IsUnique();
        s.Property(x => x.TakenBy).HasMaxLength(TextLimits.Name);
        s.Property(x => x.Reason).HasMaxLength(100);
    });
}

public sealed record SnapshotItem(int Number, DateTime TakenAt, string TakenBy, string Reason, EscalationStatus Status);

public static class SnapshotReasons
{
    public const string Escalated = "Escalated";
    public const string Saved = "Saved";
    public const string PostedToChat = "Posted to chat";
    public const string Shared = "Shared";
}

public sealed class BriefSnapshots(IDbContextFactory<EscalationDeskDbContext> dbFactory, BriefService briefs, ICurrentUser user, TimeProvider clock)
{
    // Adds the snapshot of the record as it is now (with the status it is about to have) to db, for the caller's transaction.
    // Null when the user may not read the escalation.
    public async Task<BriefSnapshot?> AddAsync(EscalationDeskDbContext db, int id, string reason, EscalationStatus? status = null, CancellationToken ct = default)
    {
        if (await briefs.LoadAsync(id, ct) is not { } source) return null;
        if (status is { } now) source = source with { Status = now };
        var renderings = BriefAudiences.All.ToDictionary(a => a.Query(), a => BriefMarkdown.Compose(source, a).Pages());
        var last = await db.Set<BriefSnapshot>().Where(s => s.EscalationId == id).MaxAsync(s => (int?)s.Number, ct) ?? 0;
        var snapshot = new BriefSnapshot
        {
            EscalationId = id, Number = last + 1, TakenAt = clock.GetUtcNow().UtcDateTime, TakenBy = user.Name, Reason = reason, Status = source.Status,
            Content = JsonSerializer.Serialize(source.Content, DraftContent.Json), Renderings = JsonSerializer.Serialize(renderings),
        };
        db.Add(snapshot);
        db.Timeline.Add(new TimelineEvent
        {
            EscalationId = id, At = snapshot.TakenAt, Actor = user.Name, Kind = TimelineKinds.Snapshot, Detail = $"Snapshot v{snapshot.Number} saved ({reason})",
        });
        return snapshot;
    }

    // A snapshot in its own transaction ("Save snapshot", a chat post), by someone who may act on the escalation (its readers
    // download snapshots). Two at once for one escalation: the second is numbered after.
    public async Task<int?> TakeAsync(int id, string reason, CancellationToken ct = default)
    {
        for (var attempt = 0; ; attempt++)
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            if (!await db.Escalations.EditableBy(user).AnyAsync(e => e.Id == id && e.DiscardedAt == null, ct)) return null;
            if (await AddAsync(db, id, reason, ct: ct) is not { } snapshot) return null;
            try
            {
                await db.SaveChangesAsync(ct);
                return snapshot.Number;
            }
            catch (DbUpdateException) when (attempt < 3)
            {
            }
        }
    }

    public async Task<IReadOnlyList<SnapshotItem>> ListAsync(int id, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (!await db.Escalations.ReadableBy(user).AnyAsync(e => e.Id == id && e.DiscardedAt == null, ct)) return [];
        return await db.Set<BriefSnapshot>().AsNoTracking().Where(s => s.EscalationId == id).OrderByDescending(s => s.Number)
            .Select(s => new SnapshotItem(s.Number, s.TakenAt, s.TakenBy, s.Reason, s.Status)).ToListAsync(ct);
    }

    private async Task<(BriefSnapshot Snapshot, BriefSource Source)?> FindAsync(int id, int? number, CancellationToken ct)
    {
        if (await briefs.LoadAsync(id, ct) is not { } source) return null;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var query = db.Set<BriefSnapshot>().AsNoTracking().Where(s => s.EscalationId == id);
        var snapshot = number is int n ? await query.SingleOrDefaultAsync(s => s.Number == n, ct) : await query.OrderByDescending(s => s.Number).FirstOrDefaultAsync(ct);
        return snapshot is null ? null : (snapshot, source);
    }

    // The snapshot's own text for the audience; its file and PDF name the version.
    public async Task<BriefFile?> MarkdownAsync(int id, int number, BriefAudience audience, CancellationToken ct = default)
    {
        if (await FindAsync(id, number, ct) is not var (snapshot, source)) return null;
        var markdown = string.Concat(Pages(snapshot, audience));
        return new BriefFile(FileName(source, snapshot, audience, "md"), "text/markdown; charset=utf-8", System.Text.Encoding.UTF8.GetBytes(markdown));
    }

    public async Task<BriefFile?> PdfAsync(int id, int number, BriefAudience audience, CancellationToken ct = default)
    {
        if (await FindAsync(id, number, ct) is not var (snapshot, source)) return null;
        return new BriefFile(FileName(source, snapshot, audience, "pdf"), "application/pdf",
            await briefs.RenderPdfAsync(PdfRequest(snapshot, source, audience), ct));
    }

    // The snapshot's own pages, named by its version; the band, author and DRAFT mark follow the record as it was then.
    internal static BriefPdfRequest PdfRequest(BriefSnapshot snapshot, BriefSource source, BriefAudience audience)
    {
        var pages = Pages(snapshot, audience);
        var then = source with { Content = DraftContent.FromJson(snapshot.Content), Status = snapshot.Status, AsOf = snapshot.TakenAt };
        return BriefService.PdfRequest(then, new BriefDocument(audience, "", "", [])) with
        {
            Reference = Version(snapshot), Markdown = string.Concat(pages), Pages = pages.Count > 1 ? pages : null,
        };
    }

    internal static string Version(BriefSnapshot snapshot) => $"ESC-{snapshot.EscalationId} v{snapshot.Number}";

    internal static IReadOnlyList<string> PagesOf(BriefSnapshot snapshot, BriefAudience audience) => Pages(snapshot, audience);

    private static IReadOnlyList<string> Pages(BriefSnapshot snapshot, BriefAudience audience) =>
        JsonSerializer.Deserialize<Dictionary<string, List<string>>>(snapshot.Renderings)!.GetValueOrDefault(audience.Query()) ?? [];

    internal static string FileName(BriefSource source, BriefSnapshot snapshot, BriefAudience audience, string extension) =>
        BriefService.FileName(source, extension, audience).Replace($"ESC-{source.Id}", $"ESC-{source.Id}-v{snapshot.Number}");

    // What changed in the record since its latest snapshot, field by field, in words; null when it has none.
    public async Task<SnapshotChanges?> ChangesAsync(int id, CancellationToken ct = default)
    {
        if (await FindAsync(id, null, ct) is not var (snapshot, source)) return null;
        var before = source with { Content = DraftContent.FromJson(snapshot.Content), Status = snapshot.Status };
        return new SnapshotChanges(snapshot.Number, BriefChanges.Between(before, source));
    }
}

public sealed record SnapshotChanges(int Since, IReadOnlyList<string> Changes);

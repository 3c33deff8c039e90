using System.Text;
using System.Text.RegularExpressions;
using EscalationDesk.Data;
using EscalationDesk.Features.Users;
using Microsoft.EntityFrameworkCore;

namespace EscalationDesk.Features.Briefs;

public sealed record BriefFile(string FileName, string ContentType, byte[] Data);

public sealed partial class BriefService(
    IDbContextFactory<EscalationDeskDbContext> dbFactory, ICurrentUser user, TimeProvider clock, EscalationDeskOptions options,
    Lazy<IBriefPdf> pdf, PdfRenderLimits limits, BriefPdfCache cache, Settings.OrganisationCalendar? organisation = null)
{
    public async Task<BriefSource?> LoadAsync(int id, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var row = await db.Escalations.AsNoTracking().ReadableBy(user).Where(e => e.Id == id && e.DiscardedAt == null)
            .Select(e => new { e.Content, Customer = e.Account != null ? e.Account.Name : null, e.ReportedBy, e.CreatedAt, e.Version })
            .SingleOrDefaultAsync(ct);
        if (row is null) return null;
        var linkedIds = row.Content.Context.LinkedSimilar.ToList();
        var linked = await db.Escalations.AsNoTracking().ReadableBy(user).Where(e => linkedIds.Contains(e.Id))
            .Select(e => new LinkedEscalation(e.Id, e.Summary, e.Account != null ? e.Account.Name : null)).ToListAsync(ct);
        var attachments = await db.Attachments.AsNoTracking().Where(a => a.EscalationId == id && a.RemovedAt == null)
            .OrderBy(a => a.Id).Select(a => a.FileName).ToListAsync(ct);
        var issues = await db.TrackerIssues.AsNoTracking().Where(t => t.EscalationId == id).OrderBy(t => t.Id)
            .Select(t => new LinkedIssue(t.System.ToString(), t.Key, t.Url, t.Title, t.Status, t.Done)).ToListAsync(ct);
        return new BriefSource(id, row.Content, row.Customer, row.ReportedBy, row.CreatedAt,
            linked.OrderBy(l => linkedIds.IndexOf(l.Id)).ToList(), attachments, options.Currency, clock.GetUtcNow().UtcDateTime, organisation?.ZoneId ?? Judgment.WallClock.Utc,
            row.Version, issues);
    }

    public async Task<BriefFile?> MarkdownAsync(int id, CancellationToken ct = default)
    {
        if (await LoadAsync(id, ct) is not { } source) return null;
        var file = new BriefFile(FileName(source, "md"), "text/markdown; charset=utf-8", Encoding.UTF8.GetBytes(BriefMarkdown.Render(source)));
        await RecordExportAsync(id, "Markdown", ct);
        return file;
    }

    public async Task<BriefFile?> PdfAsync(int id, CancellationToken ct = default)
    {
        if (await LoadAsync(id, ct) is not { } source) return null;
        var summary = source.Content.Understand.Summary.Trim();
        var request = new BriefPdfRequest($"ESC-{id}", $"ESC-{id}: {(summary.Length > 0 ? summary : "Untitled escalation")}", source.ReportedBy,
            source.Assessment.Severity.Effective, BriefMarkdown.Render(source), source.AsOf, source.ZoneId);
        // A copy of this very brief is served again; a new one is rendered within the limits (or PdfBusyException).
        var data = await cache.GetOrRenderAsync(id, source.Version, request, () => limits.RenderAsync(user, () => pdf.Value.Render(request), ct));
        var file = new BriefFile(FileName(source, "pdf"), "application/pdf", data);
        await RecordExportAsync(id, "PDF", ct);
        return file;
    }

    private async Task RecordExportAsync(int id, string format, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        db.Timeline.Add(new TimelineEvent
        {
            EscalationId = id, At = clock.GetUtcNow().UtcDateTime, Actor = user.Name, Kind = TimelineKinds.Exported, Detail = $"Brief exported as {format}",
        });
        await db.SaveChangesAsync(ct);
    }

    public static string FileName(BriefSource source, string extension)
    {
        var slug = Slug().Replace(source.Content.Understand.Summary.ToLowerInvariant().Normalize(NormalizationForm.FormD), "-").Trim('-');
        if (slug.Length > 60) slug = slug[..60].TrimEnd('-');
        return slug.Length > 0 ? $"ESC-{source.Id}-{slug}.{extension}" : $"ESC-{source.Id}.{extension}";
    }

    [GeneratedRegex("[^a-z0-9]+")]
    private static partial Regex Slug();
}

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
    public Task<BriefSource?> LoadAsync(int id, CancellationToken ct = default) => LoadAsync(id, restricted: true, ct);

    // For a share link, which was allowed when it was made: the escalation itself whoever reads it; linked escalations only
    // as far as this service's user may read them.
    internal Task<BriefSource?> LoadUnrestrictedAsync(int id, CancellationToken ct = default) => LoadAsync(id, restricted: false, ct);

    private async Task<BriefSource?> LoadAsync(int id, bool restricted, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var escalations = restricted ? db.Escalations.AsNoTracking().ReadableBy(user) : db.Escalations.AsNoTracking();
        var row = await escalations.Where(e => e.Id == id && e.DiscardedAt == null)
            .Select(e => new
            {
                e.Content, Customer = e.Account != null ? e.Account.Name : null, e.ReportedBy, e.CreatedAt, e.Version, e.Status, e.Outcome,
                e.NextCustomerDueAt, CustomerZone = e.Account != null ? e.Account.TimeZone : null,
            })
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
            row.Version, row.Status, row.Outcome, row.NextCustomerDueAt, row.CustomerZone, issues);
    }

    public async Task<BriefFile?> MarkdownAsync(int id, BriefAudience audience = BriefAudience.Standard, CancellationToken ct = default)
    {
        if (await LoadAsync(id, ct) is not { } source) return null;
        var file = new BriefFile(FileName(source, "md", audience), "text/markdown; charset=utf-8",
            Encoding.UTF8.GetBytes(BriefMarkdown.Render(source, audience)));
        await RecordExportAsync(id, "Markdown", audience, ct);
        return file;
    }

    public async Task<BriefFile?> PdfAsync(int id, BriefAudience audience = BriefAudience.Standard, CancellationToken ct = default)
    {
        if (await LoadAsync(id, ct) is not { } source) return null;
        var request = PdfRequest(source, BriefMarkdown.Compose(source, audience));
        // A copy of this very brief is served again; a new one is rendered within the limits (or PdfBusyException).
        var data = await cache.GetOrRenderAsync(id, source.Version, request, () => limits.RenderAsync(user, () => pdf.Value.Render(request), ct));
        var file = new BriefFile(FileName(source, "pdf", audience), "application/pdf", data);
        await RecordExportAsync(id, "PDF", audience, ct);
        return file;
    }

    // A PDF of a request made elsewhere (a snapshot's own text), within the same limits, not cached.
    public Task<byte[]> RenderPdfAsync(BriefPdfRequest request, CancellationToken ct = default) =>
        limits.RenderAsync(user, () => pdf.Value.Render(request), ct);

    // A draft says DRAFT on every page; the customer's brief carries no severity and no internal author.
    public static BriefPdfRequest PdfRequest(BriefSource source, BriefDocument document)
    {
        var summary = source.Content.Understand.Summary.Trim();
        var customer = document.Audience == BriefAudience.Customer;
        var subject = document.Audience == BriefAudience.Standard ? "Escalation brief" : $"Escalation brief ({document.Audience.Text()})";
        var pages = document.Pages();
        return new BriefPdfRequest($"ESC-{source.Id}", $"ESC-{source.Id}: {(summary.Length > 0 ? summary : "Untitled escalation")}",
            customer ? "Support" : source.ReportedBy, customer ? null : source.Assessment.Severity.Effective, string.Concat(pages), source.AsOf,
            source.ZoneId, pages.Count > 1 ? pages : null, source.Status == Judgment.EscalationStatus.Draft ? "DRAFT" : null,
            customer ? "Update on your reported issue" : subject);
    }

    private async Task RecordExportAsync(int id, string format, BriefAudience audience, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        db.Timeline.Add(new TimelineEvent
        {
            EscalationId = id, At = clock.GetUtcNow().UtcDateTime, Actor = user.Name, Kind = TimelineKinds.Exported, Detail = audience == BriefAudience.Standard ? $"Brief exported as {format}" : $"Brief exported as {format} ({audience.Text()})",
        });
        await db.SaveChangesAsync(ct);
    }

    public static string FileName(BriefSource source, string extension, BriefAudience audience = BriefAudience.Standard)
    {
        if (audience != BriefAudience.Standard) return FileName(source, extension).Replace($"ESC-{source.Id}", $"ESC-{source.Id}-{audience.Query()}");
        var slug = Slug().Replace(source.Content.Understand.Summary.ToLowerInvariant().Normalize(NormalizationForm.FormD), "-").Trim('-');
        if (slug.Length > 60) slug = slug[..60].TrimEnd('-');
        return slug.Length > 0 ? $"ESC-{source.Id}-{slug}.{extension}" : $"ESC-{source.Id}.{extension}";
    }

    [GeneratedRegex("[^a-z0-9]+")]
    private static partial Regex Slug();
}

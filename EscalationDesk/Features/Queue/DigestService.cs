using System.Globalization;
using System.Text;
using EscalationDesk.Data;
using EscalationDesk.Features.Briefs;
using EscalationDesk.Features.Judgment;
using EscalationDesk.Features.Users;
using Microsoft.EntityFrameworkCore;
using static EscalationDesk.Features.Briefs.MarkdownText;

namespace EscalationDesk.Features.Queue;

// The leadership digest: every open Critical and High escalation, impact first, with the totals on page one.
// Markdown from the same escaping rules as the brief, laid out by the same PDF engine.
public sealed class DigestService(IDbContextFactory<EscalationDeskDbContext> dbFactory, TimeProvider clock, ICurrentUser user, EscalationDeskOptions options, Lazy<IBriefPdf> pdf,
    PdfRenderLimits limits, Settings.OrganisationCalendar? organisation = null)
{
    // The digest is read outside the app: its times are the organisation's, named.
    private string Zone => organisation?.ZoneId ?? WallClock.Utc;

    public const int MaxBlocks = 200;

    public async Task<string> MarkdownAsync(CancellationToken ct = default)
    {
        user.RequireLead();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var statuses = LifecycleRules.OpenStatuses.ToList();
        Severity[] severities = [Severity.Critical, Severity.High];
        var open = db.Escalations.AsNoTracking()
            .Where(e => EF.Constant(statuses).Contains(e.Status) && e.Severity != null && EF.Constant(severities).Contains(e.Severity.Value));
        var count = await open.CountAsync(ct);
        var critical = await open.CountAsync(e => e.Severity == Severity.Critical, ct);
        var arr = await open.SumAsync(e => e.ArrAtRisk ?? 0, ct);
        var rows = await open.OrderBy(e => e.Severity).ThenByDescending(e => e.ArrAtRisk).ThenBy(e => e.EscalatedAt).Take(MaxBlocks)
            .Select(e => new { e.Id, e.Summary, e.CustomerName, e.Severity, e.Targets, e.Status, e.ArrAtRisk, e.EscalatedAt, e.Content }).ToListAsync(ct);
        var currency = options.Currency;
        var now = clock.GetUtcNow().UtcDateTime;
        var customers = rows.Sum(r => r.Content.Impact.CustomersAffected ?? 0);

        var md = new StringBuilder();
        md.Append("## Leadership digest: open Critical and High escalations\n\n");
        md.Append("**Generated:** ").Append(WallClock.FormatNamed(now, Zone)).Append("  \n");
        md.Append("**Open Critical and High:** ").Append(count.ToString("N0", CultureInfo.InvariantCulture))
          .Append($" ({critical.ToString("N0", CultureInfo.InvariantCulture)} Critical)  \n");
        md.Append("**ARR at risk:** ").Append(Inline(currency)).Append(' ').Append(arr.ToString("N0", CultureInfo.InvariantCulture)).Append("  \n");
        md.Append("**Customers affected (listed below):** ").Append(customers.ToString("N0", CultureInfo.InvariantCulture)).Append("\n\n");
        if (count > rows.Count) md.Append($"The {rows.Count} with the most revenue at risk are listed; {count - rows.Count:N0} more are in the queue.\n\n");
        if (rows.Count == 0) md.Append(NoneRecorded).Append('\n');

        foreach (var r in rows)
        {
            var impact = r.Content.Impact;
            var brief = r.Content.Brief;
            md.Append("### ").Append(r.Severity?.Text()).Append(": ESC-").Append(r.Id).Append(' ').Append(IsBlank(r.Summary) ? "Untitled" : Inline(r.Summary).Replace("  \n", " ")).Append('\n');
            md.Append("- **Customers affected:** ").Append(impact.CustomersAffected?.ToString("N0", CultureInfo.InvariantCulture) ?? NoneRecorded)
              .Append(r.CustomerName is { Length: > 0 } name ? $" ({Inline(name)})" : "").Append('\n');
            md.Append("- **ARR at risk:** ").Append(r.ArrAtRisk is decimal a ? $"{Inline(currency)} {a.ToString("N0", CultureInfo.InvariantCulture)}" : NoneRecorded).Append('\n');
            md.Append("- **SLA status:** ").Append(FactMap.EffectiveSlaStatus(r.Content)?.Text() ?? NoneRecorded).Append('\n');
            md.Append("- **Deadline:** ").Append((brief.Deadline is DateTime deadline ? WallClock.FormatNamed(deadline, Zone) : NoneRecorded)).Append('\n');
            var ask = brief.SpecificAsk is SpecificAsk s ? (s == SpecificAsk.Other ? Inline(brief.OtherAsk, "  ") : s.Text()) : null;
            md.Append("- **Ask:** ").Append(ask ?? NoneRecorded).Append(IsBlank(brief.WhatsNeeded) ? "" : $" — {Inline(brief.WhatsNeeded, "  ")}").Append('\n');
            md.Append("- **Targets:** ").Append(r.Targets.Length > 0 ? r.Targets : NoneRecorded).Append(" · **Status:** ").Append(r.Status.Text())
              .Append(" · **In queue since:** ").Append((r.EscalatedAt is DateTime escalated ? WallClock.ToLocal(escalated, Zone).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : null) ?? "—").Append("\n\n");
        }
        return md.ToString();
    }

    public async Task<byte[]> PdfAsync(CancellationToken ct = default)
    {
        var markdown = await MarkdownAsync(ct);
        var severity = markdown.Contains("### Critical:", StringComparison.Ordinal) ? Severity.Critical : Severity.High;
        var request = new BriefPdfRequest("Leadership digest", "Leadership digest: open Critical and High escalations", user.Name,
            severity, markdown, clock.GetUtcNow().UtcDateTime);
        return await limits.RenderAsync(user, () => pdf.Value.Render(request), ct);
    }
}

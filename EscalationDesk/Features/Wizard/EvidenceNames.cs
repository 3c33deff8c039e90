using System.Globalization;
using System.Text;
using EscalationDesk.Data;
using Microsoft.EntityFrameworkCore;

namespace EscalationDesk.Features.Wizard;

// An uploaded file's name as we keep and show it. The browser sends whatever the uploader's machine had: a path, line
// breaks, NUL, or bidirectional controls that make "invoice\u202Efdp.txt" read as "invoicetxt.pdf" in every list,
// timeline and brief. Only visible characters are kept (Unicode categories Cc, Cf, Zl, Zp and lone surrogates go), so
// what is shown is what the name is. https://unicode.org/reports/tr36/#Bidirectional_Text_Spoofing
public static class EvidenceNames
{
    public const int MaxLength = 120;
    public const string Fallback = "evidence";

    public static string Clean(string? raw)
    {
        var text = raw ?? "";
        // The last segment of a path from any OS: Path.GetFileName splits only on this server's separator.
        text = text[(text.LastIndexOfAny(['/', '\\']) + 1)..];
        var kept = new StringBuilder(text.Length);
        foreach (var rune in text.EnumerateRunes())
        {
            // A lone surrogate is read as U+FFFD, which names nothing either.
            if (rune == Rune.ReplacementChar) continue;
            if (Rune.GetUnicodeCategory(rune) is UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.LineSeparator
                or UnicodeCategory.ParagraphSeparator or UnicodeCategory.Surrogate) continue;
            kept.Append(Rune.IsWhiteSpace(rune) ? " " : rune.ToString());
        }
        var name = string.Join(' ', kept.ToString().Normalize(NormalizationForm.FormC).Split(' ', StringSplitOptions.RemoveEmptyEntries));

        var extension = Path.GetExtension(name);
        var stem = name[..^extension.Length].Trim(' ', '.');
        if (stem.Length == 0) stem = Fallback;
        var room = Math.Max(MaxLength - extension.Length, Fallback.Length);
        return Shorten(stem, room) + extension;
    }

    // Cut at a whole character, never between a surrogate pair.
    private static string Shorten(string text, int max)
    {
        if (text.Length <= max) return text;
        var end = char.IsLowSurrogate(text[max]) ? max - 1 : max;
        return text[..end].TrimEnd(' ', '.');
    }

    // Names stored before they were cleaned on upload are cleaned once, on the start whose migrations bring this in, with
    // the timeline entries that quote them: every reader (file list, brief, timeline, download) then shows the clean name.
    public static bool UpgradeNeeded(IEnumerable<string> pendingMigrations) =>
        pendingMigrations.Any(m => m.EndsWith("_Data_CleanUploadNames", StringComparison.Ordinal));

    private const int BatchSize = 500;

    public static int UpgradeStored(EscalationDeskDbContext db)
    {
        var cleaned = 0;
        for (var after = 0; ;)
        {
            var batch = db.Attachments.Where(a => a.Id > after).OrderBy(a => a.Id).Take(BatchSize)
                .Select(a => new { a.Id, a.FileName }).ToList();
            if (batch.Count == 0) break;
            foreach (var a in batch.Where(a => Clean(a.FileName) != a.FileName))
            {
                var clean = Clean(a.FileName);
                db.Attachments.Where(x => x.Id == a.Id).ExecuteUpdate(u => u.SetProperty(x => x.FileName, clean));
                cleaned++;
            }
            after = batch[^1].Id;
        }
        for (long after = 0; ;)
        {
            var batch = db.Timeline.Where(t => t.Id > after && (t.Kind == TimelineKinds.AttachmentAdded || t.Kind == TimelineKinds.AttachmentRemoved))
                .OrderBy(t => t.Id).Take(BatchSize).Select(t => new { t.Id, t.Detail }).ToList();
            if (batch.Count == 0) return cleaned;
            foreach (var t in batch.Where(t => Clean(t.Detail) != t.Detail))
            {
                var clean = Clean(t.Detail);
                db.Timeline.Where(x => x.Id == t.Id).ExecuteUpdate(u => u.SetProperty(x => x.Detail, clean));
            }
            after = batch[^1].Id;
        }
    }
}

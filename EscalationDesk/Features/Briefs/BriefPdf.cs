using EscalationDesk.Features.Judgment;
using Markdig;
using PdfSharp;
using PdfSharp.Fonts;
using PdfSharp.Pdf;

namespace EscalationDesk.Features.Briefs;

// Reference names the document in the band and footer ("ESC-42", "Leadership digest"). Pages: the Markdown cut where a new
// page must start (BriefDocument.Pages), joined exactly Markdown. Marker is printed first in the band and the footer of every
// page ("DRAFT"). Severity null: a neutral band without it (the customer's brief).
public sealed record BriefPdfRequest(string Reference, string Title, string Author, Severity? Severity, string Markdown, DateTime GeneratedAt,
    string ZoneId = Judgment.WallClock.Utc, IReadOnlyList<string>? Pages = null, string? Marker = null, string Subject = "Escalation brief");

// The one small seam between the brief and a PDF library.
public interface IBriefPdf
{
    byte[] Render(BriefPdfRequest request);
}

public sealed class PdfOptions
{
    public string PaperSize { get; set; } = "A4";
    public string? FontDirectory { get; set; }
    // Limits of PDF rendering (PdfRenderLimits) and the size of the rendered-brief cache (BriefPdfCache).
    public int RendersPerUser { get; set; } = 2;
    public int RendersOverall { get; set; }
    public double QueueSeconds { get; set; } = 5;
    public int CacheMegabytes { get; set; } = 64;
}

// Lays the brief out from Markdig's syntax tree of the same Markdown (one source of truth) with PDFsharp:
// word wrap, page breaks that never cut a line or leave a heading last on a page, a severity band, page numbers.
public sealed class PdfSharpBriefPdf : IBriefPdf
{
    private static readonly object FontsLock = new();
    private static BriefFonts? _fonts;
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder().DisableHtml().Build();

    private readonly PdfOptions _options;

    public PdfSharpBriefPdf(PdfOptions options)
    {
        _options = options;
        EnsureFonts(options.FontDirectory);
    }

    // PDFsharp's font resolver is process-wide: set once. Without fonts the export fails with a message naming the setting.
    private static void EnsureFonts(string? directory)
    {
        lock (FontsLock)
        {
            if (_fonts is not null) return;
            var fonts = BriefFonts.TryFind(directory, out var searched) ?? throw new BriefFontsMissingException(BriefFonts.MissingMessage(searched));
            GlobalFontSettings.FontResolver ??= fonts;
            _fonts = fonts;
        }
    }

    public byte[] Render(BriefPdfRequest request)
    {
        using var document = new PdfDocument();
        document.Info.Title = request.Title;
        document.Info.Author = request.Author;
        document.Info.Subject = request.Subject;
        document.Info.Creator = "EscalationDesk";
        document.Info.CreationDate = request.GeneratedAt;
        var size = string.Equals(_options.PaperSize, "Letter", StringComparison.OrdinalIgnoreCase) ? PageSize.Letter : PageSize.A4;

        var layout = new BriefPdfLayout(document, size, request);
        var pages = request.Pages ?? [request.Markdown];
        for (var i = 0; i < pages.Count; i++)
        {
            if (i > 0) layout.PageBreak();
            layout.Blocks(Markdown.Parse(pages[i], Pipeline), 0);
        }
        layout.Finish();

        using var stream = new MemoryStream();
        document.Save(stream, closeStream: false);
        return stream.ToArray();
    }
}

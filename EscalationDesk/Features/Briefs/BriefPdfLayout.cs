using System.Globalization;
using System.Text;
using EscalationDesk.Features.Judgment;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;
using PdfSharp;
using PdfSharp.Drawing;
using PdfSharp.Pdf;

namespace EscalationDesk.Features.Briefs;

// Link: the http, https or mailto URL the run's text opens (a URI annotation over it).
internal sealed record BriefPdfRun(string Text, XFont Font, XBrush Brush, string? Link = null);

// Lays out one document page by page: wrapping, page breaks, band, footers (see PdfSharpBriefPdf).
internal sealed class BriefPdfLayout
{
    private const double Margin = 50, BandHeight = 26, FooterHeight = 24;
    private const double BodySize = 10, LineGap = 1.35;

    private readonly PdfDocument _document;
    private readonly PageSize _size;
    private readonly BriefPdfRequest _request;
    private readonly XFont _body, _bold, _italic, _boldItalic, _mono, _h2, _h3, _small;
    private readonly Dictionary<(XFont, string), double> _widths = [];
    private XGraphics _g = default!;
    private PdfPage _page = default!;
    private double _y;
    private PdfOutline? _outline;

    public BriefPdfLayout(PdfDocument document, PageSize size, BriefPdfRequest request)
    {
        _document = document;
        _size = size;
        _request = request;
        _body = new XFont(BriefFonts.Sans, BodySize);
        _bold = new XFont(BriefFonts.Sans, BodySize, XFontStyleEx.Bold);
        _italic = new XFont(BriefFonts.Sans, BodySize, XFontStyleEx.Italic);
        _boldItalic = new XFont(BriefFonts.Sans, BodySize, XFontStyleEx.BoldItalic);
        _mono = new XFont(BriefFonts.Mono, BodySize - 1);
        _h2 = new XFont(BriefFonts.Sans, 16, XFontStyleEx.Bold);
        _h3 = new XFont(BriefFonts.Sans, 12.5, XFontStyleEx.Bold);
        _small = new XFont(BriefFonts.Sans, 8);
        NewPage();
    }

    private double Left => Margin;
    private double Right => _page.Width.Point - Margin;
    private double Bottom => _page.Height.Point - Margin - FooterHeight;

    private void NewPage()
    {
        _g?.Dispose();
        _page = _document.AddPage();
        _page.Size = _size;
        _g = XGraphics.FromPdfPage(_page);
        var (fill, ink) = Colours(_request.Severity);
        _g.DrawRectangle(new XSolidBrush(fill), 0, 0, _page.Width.Point, BandHeight);
        var band = new XFont(BriefFonts.Sans, 11, XFontStyleEx.Bold);
        var label = _request.Severity is { } severity ? $"{severity.Text().ToUpperInvariant()} · {_request.Reference}" : _request.Reference;
        _g.DrawString(Marked(label), band, new XSolidBrush(ink),
            new XRect(Margin, 0, _page.Width.Point - 2 * Margin, BandHeight), XStringFormats.CenterLeft);
        _y = BandHeight + Margin * 0.6;
    }

    private string Marked(string text) => _request.Marker is { Length: > 0 } marker ? $"{marker} · {text}" : text;

    // Starts the next block on a new page, unless the page is still empty.
    public void PageBreak()
    {
        if (_y > BandHeight + Margin * 0.6 + 0.1) NewPage();
    }

    private static (XColor Fill, XColor Ink) Colours(Severity? severity) => severity switch
    {
        null => (XColor.FromArgb(69, 90, 100), XColors.White),
        Severity.Critical => (XColor.FromArgb(183, 28, 28), XColors.White),
        Severity.High => (XColor.FromArgb(230, 81, 0), XColors.White),
        _ => (XColor.FromArgb(249, 168, 37), XColors.Black),
    };

    // Moves to a new page unless the next `height` points fit.
    private void Need(double height)
    {
        if (_y + height > Bottom && _y > BandHeight + Margin * 0.6 + 0.1) NewPage();
    }

    public void Blocks(ContainerBlock container, double indent)
    {
        foreach (var block in container) Block(block, indent);
    }

    private void Block(Block block, double indent)
    {
        switch (block)
        {
            case HeadingBlock heading:
                var font = heading.Level <= 2 ? _h2 : _h3;
                var runs = Runs(heading.Inline, font);
                var lines = Wrap(runs, Right - Left - indent);
                _y += heading.Level <= 2 ? 4 : 8;
                // A heading is never the last line of a page: it moves with room for two body lines after it.
                Need(lines.Sum(Height) + 2 * BodySize * LineGap + 4);
                // The outline (bookmarks): the title, with each section under it.
                var title = string.Concat(runs.Select(r => r.Text)).Replace('\n', ' ').Trim();
                if (heading.Level <= 2 || _outline is null) _outline = _document.Outlines.Add(title, _page, true);
                else _outline.Outlines.Add(title, _page);
                DrawLines(lines, indent);
                _y += 3;
                break;
            case ParagraphBlock paragraph:
                DrawLines(Wrap(Runs(paragraph.Inline, _body), Right - Left - indent), indent);
                _y += 5;
                break;
            case ListBlock list:
                ListItems(list, indent);
                _y += 3;
                break;
            case ThematicBreakBlock:
                Need(10);
                _g.DrawLine(XPens.Gray, Left + indent, _y + 4, Right, _y + 4);
                _y += 10;
                break;
            case CodeBlock code:
                CodeLines(code, indent);
                break;
            case QuoteBlock quote:
                Blocks(quote, indent + 14);
                break;
            case ContainerBlock other:
                Blocks(other, indent);
                break;
            case LeafBlock leaf when leaf.Inline is not null:
                DrawLines(Wrap(Runs(leaf.Inline, _body), Right - Left - indent), indent);
                break;
        }
    }

    private void ListItems(ListBlock list, double indent)
    {
        var number = int.TryParse(list.OrderedStart, out var start) ? start : 1;
        const double markerWidth = 18;
        foreach (var item in list.OfType<ListItemBlock>())
        {
            var marker = list.IsOrdered ? $"{number++}." : "•";
            Need(BodySize * LineGap);
            var markerTop = _y;
            var page = _page;
            Blocks(item, indent + markerWidth);
            // The marker goes beside the item's first line, on the page where that line landed.
            using (var g = page == _page ? null : XGraphics.FromPdfPage(page, XGraphicsPdfPageOptions.Append))
                (g ?? _g).DrawString(marker, _body, XBrushes.Black, Left + indent, markerTop + BodySize, XStringFormats.Default);
            _y -= 4;
        }
    }

    private void CodeLines(CodeBlock code, double indent)
    {
        var width = Right - Left - indent - 8;
        foreach (var raw in code.Lines.Lines.Take(code.Lines.Count).Select(l => l.ToString()))
        {
            foreach (var line in Wrap([new BriefPdfRun(Clean(raw), _mono, XBrushes.Black)], width))
            {
                var h = Height(line);
                Need(h);
                _g.DrawRectangle(new XSolidBrush(XColor.FromArgb(240, 240, 240)), Left + indent, _y, width + 8, h);
                DrawLine(line, Left + indent + 4);
            }
        }
        _y += 6;
    }

    private List<BriefPdfRun> Runs(ContainerInline? inline, XFont font)
    {
        var runs = new List<BriefPdfRun>();
        if (inline is not null) Inlines(inline, font, XBrushes.Black, runs);
        // Markdig splits text at every escape; joined again, each word is drawn in one piece, so that
        // copying or searching the PDF gives back the words as typed.
        var merged = new List<BriefPdfRun>(runs.Count);
        foreach (var run in runs)
        {
            if (merged.Count > 0 && merged[^1].Font == run.Font && merged[^1].Brush == run.Brush)
                merged[^1] = merged[^1] with { Text = merged[^1].Text + run.Text };
            else merged.Add(run);
        }
        return merged;
    }

    private void Inlines(ContainerInline container, XFont font, XBrush brush, List<BriefPdfRun> runs, string? url = null)
    {
        foreach (var inline in container)
        {
            switch (inline)
            {
                case LiteralInline literal: runs.Add(new(Clean(literal.Content.ToString()), font, brush, url)); break;
                case CodeInline code: runs.Add(new(Clean(code.Content), _mono, brush, url)); break;
                case LineBreakInline br: runs.Add(new(br.IsHard ? "\n" : " ", font, brush)); break;
                case HtmlEntityInline entity: runs.Add(new(Clean(entity.Transcoded.ToString()), font, brush, url)); break;
                case AutolinkInline auto: runs.Add(new(Clean(auto.Url), font, XBrushes.DarkBlue, Openable(auto.Url))); break;
                case EmphasisInline emphasis: Inlines(emphasis, Emphasised(font, emphasis.DelimiterCount >= 2), brush, runs, url); break;
                case LinkInline { IsImage: false } link: Inlines(link, font, XBrushes.DarkBlue, runs, Openable(link.Url)); break;
                case ContainerInline nested: Inlines(nested, font, brush, runs, url); break;
                case LeafInline leaf: runs.Add(new(Clean(leaf.ToString() ?? ""), font, brush, url)); break;
            }
        }
    }

    // Only what the preview lets open (BriefHtml): http, https and mailto.
    private static string? Openable(string? url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" or "mailto" ? uri.AbsoluteUri : null;

    private XFont Emphasised(XFont font, bool strong)
    {
        if (font.Size > BodySize) return font; // headings are already bold
        var bold = strong || font.Bold;
        var italic = !strong || font.Italic;
        return bold && italic ? _boldItalic : bold ? _bold : _italic;
    }

    // Glyphs the font cannot have (emoji and other astral characters, controls) become a replacement mark.
    private static string Clean(string text)
    {
        var clean = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c)) { clean.Append('?'); if (i + 1 < text.Length && char.IsLowSurrogate(text[i + 1])) i++; }
            else if (char.IsLowSurrogate(c) || c is '\uFE0F' or '\u200D') continue;
            else if (char.IsControl(c)) clean.Append(c == '\t' ? ' ' : c == '\n' ? '\n' : ' ');
            else clean.Append(c);
        }
        return clean.ToString();
    }

    private List<List<BriefPdfRun>> Wrap(List<BriefPdfRun> runs, double width)
    {
        var lines = new List<List<BriefPdfRun>> { new() };
        double x = 0;
        foreach (var run in runs)
        {
            foreach (var token in Tokens(run.Text))
            {
                if (token == "\n") { lines.Add([]); x = 0; continue; }
                var w = Measure(run.Font, token);
                if (token == " ") { if (x > 0) { lines[^1].Add(run with { Text = " " }); x += w; } continue; }
                if (x + w > width && x > 0) { TrimEnd(lines[^1]); lines.Add([]); x = 0; }
                var piece = token;
                while (Measure(run.Font, piece) > width && piece.Length > 1)
                {
                    var fit = FitChars(run.Font, piece, width);
                    lines[^1].Add(run with { Text = piece[..fit] });
                    lines.Add([]);
                    piece = piece[fit..];
                }
                lines[^1].Add(run with { Text = piece });
                x = Measure(run.Font, piece) + (x == 0 ? 0 : x);
            }
        }
        return lines;
    }

    private static IEnumerable<string> Tokens(string text)
    {
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] is not (' ' or '\n')) continue;
            if (i > start) yield return text[start..i];
            yield return text[i].ToString();
            start = i + 1;
        }
        if (start < text.Length) yield return text[start..];
    }

    private static void TrimEnd(List<BriefPdfRun> line)
    {
        while (line.Count > 0 && line[^1].Text == " ") line.RemoveAt(line.Count - 1);
    }

    private int FitChars(XFont font, string text, double width)
    {
        var fit = 1;
        while (fit < text.Length && Measure(font, text[..(fit + 1)]) <= width) fit++;
        return fit;
    }

    private double Measure(XFont font, string text)
    {
        if (!_widths.TryGetValue((font, text), out var width))
            _widths[(font, text)] = width = _g.MeasureString(text, font).Width;
        return width;
    }

    private static double Height(List<BriefPdfRun> line) => (line.Count == 0 ? BodySize : line.Max(r => r.Font.Size)) * LineGap;

    private void DrawLines(List<List<BriefPdfRun>> lines, double indent)
    {
        foreach (var line in lines)
        {
            Need(Height(line));
            DrawLine(line, Left + indent);
        }
    }

    private void DrawLine(List<BriefPdfRun> line, double x)
    {
        var height = Height(line);
        var baseline = _y + height / LineGap;
        foreach (var run in line)
        {
            _g.DrawString(run.Text, run.Font, run.Brush, x, baseline, XStringFormats.Default);
            var width = Measure(run.Font, run.Text);
            if (run.Link is { } link && run.Text != " ")
                _page.AddWebLink(new PdfRectangle(_g.Transformer.WorldToDefaultPage(new XRect(x, _y, width, height))), link);
            x += width;
        }
        _y += height;
    }

    // Page numbers need the page count, so footers are drawn once every page exists.
    public void Finish()
    {
        _g.Dispose();
        var count = _document.PageCount;
        var generated = Judgment.WallClock.FormatNamed(_request.GeneratedAt, _request.ZoneId);
        for (var i = 0; i < count; i++)
        {
            var page = _document.Pages[i];
            using var g = XGraphics.FromPdfPage(page, XGraphicsPdfPageOptions.Append);
            var top = page.Height.Point - Margin;
            g.DrawLine(XPens.LightGray, Margin, top, page.Width.Point - Margin, top);
            var area = new XRect(Margin, top + 4, page.Width.Point - 2 * Margin, FooterHeight - 4);
            g.DrawString(Marked($"{_request.Reference} · generated {generated}"), _small, XBrushes.Gray, area, XStringFormats.TopLeft);
            g.DrawString($"Page {i + 1} of {count}", _small, XBrushes.Gray, area, XStringFormats.TopRight);
        }
    }
}

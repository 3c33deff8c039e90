using EscalationDesk.Features.Briefs;
using EscalationDesk.Features.Judgment;
using UglyToad.PdfPig;

namespace EscalationDesk.Tests.Features.Briefs;

public sealed class BriefPdfTests
{
    private static readonly PdfSharpBriefPdf Pdf = new(new PdfOptions());

    private static byte[] Render(BriefSource source, string paper = "A4")
    {
        var bytes = new PdfSharpBriefPdf(new PdfOptions { PaperSize = paper }).Render(new BriefPdfRequest($"ESC-{source.Id}", $"ESC-{source.Id}: title",
            source.ReportedBy, source.Assessment.Severity.Effective, BriefMarkdown.Render(source), BriefSamples.AsOf));
        // To look at the output: BRIEF_PDF_OUT=/tmp/briefs dotnet test --filter BriefPdf
        if (Environment.GetEnvironmentVariable("BRIEF_PDF_OUT") is { Length: > 0 } folder)
            File.WriteAllBytes(Path.Combine(folder, $"brief-{source.Id}-{bytes.Length}.pdf"), bytes);
        return bytes;
    }

    private static string Text(PdfDocument pdf) => string.Join("\n", pdf.GetPages().Select(p => string.Join(" ", p.GetWords().Select(w => w.Text))));

    [Fact]
    public void Every_heading_and_value_is_real_text_in_order_with_the_severity_label_and_page_numbers()
    {
        using var pdf = PdfDocument.Open(Render(BriefSamples.Full()));
        var text = Text(pdf);

        var expectedInOrder = new[]
        {
            "HIGH", "ESC-42", "ESCALATION:", "CSV export drops rows above 10,000 for Acme", "Severity:", "High", "Target team:", "Engineering, Leadership",
            "Reported by:", "Ana Agent", "Impact", "Customers affected:", "Acme Corp", "Revenue at risk:", "USD 250,000 ARR", "Time in queue:",
            "Issue Description", "Transactions report", "What's Been Tried", "Re-ran the export", "Reproduction Steps", "Open Reports > Transactions",
            "Expected:", "12,345 rows", "Actual:", "Environment:", "Chrome 131", "Customer Communication", "Last update to customer:",
            "What's Needed", "Prioritize fix", "Deadline:", "2026-11-28 17:00", "Supporting Context", "ENG-1234", "export-log.txt",
        };
        var at = 0;
        foreach (var expected in expectedInOrder)
        {
            var found = text.IndexOf(expected, at, StringComparison.Ordinal);
            Assert.True(found >= 0, $"“{expected}” not found after position {at} in:\n{text}");
            at = found + expected.Length;
        }
        Assert.Contains($"Page 1 of {pdf.NumberOfPages}", text);
        Assert.Contains("ESC-42 · generated 2026-11-24 10:45 UTC", text);
    }

    [Fact]
    public void Metadata_names_the_escalation_and_its_author_and_fonts_are_embedded()
    {
        var bytes = Render(BriefSamples.Full());
        using var pdf = PdfDocument.Open(bytes);
        Assert.Equal("ESC-42: title", pdf.Information.Title);
        Assert.Equal("Ana Agent", pdf.Information.Author);
        // Embedded subsets carry a six-letter tag ("ABCDEF+DejaVuSans") and their glyph data in a FontFile2 stream.
        var fonts = pdf.GetPages().SelectMany(p => p.Letters).Select(l => l.FontName).Distinct().ToList();
        Assert.All(fonts, name => Assert.Matches(@"^[A-Z]{6}\+", name));
        Assert.Contains("/FontFile2", System.Text.Encoding.Latin1.GetString(bytes));
    }

    [Fact]
    public void Links_open_from_the_pdf_and_each_section_is_a_bookmark_under_the_title()
    {
        using var pdf = PdfDocument.Open(Render(BriefSamples.Full()));

        var uris = pdf.GetPages().SelectMany(p => p.GetHyperlinks()).Select(l => l.Uri).ToList();
        Assert.Contains("https://support.example.com/tickets/4711", uris);
        Assert.All(uris, u => Assert.Matches("^(https?|mailto):", u));

        Assert.True(pdf.TryGetBookmarks(out var bookmarks));
        var title = Assert.Single(bookmarks.Roots);
        Assert.Equal("ESCALATION: CSV export drops rows above 10,000 for Acme", title.Title);
        Assert.Equal(["Impact", "Issue Description", "What's Been Tried", "Reproduction Steps", "Customer Communication", "What's Needed", "Supporting Context"],
            title.Children.Select(c => c.Title));
    }

    [Fact]
    public void Text_that_looks_like_a_link_opens_nothing()
    {
        var content = BriefSamples.FullContent();
        content.Understand.WhatsBroken = "[click me](javascript:alert(1)) and <https://evil.example> and [x](https://evil.example/y)";
        content.Context.RelatedTickets.Clear();
        using var pdf = PdfDocument.Open(Render(BriefSamples.With(content)));

        Assert.Empty(pdf.GetPages().SelectMany(p => p.GetHyperlinks()));
    }

    [Fact]
    public void Long_fields_paginate_and_nothing_is_cut_off()
    {
        var content = BriefSamples.FullContent();
        var words = string.Join(" ", Enumerable.Range(1, 2_600).Select(i => $"word{i}"));
        content.Understand.WhatsBroken = words + " FINALWORDOFDESCRIPTION";
        content.Reproduce.Actual = words + " FINALWORDOFACTUAL";
        content.Brief.EscalationRisk = string.Concat(Enumerable.Repeat("x", 3_000)) + " FINALRISK";

        using var shortPdf = PdfDocument.Open(Render(BriefSamples.Full()));
        using var longPdf = PdfDocument.Open(Render(BriefSamples.With(content)));
        var text = Text(longPdf);

        Assert.True(longPdf.NumberOfPages >= shortPdf.NumberOfPages + 4, $"{longPdf.NumberOfPages} pages");
        Assert.Contains("FINALWORDOFDESCRIPTION", text);
        Assert.Contains("FINALWORDOFACTUAL", text);
        Assert.Contains("FINALRISK", text);
        Assert.Contains("word2600", text);
        foreach (var page in longPdf.GetPages())
        {
            Assert.All(page.Letters, l => Assert.InRange(l.BoundingBox.Bottom, 0, page.Height));
            Assert.All(page.Letters, l => Assert.InRange(l.BoundingBox.Right, 0, page.Width));
        }
    }

    [Fact]
    public void A_heading_is_never_the_last_line_of_a_page()
    {
        var headings = BriefMarkdownTests.TemplateHeadings.Skip(1).ToHashSet();
        for (var filler = 0; filler < 60; filler += 3)
        {
            var content = BriefSamples.FullContent();
            content.Understand.WhatsBroken = string.Join("\n", Enumerable.Range(1, 40 + filler).Select(i => $"Line {i} of the description"));
            using var pdf = PdfDocument.Open(Render(BriefSamples.With(content)));
            foreach (var page in pdf.GetPages())
            {
                var lines = page.GetWords().Where(w => w.BoundingBox.Bottom > 60 && w.BoundingBox.Top < page.Height - 40)
                    .GroupBy(w => Math.Round(w.BoundingBox.Bottom)).OrderBy(g => g.Key).ToList();
                var lastLine = string.Join(" ", lines.First().OrderBy(w => w.BoundingBox.Left).Select(w => w.Text));
                Assert.DoesNotContain(lastLine, headings);
            }
        }
    }

    [Fact]
    public void Severity_band_and_Letter_paper_follow_the_record_and_settings()
    {
        var content = BriefSamples.FullContent();
        content.Impact.SeveritySignals.Add("data-at-risk");
        using var pdf = PdfDocument.Open(Render(BriefSamples.With(content), paper: "Letter"));
        Assert.StartsWith("CRITICAL · ESC-44", Text(pdf));
        Assert.Equal(612, pdf.GetPage(1).Width, 0);
        Assert.Equal(792, pdf.GetPage(1).Height, 0);
        Assert.Equal(595, PdfDocument.Open(Render(BriefSamples.Full())).GetPage(1).Width, 0);
    }

    [Theory]
    [MemberData(nameof(BriefInjectionTests.Corpus), MemberType = typeof(BriefInjectionTests))]
    public void Hostile_text_makes_a_valid_pdf(string hostile)
    {
        var source = BriefSamples.With(HostileText.Everywhere(hostile)) with { Customer = hostile };
        using var pdf = PdfDocument.Open(Render(source));
        Assert.Contains("Supporting Context", Text(pdf));
    }

    [Fact]
    public void Any_markdown_is_laid_out_from_its_syntax_tree_nested_lists_code_and_breaks_included()
    {
        const string markdown = """
            ## Title with *italic* and **bold**

            Paragraph with *slanted* words, `inline code` and a hard  
            line break.

            1. First
               - nested bullet
                 1. nested number
            2. Second

            ---

            ```
            code block line
            ```

            > quoted text
            """;
        var bytes = Pdf.Render(new BriefPdfRequest("ESC-1", "t", "a", Severity.Medium, markdown, BriefSamples.AsOf));
        using var pdf = PdfDocument.Open(bytes);
        var words = pdf.GetPage(1).GetWords().ToList();
        var text = string.Join(" ", words.Select(w => w.Text));

        foreach (var expected in new[] { "Title", "italic", "bold", "slanted", "inline", "code", "line", "break.", "First", "nested", "bullet", "number", "Second", "block", "quoted" })
            Assert.Contains(expected, text);
        double Left(string word) => words.First(w => w.Text == word).BoundingBox.Left;
        Assert.True(Left("First") < Left("nested") && Left("nested") < Left("number"), "nested lists are indented");
        Assert.Contains(pdf.GetPage(1).Letters, l => l.FontName?.Contains("Mono") == true);
        Assert.Contains(pdf.GetPage(1).Letters, l => l.FontName?.Contains("Oblique") == true || l.FontName?.Contains("Italic") == true);
    }

    [Fact]
    public void Unicode_beyond_the_font_is_replaced_not_fatal()
    {
        var content = BriefSamples.FullContent();
        content.Understand.WhatsBroken = "Emoji 🔥 and CJK 中文 and Greek Ωμέγα";
        using var pdf = PdfDocument.Open(Render(BriefSamples.With(content)));
        Assert.Contains("Ωμέγα", Text(pdf));
    }
}

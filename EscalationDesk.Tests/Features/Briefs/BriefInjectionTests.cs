using EscalationDesk.Features.Briefs;
using Markdig;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace EscalationDesk.Tests.Features.Briefs;

public sealed class BriefInjectionTests
{
    public static TheoryData<string> Corpus => new(HostileText.Corpus.Append(HostileText.All));

    [Theory]
    [MemberData(nameof(Corpus))]
    public void Text_in_any_field_cannot_add_structure_to_the_markdown(string hostile)
    {
        var markdown = BriefMarkdown.Render(BriefSamples.With(HostileText.Everywhere(hostile)) with { Customer = hostile, ReportedBy = hostile });
        var document = Markdown.Parse(markdown);

        Assert.Equal(BriefMarkdownTests.TemplateHeadings, BriefMarkdownTests.Headings(markdown));
        Assert.Empty(document.Descendants<HtmlBlock>());
        Assert.Empty(document.Descendants<HtmlInline>());
        Assert.Empty(document.Descendants<ThematicBreakBlock>());
        Assert.Empty(document.Descendants<CodeBlock>());
        Assert.Empty(document.Descendants<CodeInline>());
        Assert.Empty(document.Descendants<QuoteBlock>());
        Assert.Empty(document.Descendants<AutolinkInline>());
        Assert.All(document.Descendants<LinkInline>(), link =>
        {
            Assert.False(link.IsImage);
            Assert.StartsWith("https://", link.Url);
        });
        // Bold comes only from the template's labels.
        Assert.All(document.Descendants<EmphasisInline>(), e => Assert.EndsWith(":", string.Concat(e.Descendants<LiteralInline>().Select(l => l.Content.ToString()))));
        // Lists: the template's own; user text adds no list and no item.
        Assert.Equal([4, 1, 1, 3, 2, 4], document.Descendants<ListBlock>().Select(l => l.Count));
    }

    [Fact]
    public void Multi_line_text_keeps_its_lines_inside_its_section()
    {
        var content = BriefSamples.FullContent();
        content.Understand.WhatsBroken = "first line\nsecond line\n\nthird line";
        var markdown = BriefMarkdown.Render(BriefSamples.With(content));
        Assert.Contains("### Issue Description\nfirst line  \nsecond line  \nthird line\n", markdown);
    }

    [Fact]
    public void User_text_reads_back_as_the_literal_characters_typed()
    {
        var content = BriefSamples.FullContent();
        content.Understand.WhatsBroken = "## not a heading *not emphasis* [not](javascript:x) <b>not html</b> 1. & done";
        var html = Markdown.ToHtml(BriefMarkdown.Render(BriefSamples.With(content)), new MarkdownPipelineBuilder().DisableHtml().Build());
        Assert.Contains("## not a heading *not emphasis* [not](javascript:x) &lt;b&gt;not html&lt;/b&gt; 1. &amp; done", html);
    }
}

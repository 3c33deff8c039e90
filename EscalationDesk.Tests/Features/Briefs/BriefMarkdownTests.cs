using EscalationDesk.Features.Briefs;
using EscalationDesk.Tests.Infrastructure;
using Markdig;
using Markdig.Syntax;

namespace EscalationDesk.Tests.Features.Briefs;

public sealed class BriefMarkdownTests
{
    public static readonly string[] TemplateHeadings =
    [
        "ESCALATION:", "Impact", "Issue Description", "What's Been Tried", "Reproduction Steps",
        "Customer Communication", "What's Needed", "Supporting Context",
    ];

    [Theory]
    [InlineData("full")]
    [InlineData("empty")]
    public void The_brief_is_exactly_the_golden_file(string sample)
    {
        var markdown = BriefMarkdown.Render(sample == "full" ? BriefSamples.Full() : BriefSamples.Empty());
        var golden = RepoFiles.Find($"EscalationDesk.Tests/Features/Briefs/Golden/{sample}.md");
        if (Environment.GetEnvironmentVariable("UPDATE_GOLDEN") == "1") File.WriteAllText(golden, markdown);

        Assert.Equal(File.ReadAllText(golden), markdown);
    }

    [Fact]
    public void The_same_record_gives_the_same_text()
    {
        Assert.Equal(BriefMarkdown.Render(BriefSamples.Full()), BriefMarkdown.Render(BriefSamples.Full()));
    }

    [Theory]
    [InlineData("full")]
    [InlineData("empty")]
    public void Parsed_back_it_has_exactly_the_template_headings_in_order(string sample)
    {
        var markdown = BriefMarkdown.Render(sample == "full" ? BriefSamples.Full() : BriefSamples.Empty());
        Assert.Equal(TemplateHeadings, Headings(markdown));
    }

    [Fact]
    public void The_header_lines_carry_the_template_labels_with_severity_and_primary_first_targets()
    {
        var markdown = BriefMarkdown.Render(BriefSamples.Full());
        Assert.Contains("**Severity:** High  \n**Target team:** Engineering, Leadership  \n**Reported by:** Ana Agent  \n**Date:** 2026-11-23\n", markdown);
        Assert.Contains("- **Time in queue:** 4 days 1 h (since 2026-11-20 09:00 UTC)", markdown);
        Assert.Contains("- **Revenue at risk:** USD 250,000 ARR", markdown);
    }

    [Fact]
    public void A_skipped_reproduction_says_why()
    {
        var content = BriefSamples.FullContent();
        content.Reproduce.Skipped = true;
        content.Reproduce.SkipReason = "Feature request, not a defect";
        Assert.Contains("### Reproduction Steps\nNot a bug, so no reproduction: Feature request, not a defect\n", BriefMarkdown.Render(BriefSamples.With(content)));
    }

    internal static IReadOnlyList<string> Headings(string markdown) =>
        Markdown.Parse(markdown).Descendants<HeadingBlock>()
            .Select(h => h.Level == 2 ? "ESCALATION:" : InlineText(h))
            .ToList();

    private static string InlineText(HeadingBlock heading) =>
        string.Concat(heading.Inline!.Descendants<Markdig.Syntax.Inlines.LiteralInline>().Select(l => l.Content.ToString()));
}

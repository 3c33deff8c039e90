using EscalationDesk.Features.Briefs;

namespace EscalationDesk.Tests.Features.Briefs;

public sealed class BriefHtmlTests
{
    public static TheoryData<string> Corpus => BriefInjectionTests.Corpus;

    [Theory]
    [MemberData(nameof(Corpus))]
    public void The_preview_of_hostile_text_has_no_executable_markup(string hostile)
    {
        var html = BriefHtml.Render(BriefMarkdown.Render(BriefSamples.With(HostileText.Everywhere(hostile)) with { Customer = hostile }));
        AssertInert(html);
    }

    [Theory]
    [InlineData("<script>alert(1)</script>")]
    [InlineData("<img src=x onerror=alert(1)>")]
    [InlineData("[x](javascript:alert(1))")]
    [InlineData("[x](data:text/html;base64,PHNjcmlwdD4=)")]
    [InlineData("[x](vbscript:msgbox)")]
    [InlineData("<a href=\"javascript:alert(1)\">x</a>")]
    [InlineData("![x](https://evil.example/t.png)")]
    [InlineData("<iframe src=https://evil.example></iframe><svg onload=alert(1)>")]
    public void Even_unescaped_markdown_is_sanitized(string markdown)
    {
        AssertInert(BriefHtml.Render(markdown));
    }

    [Fact]
    public void Http_https_and_mailto_links_survive_and_open_safely()
    {
        var html = BriefHtml.Render("[a](https://example.com/a) [b](http://example.com/b) [c](mailto:ops@example.com)");
        Assert.Contains("href=\"https://example.com/a\"", html);
        Assert.Contains("href=\"http://example.com/b\"", html);
        Assert.Contains("href=\"mailto:ops@example.com\"", html);
        Assert.Contains("rel=\"noopener noreferrer nofollow\"", html);
    }

    private static void AssertInert(string html)
    {
        var lower = html.ToLowerInvariant();
        Assert.DoesNotContain("<script", lower);
        Assert.DoesNotContain("<img", lower);
        Assert.DoesNotContain("<iframe", lower);
        Assert.DoesNotContain("<svg", lower);
        Assert.DoesNotMatch(@"<[^>]+\son\w+\s*=", lower);
        Assert.DoesNotMatch(@"<[^>]*\b(href|src)\s*=\s*""?\s*(javascript|data|vbscript):", lower);
    }
}

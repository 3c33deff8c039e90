using System.Text;

namespace EscalationDesk.Features.Briefs;

// One section of a composed brief: its heading and its body, Markdown with every piece of user text already escaped
// (MarkdownText), so no rendering can be given structure by what a user typed. PageBreakAfter: in the PDF the next section
// starts on a new page (Leadership's page one); Markdown has no pages.
public sealed record BriefSection(string Key, string Heading, string Body, bool PageBreakAfter = false);

// A brief composed once (BriefMarkdown.Compose) and rendered as Markdown, and from that Markdown as PDF and HTML.
public sealed record BriefDocument(BriefAudience Audience, string Title, string Header, IReadOnlyList<BriefSection> Sections)
{
    public string ToMarkdown() => string.Concat(Pages());

    // The Markdown cut where a section asks for a new page; the parts joined are exactly ToMarkdown().
    public IReadOnlyList<string> Pages()
    {
        var pages = new List<string>();
        var md = new StringBuilder(Title).Append(Header);
        foreach (var section in Sections)
        {
            // Sections are separated by a blank line; the template's last section ends with a single line break.
            if (md.Length > 0 && !(md.Length >= 2 && md[^1] == '\n' && md[^2] == '\n')) md.Append('\n');
            md.Append("### ").Append(section.Heading).Append('\n').Append(section.Body);
            if (!section.PageBreakAfter) continue;
            pages.Add(md.ToString());
            md.Clear();
        }
        if (md.Length > 0 || pages.Count == 0) pages.Add(md.ToString());
        return pages;
    }

    public BriefSection? Section(string key) => Sections.FirstOrDefault(s => s.Key == key);
}

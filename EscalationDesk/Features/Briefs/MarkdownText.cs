using System.Text;

namespace EscalationDesk.Features.Briefs;

// User text placed into the brief's Markdown. Every character that could start Markdown or HTML structure is
// backslash-escaped (CommonMark: any ASCII punctuation may be), so a field can add words but never a heading,
// list, link, emphasis, code, table or tag. See https://spec.commonmark.org/0.31.2/#backslash-escapes
public static class MarkdownText
{
    public const string NoneRecorded = "None recorded";

    // Escaped anywhere in a line: emphasis, code, links, images, HTML, entities, tables, strikethrough.
    private const string AlwaysEscaped = "\\`*_{}[]<>#|~&";

    public static bool IsBlank(string? text) => string.IsNullOrWhiteSpace(text);

    // Lines of user text joined by hard line breaks; continuation lines get the indent that keeps them inside
    // the list item they belong to. Blank lines are dropped, since one would end that list item.
    public static string Inline(string? text, string indent = "")
    {
        var lines = (text ?? "").Replace("\r\n", "\n").Replace('\r', '\n').Replace('\u2028', '\n').Replace('\u2029', '\n')
            .Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0).Select(EscapeLine);
        return string.Join("  \n" + indent, lines);
    }

    public static string InlineOrNone(string? text, string indent = "") => IsBlank(text) ? NoneRecorded : Inline(text, indent);

    private static string EscapeLine(string line)
    {
        var text = new StringBuilder(line.Length + 8);
        foreach (var c in line)
        {
            if (AlwaysEscaped.Contains(c)) text.Append('\\');
            text.Append(c);
        }
        // Constructs that only count at the start of a line: bullets, thematic breaks, setext underlines, ordered lists.
        if (text.Length > 0 && text[0] is '-' or '+' or '=') text.Insert(0, '\\');
        var digits = 0;
        while (digits < text.Length && char.IsAsciiDigit(text[digits])) digits++;
        if (digits is > 0 and < 10 && digits < text.Length && text[digits] is '.' or ')') text.Insert(digits, '\\');
        return text.ToString();
    }
}

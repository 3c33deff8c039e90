using System.Net;
using System.Text.RegularExpressions;

namespace EscalationDesk.Features.Tickets;

// A ticket as read from either platform, in the product's terms.
public sealed record ImportedTicket(
    TicketSystem System, string Id, string Url, string Subject, DateTime CreatedAt,
    string? Requester, string? Organization, IReadOnlyList<ImportedComment> Comments)
{
    // The first comment is the ticket's description.
    public string Description => Comments.Count > 0 ? Comments[0].Body : "";

    // The newest public reply by an agent, after the description.
    public ImportedComment? LatestPublicAgentReply =>
        Comments.Skip(1).Where(c => c.IsPublic && c.ByAgent).OrderBy(c => c.At).LastOrDefault();
}

public sealed record ImportedComment(string Id, string Author, bool IsPublic, bool ByAgent, DateTime At, string Body);

public static partial class PlainText
{
    // HTML bodies as text: line breaks kept at <br> and block ends, tags dropped, entities decoded.
    public static string FromHtml(string html)
    {
        var text = Breaks().Replace(html, "\n");
        text = Tags().Replace(text, "");
        text = WebUtility.HtmlDecode(text);
        return ManyBlankLines().Replace(text.Replace("\r\n", "\n"), "\n\n").Trim();
    }

    [GeneratedRegex(@"<br\s*/?>|</(p|div|li|h[1-6]|tr|blockquote)>", RegexOptions.IgnoreCase)]
    private static partial Regex Breaks();

    [GeneratedRegex(@"<[^>]*>")]
    private static partial Regex Tags();

    [GeneratedRegex(@"\n{3,}")]
    private static partial Regex ManyBlankLines();
}

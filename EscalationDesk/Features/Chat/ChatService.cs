using System.Globalization;
using System.Net.Http.Json;
using EscalationDesk.Data;
using EscalationDesk.Features.Judgment;
using EscalationDesk.Features.Settings;
using EscalationDesk.Features.Users;
using Microsoft.EntityFrameworkCore;

namespace EscalationDesk.Features.Chat;

public sealed record ChatPostResult(EscalationTarget Target, bool Ok, string Message);

public sealed class ChatOptions
{
    public string? BaseUrl { get; set; }
    public double AttemptTimeoutSeconds { get; set; } = 5;
    public double TotalTimeoutSeconds { get; set; } = 15;
    public int Retries { get; set; } = 2;
}

// Posts the escalation to each target team's chat webhook: Slack-compatible (Block Kit) or Microsoft Teams (an Adaptive
// Card), the kind told by the URL (ChatDestinations). Every outcome, success or failure,
// is shown to the user and kept on the timeline: a post is never lost silently.
public sealed partial class ChatService(
    IDbContextFactory<EscalationDeskDbContext> dbFactory, IHttpClientFactory http, SettingsService settings, ICurrentUser user,
    TimeProvider clock, ChatOptions options, ILogger<ChatService> logger, OrganisationCalendar? organisation = null,
    Briefs.BriefSnapshots? snapshots = null)
{
    public const string HttpClientName = "chat";

    public async Task<IReadOnlyList<ChatPostResult>> PostAsync(int id, string fallbackBaseUrl, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var e = await db.Escalations.AsNoTracking().EditableBy(user).SingleOrDefaultAsync(x => x.Id == id && x.DiscardedAt == null, ct);
        if (e is null) return [];
        var a = Assessment.Of(e.Content, JudgmentFacts.None);
        var link = $"{(options.BaseUrl is { Length: > 0 } configured ? configured : fallbackBaseUrl).TrimEnd('/')}/escalations/{id}";
        var zone = organisation?.ZoneId ?? WallClock.Utc;

        var results = new List<ChatPostResult>();
        foreach (var target in a.Targets.Effective)
        {
            var destination = await settings.DestinationAsync(target, ct);
            var result = destination is null
                ? new ChatPostResult(target, false, $"No chat webhook is set for {target.Text()} (Settings).")
                : await SendAsync(target, destination, destination.Kind == ChatKind.Teams ? TeamsCard(e, a, link, zone) : Message(e, a, link, zone), ct);
            results.Add(result);
            // A failure is the webhook's or the network's, not the person's who asked for the post: it is shown as the system's,
            // naming who asked.
            db.Timeline.Add(new TimelineEvent
            {
                EscalationId = id, At = clock.GetUtcNow().UtcDateTime, Actor = result.Ok ? user.Name : TimelineActors.System,
                Kind = result.Ok ? TimelineKinds.ChatPosted : TimelineKinds.ChatFailed,
                Detail = result.Ok ? result.Message : $"{result.Message} Requested by {user.Name}.",
            });
        }
        if (results.Count == 0) results.Add(new ChatPostResult(default, false, "This escalation has no target team to post to."));
        await db.SaveChangesAsync(CancellationToken.None);
        // What was posted is kept as a snapshot of the brief.
        if (snapshots is not null && results.Any(r => r.Ok)) await snapshots.TakeAsync(id, Briefs.SnapshotReasons.PostedToChat, CancellationToken.None);
        return results;
    }

    private async Task<ChatPostResult> SendAsync(EscalationTarget target, ChatDestination destination, object message, CancellationToken ct)
    {
        var (url, teams) = (destination.Url, destination.Kind == ChatKind.Teams);
        try
        {
            using var response = await http.CreateClient(HttpClientName).PostAsJsonAsync(url, message, ct);
            if (!response.IsSuccessStatusCode)
                return new ChatPostResult(target, false, $"Posting to {target.Text()}'s chat failed: HTTP {(int)response.StatusCode} {response.ReasonPhrase}.");
            // Teams' old connectors answer 200 even when the post failed, with the reason as text
            // ("Microsoft Teams endpoint returned HTTP error 413 …"); success is "1" or nothing (Workflows: 202, empty).
            if (teams && TeamsError(await response.Content.ReadAsStringAsync(ct)) is { } error)
                return new ChatPostResult(target, false, $"Posting to {target.Text()}'s chat failed: Microsoft Teams answered \"{error}\".");
            return new ChatPostResult(target, true, $"Posted to {target.Text()}'s chat ({(teams ? "Microsoft Teams, " : "")}{SettingsService.Mask(url)}).");
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or TimeoutException or Polly.Timeout.TimeoutRejectedException)
        {
            logger.LogWarning(ex, "Chat post to {Target} failed", target);
            var why = ex is HttpRequestException h ? h.Message : "no answer in time";
            return new ChatPostResult(target, false, $"Posting to {target.Text()}'s chat failed: {why}.");
        }
    }

    // Null when a Teams answer body means success; otherwise its first line, cut.
    public static string? TeamsError(string body)
    {
        var text = OneLine(body);
        if (text.Length == 0 || text == "1") return null;
        return text.Contains("error", StringComparison.OrdinalIgnoreCase) || text.Contains("fail", StringComparison.OrdinalIgnoreCase)
            ? Cut(text, 200) : null;
    }

    // Block Kit with every user value in a plain_text object (Slack renders it literally: no mentions, links or formatting),
    // each collapsed to one line, so no field can add a line that looks like the app's own ("Severity: Critical").
    // https://api.slack.com/reference/block-kit/composition-objects#text
    // `text` is the fallback for notifications; it is mrkdwn, so its user values are escaped there too (FallbackValue).
    public static object Message(Escalation e, Assessment a, string link, string zoneId)
    {
        var f = Facts.Of(e, a, zoneId);
        var text = $"*ESCALATION: {FallbackValue(f.Summary)}*\n" +
                   $"Severity: {f.Severity} · Targets: {f.Targets}\n" +
                   $"Ask: {FallbackValue(f.Ask)}\n" +
                   $"Deadline: {f.Deadline}\n" +
                   $"<{link}|ESC-{e.Id}>";
        object[] blocks =
        [
            new { type = "header", text = Plain(Cut($"ESCALATION: {f.Summary}", HeaderLimit)) },
            new
            {
                type = "section",
                fields = new[] { Plain($"Severity: {f.Severity}"), Plain($"Targets: {f.Targets}"), Plain(Cut($"Ask: {f.Ask}", FieldLimit)), Plain($"Deadline: {f.Deadline}") },
            },
            // The link is the app's own address and id, never user text: the one mrkdwn object.
            new { type = "section", text = new { type = "mrkdwn", text = $"<{link}|ESC-{e.Id}>" } },
        ];
        return new { text, blocks };
    }

    // The same facts as an Adaptive Card in the message shape Teams' incoming webhooks and Workflows accept
    // (https://learn.microsoft.com/microsoftteams/platform/webhooks-and-connectors/how-to/connectors-using#send-adaptive-cards-using-an-incoming-webhook).
    // Built as objects and serialized, so user text is always inside a JSON string; TextBlock and fact values render a
    // Markdown subset, so its markers become look-alikes (CardValue) and each value is one line.
    public static object TeamsCard(Escalation e, Assessment a, string link, string zoneId)
    {
        var f = Facts.Of(e, a, zoneId);
        var content = new Dictionary<string, object?>
        {
            ["$schema"] = "http://adaptivecards.io/schemas/adaptive-card.json",
            ["type"] = "AdaptiveCard",
            ["version"] = "1.4",
            ["body"] = new object[]
            {
                new { type = "TextBlock", text = Cut($"ESCALATION: {CardValue(f.Summary)}", HeaderLimit), weight = "Bolder", size = "Medium", wrap = true },
                new
                {
                    type = "FactSet",
                    facts = new[]
                    {
                        new { title = "Severity", value = f.Severity }, new { title = "Targets", value = f.Targets },
                        new { title = "Ask", value = Cut(CardValue(f.Ask), FieldLimit) }, new { title = "Deadline", value = f.Deadline },
                    },
                },
            },
            ["actions"] = new object[] { new { type = "Action.OpenUrl", title = "Open escalation", url = link } },
        };
        return new
        {
            type = "message",
            attachments = new[] { new { contentType = "application/vnd.microsoft.card.adaptive", contentUrl = (string?)null, content } },
        };
    }

    private sealed record Facts(string Summary, string Severity, string Targets, string Ask, string Deadline)
    {
        public static Facts Of(Escalation e, Assessment a, string zoneId)
        {
            var b = e.Content.Brief;
            var summary = OneLine(e.Summary) is { Length: > 0 } given ? given : "Untitled escalation";
            var ask = OneLine(b.SpecificAsk is SpecificAsk s ? (s == SpecificAsk.Other ? b.OtherAsk : s.Text()) : "not set");
            var needed = OneLine(b.WhatsNeeded);
            var deadline = b.Deadline is DateTime at ? WallClock.FormatNamed(at, zoneId) : "not set";
            return new Facts(summary, a.Severity.Effective.Text(), a.Targets.TeamText, needed.Length > 0 ? $"{ask} — {needed}" : ask, deadline);
        }
    }

    // Adaptive Cards' Markdown: **bold**, _italic_, [text](url) and lists at a line's start (values are one line, after
    // the app's own prefix or alone). The markers become look-alikes that format nothing.
    // https://learn.microsoft.com/adaptive-cards/authoring-cards/text-features
    public static string CardValue(string value) => value
        .Replace('*', '\u2217').Replace('_', '\uFF3F').Replace('[', '\uFF3B').Replace(']', '\uFF3D');

    // Slack's limits: a header's text 150 characters, a section field's 2000 (kept for the Teams card too).
    private const int HeaderLimit = 150, FieldLimit = 2000;

    private static object Plain(string text) => new { type = "plain_text", text, emoji = false };

    private static string Cut(string text, int limit) => text.Length <= limit ? text : text[..(limit - 1)] + "…";

    // Every run of whitespace (CR, LF, tab, U+2028…) becomes one space.
    public static string OneLine(string? value) => Whitespace().Replace(value ?? "", " ").Trim();

    // In mrkdwn: &, < and > escaped as Slack documents (https://api.slack.com/reference/surfaces/formatting#escaping), so
    // "<!channel>" is no mention; *, _, ~ and ` have no escape there, so they become look-alikes that format nothing.
    public static string FallbackValue(string value) => value
        .Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;")
        .Replace('*', '\u2217').Replace('_', '\uFF3F').Replace('~', '\u223C').Replace('`', '\u02CB');

    [System.Text.RegularExpressions.GeneratedRegex(@"[\s\u0085\u2028\u2029]+")]
    private static partial System.Text.RegularExpressions.Regex Whitespace();
}

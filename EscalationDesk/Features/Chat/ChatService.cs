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

// Posts the escalation to each target team's Slack-compatible incoming webhook. Every outcome, success or failure,
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
        var message = Message(e, a, link, organisation?.ZoneId ?? WallClock.Utc);

        var results = new List<ChatPostResult>();
        foreach (var target in a.Targets.Effective)
        {
            var url = await settings.WebhookUrlAsync(target, ct);
            var result = url is null
                ? new ChatPostResult(target, false, $"No chat webhook is set for {target.Text()} (Settings).")
                : await SendAsync(target, url, message, ct);
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

    private async Task<ChatPostResult> SendAsync(EscalationTarget target, string url, object message, CancellationToken ct)
    {
        try
        {
            using var response = await http.CreateClient(HttpClientName).PostAsJsonAsync(url, message, ct);
            return response.IsSuccessStatusCode
                ? new ChatPostResult(target, true, $"Posted to {target.Text()}'s chat ({SettingsService.Mask(url)}).")
                : new ChatPostResult(target, false, $"Posting to {target.Text()}'s chat failed: HTTP {(int)response.StatusCode} {response.ReasonPhrase}.");
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or TimeoutException or Polly.Timeout.TimeoutRejectedException)
        {
            logger.LogWarning(ex, "Chat post to {Target} failed", target);
            var why = ex is HttpRequestException h ? h.Message : "no answer in time";
            return new ChatPostResult(target, false, $"Posting to {target.Text()}'s chat failed: {why}.");
        }
    }

    // Block Kit with every user value in a plain_text object (Slack renders it literally: no mentions, links or formatting),
    // each collapsed to one line, so no field can add a line that looks like the app's own ("Severity: Critical").
    // https://api.slack.com/reference/block-kit/composition-objects#text
    // `text` is the fallback for notifications; it is mrkdwn, so its user values are escaped there too (FallbackValue).
    public static object Message(Escalation e, Assessment a, string link, string zoneId)
    {
        var b = e.Content.Brief;
        var summary = OneLine(e.Summary) is { Length: > 0 } given ? given : "Untitled escalation";
        var ask = OneLine(b.SpecificAsk is SpecificAsk s ? (s == SpecificAsk.Other ? b.OtherAsk : s.Text()) : "not set");
        var needed = OneLine(b.WhatsNeeded);
        var askText = needed.Length > 0 ? $"{ask} — {needed}" : ask;
        var deadline = b.Deadline is DateTime at ? WallClock.FormatNamed(at, zoneId) : "not set";
        var severity = a.Severity.Effective.Text();
        var targets = a.Targets.TeamText;
        var text = $"*ESCALATION: {FallbackValue(summary)}*\n" +
                   $"Severity: {severity} · Targets: {targets}\n" +
                   $"Ask: {FallbackValue(askText)}\n" +
                   $"Deadline: {deadline}\n" +
                   $"<{link}|ESC-{e.Id}>";
        object[] blocks =
        [
            new { type = "header", text = Plain(Cut($"ESCALATION: {summary}", HeaderLimit)) },
            new
            {
                type = "section",
                fields = new[] { Plain($"Severity: {severity}"), Plain($"Targets: {targets}"), Plain(Cut($"Ask: {askText}", FieldLimit)), Plain($"Deadline: {deadline}") },
            },
            // The link is the app's own address and id, never user text: the one mrkdwn object.
            new { type = "section", text = new { type = "mrkdwn", text = $"<{link}|ESC-{e.Id}>" } },
        ];
        return new { text, blocks };
    }

    // Slack's limits: a header's text 150 characters, a section field's 2000.
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

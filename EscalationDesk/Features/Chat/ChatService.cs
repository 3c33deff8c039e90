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
public sealed class ChatService(
    IDbContextFactory<EscalationDeskDbContext> dbFactory, IHttpClientFactory http, SettingsService settings, ICurrentUser user,
    TimeProvider clock, ChatOptions options, ILogger<ChatService> logger, OrganisationCalendar? organisation = null)
{
    public const string HttpClientName = "chat";

    public async Task<IReadOnlyList<ChatPostResult>> PostAsync(int id, string fallbackBaseUrl, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var e = await db.Escalations.AsNoTracking().EditableBy(user).SingleOrDefaultAsync(x => x.Id == id && x.DiscardedAt == null, ct);
        if (e is null) return [];
        var a = Assessment.Of(e.Content, JudgmentFacts.None);
        var link = $"{(options.BaseUrl is { Length: > 0 } configured ? configured : fallbackBaseUrl).TrimEnd('/')}/escalations/{id}";
        var text = Message(e, a, link, organisation?.ZoneId ?? WallClock.Utc);

        var results = new List<ChatPostResult>();
        foreach (var target in a.Targets.Effective)
        {
            var url = await settings.WebhookUrlAsync(target, ct);
            var result = url is null
                ? new ChatPostResult(target, false, $"No chat webhook is set for {target.Text()} (Settings).")
                : await SendAsync(target, url, text, ct);
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
        return results;
    }

    private async Task<ChatPostResult> SendAsync(EscalationTarget target, string url, string text, CancellationToken ct)
    {
        try
        {
            using var response = await http.CreateClient(HttpClientName).PostAsJsonAsync(url, new { text }, ct);
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

    // Slack's message format: only &, < and > need escaping in text. https://api.slack.com/reference/surfaces/formatting#escaping
    // Times in the organisation's zone, named: the teams reading the post may sit anywhere.
    public static string Message(Escalation e, Assessment a, string link, string zoneId)
    {
        static string Esc(string s) => s.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;");
        var b = e.Content.Brief;
        var ask = b.SpecificAsk is SpecificAsk s ? (s == SpecificAsk.Other ? b.OtherAsk : s.Text()) : "not set";
        var deadline = b.Deadline is DateTime at ? WallClock.FormatNamed(at, zoneId) : "not set";
        return $"*ESCALATION: {Esc(e.Summary)}*\n" +
               $"Severity: {a.Severity.Effective.Text()} · Targets: {a.Targets.TeamText}\n" +
               $"Ask: {Esc(ask)}{(string.IsNullOrWhiteSpace(b.WhatsNeeded) ? "" : " — " + Esc(b.WhatsNeeded.Trim()))}\n" +
               $"Deadline: {deadline}\n" +
               $"<{link}|ESC-{e.Id}>";
    }
}

using EscalationDesk.Data;
using EscalationDesk.Features.Judgment;
using EscalationDesk.Features.Notifications;
using Microsoft.EntityFrameworkCore;

namespace EscalationDesk.Features.Trackers;

public static class TrackerTimeline
{
    public const string Linked = "tracker-linked";
    public const string StatusChanged = "tracker-status";
    public const string Done = "tracker-done";
}

// Reads linked issues again and writes what changed. An issue that became done is written in one save with its timeline
// entry and the owner's notification ("ENG-7 is done: tell the customer"), so it is told exactly once; publishing to open
// pages follows the save. A failed read keeps the last known status and records the one-line reason.
public sealed class TrackerSync(IDbContextFactory<EscalationDeskDbContext> dbFactory, TrackerOptions options, JiraTracker jira, GitHubTracker github,
    INotificationPublisher publisher, TimeProvider clock)
{
    public const int Batch = 50;

    // The issues due for a look (least recently refreshed first) on escalations still followed; the number refreshed.
    public async Task<int> RefreshDueAsync(CancellationToken ct)
    {
        var configured = options.Configured().Select(c => c.System).ToList();
        if (configured.Count == 0) return 0;
        var before = clock.GetUtcNow().UtcDateTime - TimeSpan.FromSeconds(Math.Max(1, options.PollSeconds));
        List<long> due;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            due = await db.TrackerIssues.AsNoTracking()
                .Where(t => t.RefreshedAt < before && configured.Contains(t.System)
                    && db.Escalations.Any(e => e.Id == t.EscalationId && EF.Constant(TrackerRules.FollowedStatuses).Contains(e.Status)))
                .OrderBy(t => t.RefreshedAt).Take(Batch).Select(t => t.Id).ToListAsync(ct);
        }
        foreach (var id in due) await RefreshAsync(id, ct);
        return due.Count;
    }

    // Null when it went well, else the one line of what is wrong.
    public async Task<string?> RefreshAsync(long issueId, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var issue = await db.TrackerIssues.SingleOrDefaultAsync(t => t.Id == issueId, ct);
        if (issue is null) return null;
        var now = clock.GetUtcNow().UtcDateTime;
        if (options.Configured().FirstOrDefault(c => c.System == issue.System) is not { } config)
            return $"{issue.System} is not configured any more; the last known status is shown.";
        TrackerIssueState? state;
        try
        {
            state = await ReadAsync(config, issue.Key, issue.ETag, ct);
        }
        catch (TrackerException ex)
        {
            issue.RefreshedAt = now;
            issue.RefreshError = ex.Message.Length > 500 ? ex.Message[..499] + "…" : ex.Message;
            try { await db.SaveChangesAsync(ct); }
            catch (DbUpdateConcurrencyException) { }   // another refresh saved first; this failure is still said
            return ex.Message;
        }
        issue.RefreshedAt = now;
        issue.RefreshError = null;
        RaisedNotification? raised = null;
        if (state is not null) raised = await ApplyAsync(db, issue, state, now, ct);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return null;   // another refresh of this issue saved first, and told the owner if it was done
        }
        if (raised is not null) await publisher.PublishAsync([raised], ct);
        return null;
    }

    public Task<TrackerIssueState?> ReadAsync(TrackerConfig config, string key, string etag, CancellationToken ct) => config.System == TrackerSystem.Jira
        ? ReadJiraAsync(config, key, ct)
        : github.ReadAsync(config, key, etag, ct);

    private async Task<TrackerIssueState?> ReadJiraAsync(TrackerConfig config, string key, CancellationToken ct) => await jira.ReadAsync(config, key, ct);

    private static async Task<RaisedNotification?> ApplyAsync(EscalationDeskDbContext db, TrackerIssue issue, TrackerIssueState state, DateTime now, CancellationToken ct)
    {
        var statusChanged = state.Status != issue.Status || state.Done != issue.Done;
        var becameDone = state.Done && !issue.Done;
        issue.Key = Cut(state.Key, 200);
        if (state.Url.Length > 0) issue.Url = Cut(state.Url, 2_000);
        issue.Title = Cut(state.Title, 1_000);
        issue.Status = Cut(state.Status, 200);
        issue.Done = state.Done;
        issue.ETag = Cut(state.ETag, 200);
        if (!state.Done) issue.DoneNotifiedAt = null;   // reopened: a later fix is told again
        if (!statusChanged) return null;

        db.Timeline.Add(new TimelineEvent
        {
            EscalationId = issue.EscalationId, At = now, Actor = TimelineActors.System, Kind = becameDone ? TrackerTimeline.Done : TrackerTimeline.StatusChanged,
            Detail = becameDone ? $"{issue.System} issue {issue.Key} is done ({issue.Status}): tell the customer." : $"{issue.System} issue {issue.Key} is now {issue.Status}.",
        });
        if (!becameDone || issue.DoneNotifiedAt is not null) return null;
        issue.DoneNotifiedAt = now;
        var escalation = await db.Escalations.AsNoTracking().Where(e => e.Id == issue.EscalationId).Select(e => new { e.OwnerId, e.Summary }).SingleAsync(ct);
        if (escalation.OwnerId is null) return null;
        var message = Cut($"{issue.Key} is done: tell the customer. ESC-{issue.EscalationId} {escalation.Summary}", 500);
        // One per issue and moment: the unique key (escalation, kind, instant) holds however many look.
        db.Notifications.Add(new Notification
        {
            EscalationId = issue.EscalationId, OwnerId = escalation.OwnerId, Kind = $"issue-done-{issue.Id}", TimerAt = now, CreatedAt = now, Message = message,
        });
        return new RaisedNotification(escalation.OwnerId, issue.EscalationId, message);
    }

    private static string Cut(string text, int max) => text.Length > max ? text[..(max - 1)] + "…" : text;
}

// Polls linked issues (Trackers:PollSeconds); with several instances one polls at a time (IInstances claim "trackers").
public sealed class TrackerPoller(TrackerSync sync, IInstances instances, TrackerOptions options, TimeProvider clock, ILogger<TrackerPoller> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (options.Configured().Count == 0) return;
        // A tick a tenth of the interval (at most a minute): an issue is looked at within about one interval of its last look.
        var tick = TimeSpan.FromSeconds(Math.Clamp(options.PollSeconds / 10, 0.05, 60));
        using var timer = new PeriodicTimer(tick, clock);
        do
        {
            try
            {
                await using var claim = await instances.TryClaimAsync("trackers", TimeSpan.Zero, stoppingToken);
                if (claim is not null) await sync.RefreshDueAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogError(ex, "Refreshing linked tracker issues failed; trying again next tick");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}

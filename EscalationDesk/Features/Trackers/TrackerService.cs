using EscalationDesk.Data;
using EscalationDesk.Features.Briefs;
using EscalationDesk.Features.Chat;
using EscalationDesk.Features.Judgment;
using EscalationDesk.Features.Users;
using Microsoft.EntityFrameworkCore;

namespace EscalationDesk.Features.Trackers;

public sealed record TrackerIssueView(long Id, TrackerSystem System, string Key, string Url, string Title, string Status, bool Done,
    DateTime RefreshedAt, string? RefreshError)
{
    public string StatusText => Status.Length > 0 ? Status : "Status not read yet";
}

// What the escalation page's Related bugs part shows: the linked issues, and what this user may do (Systems: the
// configured trackers, empty when none is, and then nothing of them is shown).
public sealed record TrackerPanel(IReadOnlyList<TrackerIssueView> Issues, IReadOnlyList<TrackerSystem> Systems, bool CanChange, string? WhyNot);

public sealed record TrackerResult(bool Ok, string Message);

// Hands an escalation to Jira or GitHub: creates an issue from its brief, links an existing one by URL, refreshes their
// status. Each action writes nothing unless the tracker answered; what went wrong is one line.
public sealed class TrackerService(IDbContextFactory<EscalationDeskDbContext> dbFactory, ICurrentUser user, TimeProvider clock, TrackerOptions options,
    JiraTracker jira, GitHubTracker github, TrackerSync sync, BriefService briefs, ChatOptions chat)
{
    public const int TitleMax = 255;   // Jira's summary limit; GitHub takes more
    public const int JiraDescriptionMax = 32_000, GitHubBodyMax = 65_000;
    private const string CutNote = "\n\n… (cut here: the full brief is in EscalationDesk)\n";

    public IReadOnlyList<TrackerSystem> Systems => options.Configured().Select(c => c.System).ToList();

    public async Task<TrackerPanel?> GetAsync(int escalationId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var e = await db.Escalations.AsNoTracking().ReadableBy(user).Where(x => x.Id == escalationId && x.DiscardedAt == null)
            .Select(x => new { x.Status, x.TargetEngineering, x.TargetProduct, x.OwnerId }).SingleOrDefaultAsync(ct);
        if (e is null) return null;
        var issues = await IssuesAsync(db, [escalationId], ct);
        var canAct = user.SeesAll() || (e.OwnerId == user.Id && user.IsSignedIn());
        var whyNot = !canAct ? "Only the owner, Leads and Admins link issues."
            : !TrackerRules.TakesTrackerIssues(e.TargetEngineering, e.TargetProduct) ? "Issues are for escalations to Engineering or Product."
            : !TrackerRules.FollowsIssues(e.Status) ? (e.Status == EscalationStatus.Draft ? "Escalate it first, then create or link its issue." : "This escalation is no longer followed.")
            : null;
        return new TrackerPanel(issues.GetValueOrDefault(escalationId, []), Systems, whyNot is null, whyNot);
    }

    // The queue's chips: the linked issues of these escalations, in one query.
    public async Task<IReadOnlyDictionary<int, IReadOnlyList<TrackerIssueView>>> ForEscalationsAsync(IReadOnlyCollection<int> ids, CancellationToken ct = default)
    {
        if (ids.Count == 0 || Systems.Count == 0) return new Dictionary<int, IReadOnlyList<TrackerIssueView>>();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await IssuesAsync(db, ids, ct);
    }

    private static async Task<Dictionary<int, IReadOnlyList<TrackerIssueView>>> IssuesAsync(EscalationDeskDbContext db, IReadOnlyCollection<int> ids, CancellationToken ct)
    {
        var rows = await db.TrackerIssues.AsNoTracking().Where(t => ids.Contains(t.EscalationId)).OrderBy(t => t.Id)
            .Select(t => new { t.EscalationId, View = new TrackerIssueView(t.Id, t.System, t.Key, t.Url, t.Title, t.Status, t.Done, t.RefreshedAt, t.RefreshError) })
            .ToListAsync(ct);
        return rows.GroupBy(r => r.EscalationId).ToDictionary(g => g.Key, g => (IReadOnlyList<TrackerIssueView>)g.Select(r => r.View).ToList());
    }

    // appBaseUrl: where the app is reached, for the link back (Chat:BaseUrl wins, as for chat posts).
    public async Task<TrackerResult> CreateAsync(int escalationId, TrackerSystem system, string appBaseUrl, CancellationToken ct = default)
    {
        if (await RefusalAsync(escalationId, system, ct) is { } refusal) return refusal;
        var config = options.Configured().Single(c => c.System == system);
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            var earlier = await db.TrackerIssues.AsNoTracking().Where(t => t.EscalationId == escalationId && t.System == system && t.CreatedHere)
                .Select(t => t.Key).FirstOrDefaultAsync(ct);
            if (earlier is not null) return new(false, $"{earlier} was already created in {system} for this escalation: refresh its status, or link another issue by URL.");
        }
        if (await briefs.LoadAsync(escalationId, ct) is not { } source) return new(false, "This escalation was not found.");
        var summary = source.Content.Understand.Summary.Trim();
        var title = $"ESC-{escalationId}: {(summary.Length > 0 ? summary : "Untitled escalation")}".ReplaceLineEndings(" ");
        if (title.Length > TitleMax) title = title[..(TitleMax - 1)] + "…";
        var link = $"{(chat.BaseUrl is { Length: > 0 } configured ? configured : appBaseUrl).TrimEnd('/')}/escalations/{escalationId}";
        var footer = $"\n---\nFrom EscalationDesk: [ESC-{escalationId}]({link})\n";
        var brief = BriefMarkdown.Render(source);
        // Jira takes 32,767 characters of description, GitHub 65,536 of body: a longer brief is cut, the link kept.
        var room = (system == TrackerSystem.Jira ? JiraDescriptionMax : GitHubBodyMax) - footer.Length - CutNote.Length;
        if (brief.Length > room && char.IsHighSurrogate(brief[room - 1])) room--;
        var markdown = (brief.Length > room ? brief[..room] + CutNote : brief) + footer;

        TrackerIssueState state;
        try
        {
            if (system == TrackerSystem.Jira)
            {
                var key = await jira.CreateAsync(config, title, markdown, ct);
                // Made: its status is read now, and a failed read only leaves the status to the next refresh.
                try { state = await jira.ReadAsync(config, key, ct); }
                catch (TrackerException) { state = new TrackerIssueState(key, JiraTracker.IssueUrl(config, key), title, "", false, ""); }
            }
            else state = await github.CreateAsync(config, title, markdown, ct);
        }
        catch (TrackerException ex)
        {
            return new(false, ex.Message);
        }
        try
        {
            await SaveAsync(escalationId, system, state, true, $"{system} issue {state.Key} created from the brief: {state.Title}", ct);
        }
        catch (DbUpdateException)
        {
            return new(false, $"{state.Key} was created in {system} but could not be linked here: link it by URL ({state.Url}).");
        }
        return new(true, $"Created {state.Key} in {system}.");
    }

    public async Task<TrackerResult> LinkAsync(int escalationId, string urlOrKey, CancellationToken ct = default)
    {
        var configs = options.Configured();
        var input = (urlOrKey ?? "").Trim();
        var (config, key) = configs.Select(c => (c, c.System == TrackerSystem.Jira ? JiraKey(c, input) : GitHubTracker.KeyOf(c, input)))
            .FirstOrDefault(x => x.Item2 is not null);
        if (config is null || key is null)
            return new(false, configs.Count == 0 ? "No tracker is configured." : $"Paste the issue's URL, like {Example(configs)}.");
        if (await RefusalAsync(escalationId, config.System, ct) is { } refusal) return refusal;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            if (await db.TrackerIssues.AnyAsync(t => t.EscalationId == escalationId && t.System == config.System && t.Key == key, ct))
                return new(false, $"{key} is already linked.");
        }
        TrackerIssueState? state;
        try
        {
            state = await sync.ReadAsync(config, key, "", ct);
        }
        catch (TrackerException ex)
        {
            return new(false, ex.Message);
        }
        if (state is null) return new(false, $"{config.System} answered without the issue; try again.");
        try
        {
            await SaveAsync(escalationId, config.System, state, false, $"{config.System} issue {state.Key} linked: {state.Title}", ct);
        }
        catch (DbUpdateException)
        {
            return new(false, $"{state.Key} could not be linked (it may just have been linked in another tab): reload the page.");
        }
        return new(true, $"Linked {state.Key} ({state.Status}).");
    }

    public async Task<TrackerResult> RefreshAsync(int escalationId, CancellationToken ct = default)
    {
        var panel = await GetAsync(escalationId, ct);
        if (panel is null) return new(false, "This escalation was not found.");
        var failures = new List<string>();
        foreach (var issue in panel.Issues)
            if (await sync.RefreshAsync(issue.Id, ct) is { } failure) failures.Add($"{issue.Key}: {failure}");
        return failures.Count == 0 ? new(true, panel.Issues.Count == 1 ? "Status refreshed." : "Statuses refreshed.") : new(false, string.Join(" ", failures));
    }

    // The Connections page: the configured trackers (from configuration only, so shown read-only).
    public IReadOnlyList<(TrackerSystem System, string BaseUrl, string Project)> Connections()
    {
        user.RequireAdmin();
        return options.Configured().Select(c => (c.System, c.BaseUrl.ToString(), c.Project)).ToList();
    }

    public async Task<TrackerResult> TestAsync(TrackerSystem system, CancellationToken ct = default)
    {
        user.RequireAdmin();
        if (options.Configured().FirstOrDefault(c => c.System == system) is not { } config) return new(false, $"{system} is not configured.");
        try
        {
            var who = system == TrackerSystem.Jira ? await jira.WhoAmIAsync(config, ct) : await github.WhoAmIAsync(config, ct);
            return new(true, $"Connected to {system} as {who}.");
        }
        catch (TrackerException ex)
        {
            return new(false, ex.Message);
        }
    }

    // For the customer status update draft: a sentence saying it is fixed once a linked issue is done, else null.
    public async Task<string?> FixedNewsAsync(int escalationId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var done = await db.TrackerIssues.AnyAsync(t => t.EscalationId == escalationId && t.Done
            && db.Escalations.ReadableBy(user).Any(e => e.Id == escalationId), ct);
        return done ? FixedSentence : null;
    }

    public const string FixedSentence = "Good news: the problem has now been fixed. Please let us know if you still see it after the fix reaches you.";

    private async Task<TrackerResult?> RefusalAsync(int escalationId, TrackerSystem system, CancellationToken ct)
    {
        if (!Systems.Contains(system)) return new(false, $"{system} is not configured.");
        var panel = await GetAsync(escalationId, ct);
        if (panel is null) return new(false, "This escalation was not found.");
        return panel.WhyNot is { } why ? new(false, why) : null;
    }

    private async Task SaveAsync(int escalationId, TrackerSystem system, TrackerIssueState state, bool created, string detail, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        db.TrackerIssues.Add(new TrackerIssue
        {
            EscalationId = escalationId, System = system, Key = state.Key, Url = state.Url, Title = Cut(state.Title, 1_000), Status = Cut(state.Status, 200),
            Done = state.Done, DoneNotifiedAt = state.Done ? now : null, CreatedHere = created, LinkedAt = now, LinkedBy = user.Name, ETag = Cut(state.ETag, 200),
            // Not read yet (Jira's read after creating failed): the next poll looks at once.
            RefreshedAt = state.Status.Length > 0 ? now : DateTime.UnixEpoch,
        });
        db.Timeline.Add(new TimelineEvent { EscalationId = escalationId, At = now, Actor = user.Name, Kind = TrackerTimeline.Linked, Detail = Cut(detail, 2_000) });
        await db.SaveChangesAsync(ct);
    }

    private static string? JiraKey(TrackerConfig config, string input)
    {
        // A URL must be of the configured site: the same key on another site is another issue.
        if (Uri.TryCreate(input, UriKind.Absolute, out var url) && !string.Equals(url.Host, config.BaseUrl.Host, StringComparison.OrdinalIgnoreCase)) return null;
        return JiraTracker.KeyOf(input);
    }

    private static string Example(IReadOnlyList<TrackerConfig> configs) => string.Join(" or ", configs.Select(c => c.System == TrackerSystem.Jira
        ? JiraTracker.IssueUrl(c, $"{c.Project}-123")
        : $"https://{(c.BaseUrl.Host == "api.github.com" ? "github.com" : c.BaseUrl.Host)}/{c.Project}/issues/123"));

    private static string Cut(string text, int max) => text.Length > max ? text[..(max - 1)] + "…" : text;
}

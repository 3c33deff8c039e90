using EscalationDesk.Data;
using EscalationDesk.Features.Escalations;
using EscalationDesk.Features.Trackers;
using EscalationDesk.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace EscalationDesk.Tests.Features.Trackers;

// The status sync: linked issues read again once Trackers:PollSeconds has passed; a done issue tells the owner once,
// writes the timeline and makes the customer status update draft say it is fixed.
public sealed class TrackerSyncTests : IAsyncLifetime
{
    private TrackerTestHost _host = default!;

    public async Task InitializeAsync() => _host = await TrackerTestHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private TrackerSync Sync => _host.Get<TrackerSync>();

    [Fact]
    public async Task A_Jira_issue_moved_to_done_notifies_the_owner_once_and_the_status_update_says_it_is_fixed()
    {
        var id = await _host.AddEscalationAsync();
        Assert.True((await _host.Trackers.CreateAsync(id, TrackerSystem.Jira, "http://localhost/")).Ok);
        Assert.Null(await _host.Trackers.FixedNewsAsync(id));

        // Not looked at again before the interval has passed.
        _host.Jira.Transition("ENG-101", "Closed", "done");
        Assert.Equal(0, await Sync.RefreshDueAsync(default));
        await _host.AgeAsync(TimeSpan.FromSeconds(61));
        Assert.Equal(1, await Sync.RefreshDueAsync(default));

        var issue = Assert.Single((await _host.Trackers.GetAsync(id))!.Issues);
        Assert.Equal(("Closed", true), (issue.Status, issue.Done));
        await using (var db = _host.Db.CreateDbContext())
        {
            var notification = await db.Notifications.SingleAsync(n => n.EscalationId == id);
            Assert.Equal(_host.Owner.Id, notification.OwnerId);
            Assert.Equal($"ENG-101 is done: tell the customer. ESC-{id} Checkout fails for EU cards", notification.Message);
            var done = await db.Timeline.SingleAsync(t => t.EscalationId == id && t.Kind == TrackerTimeline.Done);
            Assert.Equal("Jira issue ENG-101 is done (Closed): tell the customer.", done.Detail);
        }
        Assert.Equal($"ENG-101 is done: tell the customer. ESC-{id} Checkout fails for EU cards", Assert.Single(_host.Published).Message);

        // The draft the agent writes on Next steps now says it is fixed.
        var content = (await _host.Get<EscalationDesk.Features.Wizard.WizardService>().LoadAsync(id))!.Content;
        var draft = CustomerMessages.StatusUpdate(content, "Jo Lee", null, await _host.Trackers.FixedNewsAsync(id), "UTC", id);
        Assert.Contains("the problem has now been fixed", draft);
        Assert.DoesNotContain("We are still investigating", draft);

        // Looked at again, still done: nothing told twice.
        await _host.AgeAsync(TimeSpan.FromSeconds(61));
        Assert.Equal(1, await Sync.RefreshDueAsync(default));
        Assert.Equal((1, 2, 1), await _host.CountsAsync(id));
        Assert.Single(_host.Published);
    }

    [Fact]
    public async Task GitHub_is_asked_with_If_None_Match_and_an_unchanged_issue_costs_a_304()
    {
        var id = await _host.AddEscalationAsync();
        Assert.True((await _host.Trackers.CreateAsync(id, TrackerSystem.GitHub, "http://localhost/")).Ok);

        await _host.AgeAsync(TimeSpan.FromSeconds(61));
        await Sync.RefreshDueAsync(default);
        Assert.Equal(1, _host.GitHub.NotModifiedAnswers);
        Assert.Equal((1, 1, 0), await _host.CountsAsync(id));

        _host.GitHub.Close(1347);
        await _host.AgeAsync(TimeSpan.FromSeconds(61));
        await Sync.RefreshDueAsync(default);

        var issue = Assert.Single((await _host.Trackers.GetAsync(id))!.Issues);
        Assert.Equal(("Closed", true), (issue.Status, issue.Done));
        Assert.Equal("acme/shop#1347 is done: tell the customer. ESC-" + id + " Checkout fails for EU cards", Assert.Single(_host.Published).Message);
    }

    [Fact]
    public async Task Closed_as_not_planned_shows_as_closed_but_is_not_a_fix()
    {
        var id = await _host.AddEscalationAsync();
        var github = _host.GitHub.Add("Support Maestro cards");
        Assert.True((await _host.Trackers.LinkAsync(id, _host.GitHub.HtmlUrl(github.Number))).Ok);

        _host.GitHub.Close(github.Number, "not_planned");
        var refreshed = await _host.Trackers.RefreshAsync(id);

        Assert.True(refreshed.Ok, refreshed.Message);
        var issue = Assert.Single((await _host.Trackers.GetAsync(id))!.Issues);
        Assert.Equal(("Closed (not planned)", false), (issue.Status, issue.Done));
        Assert.Null(await _host.Trackers.FixedNewsAsync(id));
        Assert.Empty(_host.Published);
    }

    [Fact]
    public async Task A_failed_refresh_keeps_the_last_status_and_says_why_in_one_line()
    {
        var id = await _host.AddEscalationAsync();
        Assert.True((await _host.Trackers.CreateAsync(id, TrackerSystem.Jira, "http://localhost/")).Ok);
        _host.Jira.Fail("/rest/api/3/issue/ENG-101", 401);

        var refreshed = await _host.Trackers.RefreshAsync(id);

        Assert.False(refreshed.Ok);
        Assert.Equal("ENG-101: Jira refused the credentials (401 Unauthorized): check the email and API token.", refreshed.Message);
        var issue = Assert.Single((await _host.Trackers.GetAsync(id))!.Issues);
        Assert.Equal(("To Do", "Jira refused the credentials (401 Unauthorized): check the email and API token."), (issue.Status, issue.RefreshError));

        Assert.True((await _host.Trackers.RefreshAsync(id)).Ok);
        Assert.Null(Assert.Single((await _host.Trackers.GetAsync(id))!.Issues).RefreshError);
    }

    [Fact]
    public async Task Issues_of_closed_escalations_are_not_polled()
    {
        var id = await _host.AddEscalationAsync();
        Assert.True((await _host.Trackers.CreateAsync(id, TrackerSystem.Jira, "http://localhost/")).Ok);
        await using (var db = _host.Db.CreateDbContext())
            await db.Escalations.Where(e => e.Id == id).ExecuteUpdateAsync(u => u.SetProperty(e => e.Status, EscalationDesk.Features.Judgment.EscalationStatus.Closed));

        await _host.AgeAsync(TimeSpan.FromMinutes(5));

        Assert.Equal(0, await Sync.RefreshDueAsync(default));
    }
}

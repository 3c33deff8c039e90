using System.Text.Json.Nodes;
using EscalationDesk.Features.Briefs;
using EscalationDesk.Features.Trackers;
using EscalationDesk.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace EscalationDesk.Tests.Features.Trackers;

// Create issue and link by URL against FakeJira / FakeGitHub on loopback, on the run's engine (SQLite or PostgreSQL).
public sealed class TrackerIssueTests : IAsyncLifetime
{
    private TrackerTestHost _host = default!;

    public async Task InitializeAsync() => _host = await TrackerTestHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Create_issue_in_Jira_sends_the_brief_as_an_ADF_description_and_lists_the_issue_with_its_status()
    {
        var id = await _host.AddEscalationAsync();

        var result = await _host.Trackers.CreateAsync(id, TrackerSystem.Jira, "http://localhost/");

        Assert.True(result.Ok, result.Message);
        Assert.Equal("Created ENG-101 in Jira.", result.Message);
        var sent = Assert.Single(_host.Jira.Created);
        var fields = sent["fields"]!;
        Assert.Equal("ENG", fields["project"]!["key"]!.GetValue<string>());
        Assert.Equal("Bug", fields["issuetype"]!["name"]!.GetValue<string>());
        Assert.Equal($"ESC-{id}: Checkout fails for EU cards", fields["summary"]!.GetValue<string>());
        var description = fields["description"]!;
        Assert.Equal("doc", description["type"]!.GetValue<string>());
        Assert.Equal(1, description["version"]!.GetValue<int>());
        // The brief's parts as ADF nodes: its heading, the problem in a paragraph, the reproduction as a numbered list.
        var nodes = Nodes(description).ToList();
        Assert.Contains(nodes, n => n["type"]?.GetValue<string>() == "heading" && Text(n).Contains("ESCALATION: Checkout fails for EU cards"));
        Assert.Contains(nodes, n => n["type"]?.GetValue<string>() == "paragraph" && Text(n).Contains("declined with error 3DS-17"));
        Assert.Contains(nodes, n => n["type"]?.GetValue<string>() == "orderedList" && Text(n).Contains("4000 0027 6000 3184"));
        Assert.Contains(nodes, n => n["marks"] is JsonArray marks && marks.Any(m => m?["attrs"]?["href"]?.GetValue<string>() == $"https://desk.acme.example/escalations/{id}"));
        Assert.DoesNotContain(nodes, n => n["type"]?.GetValue<string>() == "text" && n["text"]!.GetValue<string>().Length == 0);

        var issue = Assert.Single((await _host.Trackers.GetAsync(id))!.Issues);
        Assert.Equal(("ENG-101", _host.Jira.BrowseUrl("ENG-101"), "To Do", false), (issue.Key, issue.Url, issue.Status, issue.Done));
        // Under Related bugs in the brief, with its link and status.
        var brief = BriefMarkdown.Render((await _host.Get<BriefService>().LoadAsync(id))!);
        Assert.Contains($"Related bug or feature request: [ENG-101]({_host.Jira.BrowseUrl("ENG-101")}) — ESC-{id}: Checkout fails for EU cards (Jira, status: To Do)", brief);
        Assert.Equal((1, 1, 0), await _host.CountsAsync(id));
    }

    [Fact]
    public async Task The_brief_PDF_shows_the_linked_issue_and_its_status_and_is_made_again_when_the_status_changes()
    {
        var id = await _host.AddEscalationAsync();
        var issue = _host.Jira.Add("3DS challenge times out", "In Review", "indeterminate");
        Assert.True((await _host.Trackers.LinkAsync(id, _host.Jira.BrowseUrl(issue.Key))).Ok);

        var before = PdfText((await _host.Get<BriefService>().PdfAsync(id))!.Data);
        _host.Jira.Transition(issue.Key, "Released", "done");
        Assert.True((await _host.Trackers.RefreshAsync(id)).Ok);
        var after = PdfText((await _host.Get<BriefService>().PdfAsync(id))!.Data);

        Assert.Contains(issue.Key, before);
        Assert.Contains("In Review", before);
        // The cached PDF is keyed by the text, so the new status is not hidden behind the old copy.
        Assert.Contains("Released", after);
        Assert.DoesNotContain("In Review", after);
    }

    private static string PdfText(byte[] data)
    {
        using var pdf = UglyToad.PdfPig.PdfDocument.Open(data);
        return string.Join(" ", pdf.GetPages().SelectMany(p => p.GetWords()).Select(w => w.Text));
    }

    [Fact]
    public async Task Create_issue_in_GitHub_sends_the_brief_as_Markdown()
    {
        var id = await _host.AddEscalationAsync(targets: "Product");

        var result = await _host.Trackers.CreateAsync(id, TrackerSystem.GitHub, "http://localhost/");

        Assert.True(result.Ok, result.Message);
        var sent = Assert.Single(_host.GitHub.Created);
        Assert.Equal($"ESC-{id}: Checkout fails for EU cards", sent["title"]!.GetValue<string>());
        var body = sent["body"]!.GetValue<string>();
        Assert.StartsWith("## ESCALATION: Checkout fails for EU cards\n", body);
        Assert.Contains("### Issue Description\nEvery card payment from the EU is declined with error 3DS-17", body);
        Assert.Contains($"[ESC-{id}](https://desk.acme.example/escalations/{id})", body);
        var issue = Assert.Single((await _host.Trackers.GetAsync(id))!.Issues);
        Assert.Equal(("acme/shop#1347", _host.GitHub.HtmlUrl(1347), "Open"), (issue.Key, issue.Url, issue.Status));
    }

    [Fact]
    public async Task A_brief_longer_than_Jira_takes_is_cut_and_keeps_its_link_back()
    {
        var id = await EscalationRows.AddAsync(_host.Db, DateTime.UtcNow, "Huge log pasted", owner: _host.Owner.Name, change: e =>
        {
            e.OwnerId = _host.Owner.Id;
            e.Content.Understand.WhatsBroken = string.Concat(Enumerable.Repeat("Timeout in payment worker. ", 2_000));
        });

        var result = await _host.Trackers.CreateAsync(id, TrackerSystem.Jira, "http://localhost/");

        Assert.True(result.Ok, result.Message);
        var text = Text(Assert.Single(_host.Jira.Created)["fields"]!["description"]!);
        Assert.True(text.Length <= 32_767, $"{text.Length} characters");
        Assert.Contains("the full brief is in EscalationDesk", text);
        Assert.EndsWith($"ESC-{id}", text);
    }

    [Fact]
    public async Task A_second_Create_issue_in_the_same_tracker_is_refused_and_makes_nothing()
    {
        var id = await _host.AddEscalationAsync();
        Assert.True((await _host.Trackers.CreateAsync(id, TrackerSystem.Jira, "http://localhost/")).Ok);

        var again = await _host.Trackers.CreateAsync(id, TrackerSystem.Jira, "http://localhost/");

        Assert.False(again.Ok);
        Assert.Equal("ENG-101 was already created in Jira for this escalation: refresh its status, or link another issue by URL.", again.Message);
        Assert.Single(_host.Jira.Created);
    }

    [Fact]
    public async Task Existing_issues_are_linked_by_their_Jira_browse_URL_and_GitHub_issue_URL()
    {
        var id = await _host.AddEscalationAsync();
        var jira = _host.Jira.Add("3DS challenge times out", "In Review", "indeterminate");
        var github = _host.GitHub.Add("Card form rejects EU postcodes");

        var byJira = await _host.Trackers.LinkAsync(id, _host.Jira.BrowseUrl(jira.Key));
        var byGitHub = await _host.Trackers.LinkAsync(id, _host.GitHub.HtmlUrl(github.Number));

        Assert.True(byJira.Ok, byJira.Message);
        Assert.Equal($"Linked {jira.Key} (In Review).", byJira.Message);
        Assert.True(byGitHub.Ok, byGitHub.Message);
        var issues = (await _host.Trackers.GetAsync(id))!.Issues;
        Assert.Equal([(jira.Key, "3DS challenge times out", "In Review"), ($"acme/shop#{github.Number}", "Card form rejects EU postcodes", "Open")],
            issues.Select(i => (i.Key, i.Title, i.Status)));
        // The queue shows them beside the escalation's status.
        var chips = await _host.Trackers.ForEscalationsAsync([id]);
        Assert.Equal(2, chips[id].Count);
        Assert.Empty(_host.Jira.Created);
    }

    [Theory]
    [InlineData("not a url", "Paste the issue's URL, like")]
    [InlineData("https://other.atlassian.net/browse/ENG-5", "Paste the issue's URL, like")]
    [InlineData("https://gitlab.com/acme/shop/-/issues/12", "Paste the issue's URL, like")]
    public async Task A_URL_that_is_not_an_issue_of_a_configured_tracker_is_refused_in_one_line(string input, string start)
    {
        var id = await _host.AddEscalationAsync();

        var result = await _host.Trackers.LinkAsync(id, input);

        Assert.False(result.Ok);
        Assert.StartsWith(start, result.Message);
        Assert.DoesNotContain('\n', result.Message);
        Assert.Equal((0, 0, 0), await _host.CountsAsync(id));
    }

    [Fact]
    public async Task Linking_an_issue_that_does_not_exist_says_so_and_links_nothing()
    {
        var id = await _host.AddEscalationAsync();

        var result = await _host.Trackers.LinkAsync(id, _host.Jira.BrowseUrl("ENG-999"));

        Assert.False(result.Ok);
        Assert.Equal("Jira found no issue ENG-999 (404 Not Found): check it and the project and base URL.", result.Message);
        Assert.Equal((0, 0, 0), await _host.CountsAsync(id));
    }

    [Fact]
    public async Task Only_escalations_to_Engineering_or_Product_that_are_escalated_take_issues()
    {
        var security = await _host.AddEscalationAsync(targets: "L2 Support");
        var draft = await _host.AddEscalationAsync(status: EscalationDesk.Features.Judgment.EscalationStatus.Draft);

        var toL2 = await _host.Trackers.CreateAsync(security, TrackerSystem.Jira, "http://localhost/");
        var fromDraft = await _host.Trackers.CreateAsync(draft, TrackerSystem.GitHub, "http://localhost/");

        Assert.Equal("Issues are for escalations to Engineering or Product.", toL2.Message);
        Assert.Equal("Escalate it first, then create or link its issue.", fromDraft.Message);
        Assert.Empty(_host.Jira.Created);
        Assert.Empty(_host.GitHub.Created);
    }

    [Fact]
    public async Task A_tracker_that_is_not_configured_is_not_offered()
    {
        await using var host = await TrackerTestHost.StartAsync(jira: false, github: false);
        var id = await host.AddEscalationAsync();

        var panel = (await host.Trackers.GetAsync(id))!;

        Assert.Empty(panel.Systems);
        Assert.Equal("Jira is not configured.", (await host.Trackers.CreateAsync(id, TrackerSystem.Jira, "http://localhost/")).Message);
    }

    private static IEnumerable<JsonNode> Nodes(JsonNode node)
    {
        yield return node;
        foreach (var child in node["content"]?.AsArray() ?? [])
            if (child is not null) foreach (var n in Nodes(child)) yield return n;
    }

    private static string Text(JsonNode node) => string.Concat(Nodes(node).Select(n => n["text"]?.GetValue<string>() ?? ""));
}

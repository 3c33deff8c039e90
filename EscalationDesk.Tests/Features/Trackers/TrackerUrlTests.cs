using EscalationDesk.Features.Trackers;

namespace EscalationDesk.Tests.Features.Trackers;

// Which pasted URLs name an issue of the configured tracker.
public sealed class TrackerUrlTests
{
    private static readonly TrackerConfig GitHubCom = new(TrackerSystem.GitHub, new Uri("https://api.github.com/"), "", "t", "acme/shop", "");

    [Theory]
    [InlineData("https://github.com/acme/shop/issues/123", "acme/shop#123")]
    [InlineData("https://github.com/acme/other/pull/7#issuecomment-1", "acme/other#7")]
    [InlineData("https://api.github.com/repos/acme/shop/issues/123", "acme/shop#123")]
    [InlineData("https://gitlab.com/acme/shop/issues/123", null)]
    [InlineData("https://github.com/acme/shop/issues/new", null)]
    [InlineData("https://github.com/acme/shop", null)]
    public void GitHub_issue_URLs_on_github_com(string url, string? key) => Assert.Equal(key, GitHubTracker.KeyOf(GitHubCom, url));

    [Theory]
    [InlineData("https://acme.atlassian.net/browse/ENG-123", "ENG-123")]
    [InlineData("https://acme.atlassian.net/jira/software/projects/ENG/boards/1?selectedIssue=ENG-9", "ENG-9")]
    [InlineData("https://acme.atlassian.net/jira/software/projects/ENG/issues/ENG-42", "ENG-42")]
    [InlineData("OPS_2-7", "OPS_2-7")]
    [InlineData("eng-123", null)]
    [InlineData("https://acme.atlassian.net/browse/ENG-0", null)]
    public void Jira_issue_URLs_and_keys(string input, string? key) => Assert.Equal(key, JiraTracker.KeyOf(input));
}

namespace EscalationDesk.Features.Trackers;

// Connectors:Jira and Connectors:GitHub in configuration (the timeouts and retries are the helpdesks', Connectors:*).
// A tracker without its base URL, secret and project or repository is not configured, and nothing of it is shown.
public sealed class TrackerOptions
{
    public JiraSettings Jira { get; set; } = new();
    public GitHubSettings GitHub { get; set; } = new();
    // Trackers:PollSeconds: how often linked issues are read again.
    public double PollSeconds { get; set; } = 300;

    public static TrackerOptions From(IConfiguration configuration)
    {
        var options = new TrackerOptions();
        configuration.GetSection("Connectors:Jira").Bind(options.Jira);
        configuration.GetSection("Connectors:GitHub").Bind(options.GitHub);
        options.PollSeconds = configuration.GetValue("Trackers:PollSeconds", options.PollSeconds);
        return options;
    }

    public IReadOnlyList<TrackerConfig> Configured()
    {
        var list = new List<TrackerConfig>();
        if (Parse(Jira.BaseUrl) is { } jira && Jira.ApiToken.Trim().Length > 0 && Jira.Project.Trim().Length > 0)
            list.Add(new TrackerConfig(TrackerSystem.Jira, jira, Jira.Email.Trim(), Jira.ApiToken.Trim(), Jira.Project.Trim(), Jira.IssueType.Trim()));
        if (Parse(GitHub.BaseUrl) is { } github && GitHub.Token.Trim().Length > 0 && GitHub.Repository.Trim().Trim('/').Split('/') is [{ Length: > 0 }, { Length: > 0 }])
            list.Add(new TrackerConfig(TrackerSystem.GitHub, github, "", GitHub.Token.Trim(), GitHub.Repository.Trim().Trim('/'), ""));
        return list;
    }

    // Relative API paths resolve under the base URL, so it ends in "/".
    private static Uri? Parse(string value) =>
        Uri.TryCreate(value.Trim(), UriKind.Absolute, out var url) && url.Scheme is "http" or "https"
            ? (url.AbsoluteUri.EndsWith('/') ? url : new Uri(url.AbsoluteUri + "/"))
            : null;
}

public sealed class JiraSettings
{
    public string BaseUrl { get; set; } = "";
    public string Email { get; set; } = "";
    public string ApiToken { get; set; } = "";
    // The project key new issues go to, like "ENG".
    public string Project { get; set; } = "";
    public string IssueType { get; set; } = "Bug";
}

public sealed class GitHubSettings
{
    public string BaseUrl { get; set; } = "https://api.github.com";
    public string Token { get; set; } = "";
    // "owner/repo".
    public string Repository { get; set; } = "";
}

// One tracker's effective settings. Project: Jira's project key, or GitHub's "owner/repo".
public sealed record TrackerConfig(TrackerSystem System, Uri BaseUrl, string Email, string Secret, string Project, string IssueType)
{
    public string Name => System.ToString();
}

// An issue as the tracker answered it.
public sealed record TrackerIssueState(string Key, string Url, string Title, string Status, bool Done, string ETag);

// A failure of a tracker, said in one line for the person who asked.
public sealed class TrackerException(string message) : Exception(message);

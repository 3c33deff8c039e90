using System.Text.Json.Nodes;

namespace EscalationDesk.Features.Trackers;

// GitHub's REST API: create an issue (Markdown body) and read one, conditionally: the last answer's ETag goes back as
// If-None-Match, and an unchanged issue answers 304 (which does not count against the rate limit). Closed as completed
// is done; closed as not planned or a duplicate is shown as closed but is not a fix to tell the customer about.
// https://docs.github.com/en/rest/issues/issues
public sealed class GitHubTracker(TrackerHttp http)
{
    public async Task<TrackerIssueState> CreateAsync(TrackerConfig config, string title, string markdown, CancellationToken ct)
    {
        var body = new JsonObject { ["title"] = title, ["body"] = markdown };
        var answer = await http.SendAsync(config, HttpMethod.Post, $"repos/{config.Project}/issues", body, $"the new issue in {config.Project}", ct);
        return State(config.Project, answer) ?? throw new TrackerException("GitHub's answer to the new issue has no issue number: look in GitHub before trying again.");
    }

    // Null when the issue is unchanged since etag.
    public async Task<TrackerIssueState?> ReadAsync(TrackerConfig config, string key, string etag, CancellationToken ct)
    {
        var (repository, number) = Split(key);
        var answer = await http.SendAsync(config, HttpMethod.Get, $"repos/{repository}/issues/{number}", null, $"issue {key}", ct, etag);
        if (answer.NotModified) return null;
        return State(repository, answer) ?? throw new TrackerException($"GitHub's answer for issue {key} has no issue number.");
    }

    private static TrackerIssueState? State(string repository, TrackerAnswer answer)
    {
        var issue = answer.Json;
        if (issue?["number"]?.GetValue<long>() is not long number) return null;
        var state = issue["state"]?.GetValue<string>() ?? "";
        var reason = issue["state_reason"]?.GetValue<string>();
        var done = state == "closed" && reason is not ("not_planned" or "duplicate");
        var status = state == "closed" ? reason switch { "not_planned" => "Closed (not planned)", "duplicate" => "Closed (duplicate)", _ => "Closed" } : "Open";
        // The page link is shown as an href: only an http(s) URL is kept, else the issue's page on the configured host is not guessed.
        var html = issue["html_url"]?.GetValue<string>() ?? "";
        var url = Uri.TryCreate(html, UriKind.Absolute, out var u) && u.Scheme is "http" or "https" ? u.AbsoluteUri : "";
        return new TrackerIssueState($"{repository}#{number}", url, issue["title"]?.GetValue<string>() ?? "",
            status, done, answer.ETag);
    }

    // The token's user and the repository new issues go to: "ana-agent, repository acme/shop".
    public async Task<string> WhoAmIAsync(TrackerConfig config, CancellationToken ct)
    {
        var me = (await http.SendAsync(config, HttpMethod.Get, "user", null, "the signed-in user", ct)).Json;
        var repository = (await http.SendAsync(config, HttpMethod.Get, $"repos/{config.Project}", null, $"repository {config.Project}", ct)).Json;
        return $"{me?["login"]?.GetValue<string>()}, repository {repository?["full_name"]?.GetValue<string>() ?? config.Project}";
    }

    public static (string Repository, long Number) Split(string key)
    {
        var at = key.LastIndexOf('#');
        return (key[..at], long.Parse(key[(at + 1)..], System.Globalization.CultureInfo.InvariantCulture));
    }

    // https://github.com/owner/repo/issues/123 (or /pull/123), or the API's …/repos/owner/repo/issues/123. The page's host
    // must be the one this API serves: github.com for api.github.com, else the API's own host (GitHub Enterprise Server).
    public static string? KeyOf(TrackerConfig config, string input)
    {
        if (!Uri.TryCreate(input.Trim(), UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https")) return null;
        var apiHost = config.BaseUrl.Host;
        var webHost = string.Equals(apiHost, "api.github.com", StringComparison.OrdinalIgnoreCase) ? "github.com" : apiHost;
        if (!string.Equals(url.Host, webHost, StringComparison.OrdinalIgnoreCase) && !string.Equals(url.Host, apiHost, StringComparison.OrdinalIgnoreCase)) return null;
        var parts = url.AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries).ToList();
        var at = parts.FindLastIndex(p => p is "issues" or "pull");
        if (at < 2 || at + 1 >= parts.Count || !long.TryParse(parts[at + 1], out var number) || number <= 0) return null;
        return $"{parts[at - 2]}/{parts[at - 1]}#{number}";
    }
}

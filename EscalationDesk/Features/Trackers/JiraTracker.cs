using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace EscalationDesk.Features.Trackers;

// Jira Cloud REST API v3: create an issue (description in Atlassian Document Format) and read one's summary and status;
// an issue is done when its status is in the "done" category, whatever the workflow calls it.
// https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-issues/
public sealed partial class JiraTracker(TrackerHttp http)
{
    public async Task<string> CreateAsync(TrackerConfig config, string title, string markdown, CancellationToken ct)
    {
        var body = new JsonObject
        {
            ["fields"] = new JsonObject
            {
                ["project"] = new JsonObject { ["key"] = config.Project },
                ["summary"] = title,
                ["issuetype"] = new JsonObject { ["name"] = config.IssueType.Length > 0 ? config.IssueType : "Bug" },
                ["description"] = JiraDocument.FromMarkdown(markdown),
            },
        };
        var answer = await http.SendAsync(config, HttpMethod.Post, "rest/api/3/issue", body, $"the new issue in project {config.Project}", ct);
        return answer.Json?["key"]?.GetValue<string>() is { } key && IsKey(key)
            ? key
            : throw new TrackerException("Jira's answer to the new issue has no issue key: look in Jira before trying again.");
    }

    public async Task<TrackerIssueState> ReadAsync(TrackerConfig config, string key, CancellationToken ct)
    {
        var answer = await http.SendAsync(config, HttpMethod.Get, $"rest/api/3/issue/{Uri.EscapeDataString(key)}?fields=status,summary,updated", null, $"issue {key}", ct);
        var fields = answer.Json?["fields"] ?? throw new TrackerException($"Jira's answer for issue {key} has no fields.");
        var status = fields["status"];
        var actualKey = answer.Json?["key"]?.GetValue<string>() ?? key;   // a moved issue answers with its new key
        return new TrackerIssueState(actualKey, IssueUrl(config, actualKey), fields["summary"]?.GetValue<string>() ?? "",
            status?["name"]?.GetValue<string>() ?? "", status?["statusCategory"]?["key"]?.GetValue<string>() == "done",
            fields["updated"]?.GetValue<string>() ?? "");
    }

    // The signed-in user and the project new issues go to: "Ana Agent <ana@acme.example>, project ENG (Engineering)".
    public async Task<string> WhoAmIAsync(TrackerConfig config, CancellationToken ct)
    {
        var me = (await http.SendAsync(config, HttpMethod.Get, "rest/api/3/myself", null, "the signed-in user", ct)).Json;
        var project = (await http.SendAsync(config, HttpMethod.Get, $"rest/api/3/project/{Uri.EscapeDataString(config.Project)}", null, $"project {config.Project}", ct)).Json;
        var name = me?["displayName"]?.GetValue<string>() ?? "";
        var email = me?["emailAddress"]?.GetValue<string>() ?? "";
        return $"{(email.Length > 0 ? $"{name} <{email}>" : name)}, project {config.Project} ({project?["name"]?.GetValue<string>()})";
    }

    public static string IssueUrl(TrackerConfig config, string key) => new Uri(config.BaseUrl, $"browse/{key}").ToString();

    // …/browse/ENG-123, …/projects/ENG/issues/ENG-123, …?selectedIssue=ENG-123, or the key alone.
    public static string? KeyOf(string input)
    {
        var text = input.Trim();
        if (IsKey(text)) return text;
        if (!Uri.TryCreate(text, UriKind.Absolute, out var url)) return null;
        var selected = System.Web.HttpUtility.ParseQueryString(url.Query)["selectedIssue"];
        if (selected is not null && IsKey(selected)) return selected;
        var last = url.AbsolutePath.TrimEnd('/').Split('/').LastOrDefault() ?? "";
        return IsKey(last) ? last : null;
    }

    public static bool IsKey(string text) => Key().IsMatch(text);

    [GeneratedRegex("^[A-Z][A-Z0-9_]{0,49}-[1-9][0-9]{0,14}$")]
    private static partial Regex Key();
}

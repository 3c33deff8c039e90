using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace EscalationDesk.Tests.Infrastructure;

// GitHub's REST API as documented: Create an issue (POST /repos/{owner}/{repo}/issues, 201 with the issue), Get an issue
// (number, title, state "open"/"closed", state_reason, html_url) with an ETag, and conditional requests: If-None-Match
// with the current ETag answers 304 Not Modified with no body. Bearer token auth; error bodies {"message", "documentation_url"}.
public sealed class FakeGitHub : FakeHelpdesk
{
    public const string Token = "github_pat_11AAAAAAA0fakeTokenForTests";
    public const string Owner = "acme", Repo = "shop";
    public const string Repository = $"{Owner}/{Repo}";

    public sealed class Issue
    {
        public required long Number { get; init; }
        public string Title { get; set; } = "";
        public string Body { get; set; } = "";
        public string State { get; set; } = "open";
        public string? StateReason { get; set; }
        public DateTime UpdatedAt { get; set; } = DateTime.UtcNow;
    }

    public ConcurrentDictionary<long, Issue> Issues { get; } = new();
    public ConcurrentQueue<JsonNode> Created { get; } = new();
    public int NotModifiedAnswers => _notModified;

    private int _next = 1346, _notModified;

    // As GitHub Enterprise Server answers: the pages on the API's own host (github.com serves them for api.github.com).
    public string HtmlUrl(long number) => $"{BaseUrl}/{Repository}/issues/{number}";

    public static async Task<FakeGitHub> StartNewAsync()
    {
        var fake = new FakeGitHub();
        await fake.StartAsync();
        return fake;
    }

    public Issue Add(string title)
    {
        var issue = new Issue { Number = Interlocked.Increment(ref _next), Title = title };
        Issues[issue.Number] = issue;
        return issue;
    }

    public void Close(long number, string reason = "completed")
    {
        Issues[number].State = "closed";
        Issues[number].StateReason = reason;
        Issues[number].UpdatedAt = DateTime.UtcNow;
    }

    protected override bool Authorized(HttpRequest request) =>
        request.Headers.Authorization.ToString() is $"Bearer {Token}" or $"token {Token}";

    protected override IResult Unauthorized() => JsonAnswer(new { message = "Bad credentials", documentation_url = "https://docs.github.com/rest", status = "401" }, 401);

    public override IResult Error(int status) => status switch
    {
        403 => JsonAnswer(new { message = "Resource not accessible by personal access token", documentation_url = "https://docs.github.com/rest/issues/issues#create-an-issue", status = "403" }, 403),
        404 => JsonAnswer(new { message = "Not Found", documentation_url = "https://docs.github.com/rest/issues/issues#get-an-issue", status = "404" }, 404),
        429 => JsonAnswer(new { message = "API rate limit exceeded for user ID 1.", documentation_url = "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api", status = "429" }, 429),
        _ => Results.Text("<html><body>Unicorn! This page is taking too long to load.</body></html>", "text/html", statusCode: status),
    };

    private string ETag(Issue i) =>
        $"W/\"{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{i.Number}|{i.Title}|{i.State}|{i.StateReason}|{i.UpdatedAt:O}")))[..32]}\"";

    private object Json(Issue i) => new
    {
        id = 1_000_000 + i.Number, node_id = $"I_kwDO{i.Number}", url = $"{BaseUrl}/repos/{Repository}/issues/{i.Number}",
        repository_url = $"{BaseUrl}/repos/{Repository}", html_url = HtmlUrl(i.Number), number = i.Number, state = i.State, state_reason = i.StateReason,
        title = i.Title, body = i.Body, user = new { login = "ana-agent", id = 1 }, labels = Array.Empty<object>(), locked = false, comments = 0,
        closed_at = i.State == "closed" ? i.UpdatedAt : (DateTime?)null, created_at = i.UpdatedAt, updated_at = i.UpdatedAt,
    };

    protected override void Map(WebApplication app)
    {
        app.MapGet("/user", () => JsonAnswer(new { login = "ana-agent", id = 1, type = "User", html_url = $"{BaseUrl}/ana-agent" }));
        app.MapGet("/repos/{owner}/{repo}", (string owner, string repo) => $"{owner}/{repo}" == Repository
            ? JsonAnswer(new { id = 1296269, name = Repo, full_name = Repository, @private = true, html_url = $"{BaseUrl}/{Repository}", has_issues = true })
            : Error(404));
        app.MapPost("/repos/{owner}/{repo}/issues", async (string owner, string repo, HttpRequest request, HttpResponse response) =>
        {
            var body = await JsonNode.ParseAsync(request.Body);
            Created.Enqueue(body!);
            if ($"{owner}/{repo}" != Repository) return Error(404);
            if (body?["title"]?.GetValue<string>() is not { Length: > 0 } title)
                return JsonAnswer(new { message = "Validation Failed", errors = new[] { new { resource = "Issue", code = "missing_field", field = "title" } }, documentation_url = "https://docs.github.com/rest/issues/issues#create-an-issue", status = "422" }, 422);
            var issue = Add(title);
            issue.Body = body["body"]?.GetValue<string>() ?? "";
            response.Headers.ETag = ETag(issue);
            response.Headers.Location = $"{BaseUrl}/repos/{Repository}/issues/{issue.Number}";
            return JsonAnswer(Json(issue), 201);
        });
        app.MapGet("/repos/{owner}/{repo}/issues/{number:long}", (string owner, string repo, long number, HttpRequest request, HttpResponse response) =>
        {
            if ($"{owner}/{repo}" != Repository || !Issues.TryGetValue(number, out var issue)) return Error(404);
            var etag = ETag(issue);
            response.Headers.ETag = etag;
            if (request.Headers.IfNoneMatch.ToString() == etag)
            {
                Interlocked.Increment(ref _notModified);
                return Results.StatusCode(304);
            }
            return JsonAnswer(Json(issue));
        });
    }
}

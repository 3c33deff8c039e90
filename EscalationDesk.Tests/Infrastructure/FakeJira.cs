using System.Collections.Concurrent;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace EscalationDesk.Tests.Infrastructure;

// Jira Cloud REST API v3 as Atlassian documents it: Create issue (POST /rest/api/3/issue, 201 {"id","key","self"}, a
// description that must be an Atlassian Document Format "doc"), Get issue (GET /rest/api/3/issue/{key}?fields=… with
// fields.summary, fields.updated and fields.status.statusCategory.key: "new", "indeterminate" or "done"), basic auth with
// email and API token, and its error bodies ({"errorMessages":[…],"errors":{…}}).
public sealed class FakeJira : FakeHelpdesk
{
    public const string Email = "ana@acme.example";
    public const string Token = "ATATT3xFfGF0T4aBcDeFgHiJkLmNoPqRsTuVwXyZ";
    public const string Project = "ENG";

    public sealed class Issue
    {
        public required string Id { get; init; }
        public required string Key { get; init; }
        public string Summary { get; set; } = "";
        public string Status { get; set; } = "To Do";
        public string Category { get; set; } = "new";
        public DateTime Updated { get; set; } = DateTime.UtcNow;
        public JsonNode? Description { get; set; }
    }

    public ConcurrentDictionary<string, Issue> Issues { get; } = new();

    // The bodies of every create request that reached the route, as sent.
    public ConcurrentQueue<JsonNode> Created { get; } = new();

    private int _next = 1;

    public string BrowseUrl(string key) => $"{BaseUrl}/browse/{key}";

    public static async Task<FakeJira> StartNewAsync()
    {
        var fake = new FakeJira();
        await fake.StartAsync();
        return fake;
    }

    public Issue Add(string summary, string status = "In Progress", string category = "indeterminate")
    {
        var n = Interlocked.Increment(ref _next) + 99;
        var issue = new Issue { Id = $"{10000 + n}", Key = $"{Project}-{n}", Summary = summary, Status = status, Category = category };
        Issues[issue.Key] = issue;
        return issue;
    }

    public void Transition(string key, string status, string category)
    {
        var issue = Issues[key];
        issue.Status = status;
        issue.Category = category;
        issue.Updated = DateTime.UtcNow;
    }

    protected override bool Authorized(HttpRequest request) =>
        request.Headers.Authorization.ToString() == "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{Email}:{Token}"));

    protected override IResult Unauthorized() => Errors(401, "You are not authenticated. Authentication required to perform this operation.");

    public override IResult Error(int status) => status switch
    {
        403 => Errors(403, "You do not have permission to create issues in this project."),
        404 => Errors(404, "Issue does not exist or you do not have permission to see it."),
        429 => Results.Text("Rate limit exceeded.", "text/plain", statusCode: 429),
        _ => Results.Text("<html><body>Service Unavailable</body></html>", "text/html", statusCode: status),
    };

    private static IResult Errors(int status, string message, JsonObject? fields = null) => Json(new JsonObject
    {
        ["errorMessages"] = message.Length > 0 ? new JsonArray(message) : new JsonArray(), ["errors"] = fields ?? new JsonObject(),
    }, status);

    private static IResult Json(JsonNode node, int status = 200) => Results.Text(node.ToJsonString(), "application/json;charset=UTF-8", statusCode: status);

    protected override void Map(WebApplication app)
    {
        app.MapPost("/rest/api/3/issue", async (HttpRequest request) =>
        {
            var body = await JsonNode.ParseAsync(request.Body);
            Created.Enqueue(body!);
            var fields = body?["fields"];
            if (fields?["project"]?["key"]?.GetValue<string>() != Project)
                return Errors(400, "", new JsonObject { ["project"] = "valid project is required" });
            if (fields["issuetype"]?["name"] is null) return Errors(400, "", new JsonObject { ["issuetype"] = "Specify an issue type" });
            if (fields["summary"]?.GetValue<string>() is not { Length: > 0 and <= 255 } summary)
                return Errors(400, "", new JsonObject { ["summary"] = "Summary must be less than 255 characters." });
            // v3 takes only an ADF document here; a plain string is refused as v2's format.
            if (fields["description"] is { } d && (d["type"]?.GetValue<string>() != "doc" || d["version"]?.GetValue<int>() != 1))
                return Errors(400, "", new JsonObject { ["description"] = "Operation value must be an Atlassian Document (see the Atlassian Document Format)." });
            var issue = Add(summary, "To Do", "new");
            issue.Description = fields["description"]?.DeepClone();
            return Json(new JsonObject { ["id"] = issue.Id, ["key"] = issue.Key, ["self"] = $"{BaseUrl}/rest/api/3/issue/{issue.Id}" }, 201);
        });
        app.MapGet("/rest/api/3/myself", () => Json(new JsonObject
        {
            ["self"] = $"{BaseUrl}/rest/api/3/user?accountId=5b10a2844c20165700ede21g", ["accountId"] = "5b10a2844c20165700ede21g", ["accountType"] = "atlassian",
            ["emailAddress"] = Email, ["displayName"] = "Ana Agent", ["active"] = true, ["timeZone"] = "Europe/Berlin",
        }));
        app.MapGet("/rest/api/3/project/{key}", (string key) => key == Project
            ? Json(new JsonObject { ["self"] = $"{BaseUrl}/rest/api/3/project/10000", ["id"] = "10000", ["key"] = Project, ["name"] = "Engineering", ["projectTypeKey"] = "software" })
            : Errors(404, $"No project could be found with key '{key}'."));
        app.MapGet("/rest/api/3/issue/{key}", (string key) =>
        {
            var issue = Issues.Values.FirstOrDefault(i => i.Key == key || i.Id == key);
            if (issue is null) return Error(404);
            var (categoryId, color, categoryName) = issue.Category switch
            {
                "done" => (3, "green", "Done"), "indeterminate" => (4, "yellow", "In Progress"), _ => (2, "blue-gray", "To Do"),
            };
            return Json(new JsonObject
            {
                ["expand"] = "renderedFields,names,schema,operations,editmeta,changelog,versionedRepresentations",
                ["id"] = issue.Id, ["self"] = $"{BaseUrl}/rest/api/3/issue/{issue.Id}", ["key"] = issue.Key,
                ["fields"] = new JsonObject
                {
                    ["summary"] = issue.Summary,
                    ["updated"] = issue.Updated.ToString("yyyy-MM-dd'T'HH:mm:ss.fff") + "+0000",
                    ["status"] = new JsonObject
                    {
                        ["self"] = $"{BaseUrl}/rest/api/3/status/{categoryId}", ["description"] = "", ["iconUrl"] = $"{BaseUrl}/", ["name"] = issue.Status, ["id"] = $"{categoryId}",
                        ["statusCategory"] = new JsonObject
                        {
                            ["self"] = $"{BaseUrl}/rest/api/3/statuscategory/{categoryId}", ["id"] = categoryId, ["key"] = issue.Category, ["colorName"] = color, ["name"] = categoryName,
                        },
                    },
                },
            });
        });
    }
}

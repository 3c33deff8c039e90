using EscalationDesk.Features.Trackers;
using EscalationDesk.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;

namespace EscalationDesk.Tests.Features.Trackers;

// Every failure of Create issue gives one line naming its kind and leaves nothing written: no link, no timeline entry.
// Transient answers are retried (a GET on 5xx; a POST only on 429 and 503, which say nothing was made).
public sealed class TrackerFailureTests : IAsyncLifetime
{
    private TrackerTestHost _host = default!;

    public async Task InitializeAsync() => _host = await TrackerTestHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private const string JiraCreate = "/rest/api/3/issue";
    private const string GitHubCreate = $"/repos/{FakeGitHub.Repository}/issues";

    public static TheoryData<string, int, string> Refusals => new()
    {
        { "Jira", 401, "Jira refused the credentials (401 Unauthorized): check the email and API token." },
        { "Jira", 403, "Jira denied access (403 Forbidden) to the new issue in project ENG: the account may not use it." },
        { "Jira", 404, "Jira found no the new issue in project ENG (404 Not Found): check it and the project and base URL." },
        { "Jira", 500, "Jira failed (500 Internal Server Error) after retries: try again later." },
        { "GitHub", 401, "GitHub refused the credentials (401 Unauthorized): check the token." },
        { "GitHub", 403, "GitHub denied access (403 Forbidden) to the new issue in acme/shop: the account may not use it." },
        { "GitHub", 404, "GitHub found no the new issue in acme/shop (404 Not Found): check it and the repository and base URL." },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task A_refused_create_says_why_in_one_line_and_writes_nothing(string system, int status, string message)
    {
        var id = await _host.AddEscalationAsync();
        var tracker = Enum.Parse<TrackerSystem>(system);
        Fake(tracker).Fail(tracker == TrackerSystem.Jira ? JiraCreate : GitHubCreate, status, times: 5);

        var result = await _host.Trackers.CreateAsync(id, tracker, "http://localhost/");

        Assert.False(result.Ok);
        Assert.Equal(message, result.Message);
        Assert.DoesNotContain('\n', result.Message);
        Assert.Equal((0, 0, 0), await _host.CountsAsync(id));
        // A POST is not repeated after a 500: the issue may have been made.
        Assert.Single(Fake(tracker).Requests, r => r.StartsWith(tracker == TrackerSystem.Jira ? JiraCreate : GitHubCreate, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Jira_refusing_the_fields_says_which_in_one_line()
    {
        await using var host = await TrackerTestHost.StartAsync(settings: new() { ["Connectors:Jira:Project"] = "OPS" });
        var id = await host.AddEscalationAsync();

        var result = await host.Trackers.CreateAsync(id, TrackerSystem.Jira, "http://localhost/");

        Assert.Equal("Jira refused the new issue in project OPS (400 Bad Request): project: valid project is required.", result.Message);
        Assert.Equal((0, 0, 0), await host.CountsAsync(id));
    }

    [Fact]
    public async Task A_503_on_create_is_retried_and_makes_one_issue()
    {
        var id = await _host.AddEscalationAsync();
        _host.GitHub.Fail(GitHubCreate, 503);

        var result = await _host.Trackers.CreateAsync(id, TrackerSystem.GitHub, "http://localhost/");

        Assert.True(result.Ok, result.Message);
        Assert.Single(_host.GitHub.Issues);
        Assert.Equal(2, _host.GitHub.Requests.Count(r => r == GitHubCreate));
        Assert.Equal((1, 1, 0), await _host.CountsAsync(id));
    }

    [Fact]
    public async Task A_429_with_a_short_Retry_After_is_waited_for()
    {
        var id = await _host.AddEscalationAsync();
        _host.Jira.TooManyRequests(JiraCreate, retryAfterSeconds: 1);

        var result = await _host.Trackers.CreateAsync(id, TrackerSystem.Jira, "http://localhost/");

        Assert.True(result.Ok, result.Message);
        var (first, second) = (_host.Jira.TimedRequests[0].At, _host.Jira.TimedRequests[1].At);
        Assert.True(second - first >= TimeSpan.FromSeconds(0.9), $"retried after {(second - first).TotalSeconds:0.00} s");
        Assert.Single(_host.Jira.Issues);
    }

    [Fact]
    public async Task A_429_with_a_long_Retry_After_fails_at_once_saying_when_to_try_again()
    {
        var id = await _host.AddEscalationAsync();
        _host.GitHub.TooManyRequests(GitHubCreate, retryAfterSeconds: 120);

        var result = await _host.Trackers.CreateAsync(id, TrackerSystem.GitHub, "http://localhost/");

        Assert.False(result.Ok);
        Assert.Equal("GitHub is limiting requests (429 Too Many Requests): try again in 120 s.", result.Message);
        Assert.Empty(_host.GitHub.Issues);
        Assert.Equal((0, 0, 0), await _host.CountsAsync(id));
    }

    [Fact]
    public async Task GitHub_s_spent_rate_limit_403_is_said_as_a_limit()
    {
        var id = await _host.AddEscalationAsync();
        var reset = DateTimeOffset.UtcNow.AddSeconds(300).ToUnixTimeSeconds();
        _host.GitHub.Script(GitHubCreate, context =>
        {
            context.Response.Headers["x-ratelimit-remaining"] = "0";
            context.Response.Headers["x-ratelimit-reset"] = reset.ToString();
            return Task.FromResult(Results.Json(new { message = "API rate limit exceeded for user ID 1.", documentation_url = "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api" }, statusCode: 403));
        });

        var result = await _host.Trackers.CreateAsync(id, TrackerSystem.GitHub, "http://localhost/");

        Assert.StartsWith("GitHub is limiting requests (403 Forbidden): try again in ", result.Message);
        Assert.Equal((0, 0, 0), await _host.CountsAsync(id));
    }

    [Fact]
    public async Task A_slow_tracker_on_create_is_a_timeout_that_says_to_look_before_trying_again()
    {
        var id = await _host.AddEscalationAsync();
        _host.Jira.Slow(JiraCreate, TimeSpan.FromSeconds(20));

        var result = await _host.Trackers.CreateAsync(id, TrackerSystem.Jira, "http://localhost/");

        Assert.False(result.Ok);
        Assert.Equal("Jira did not answer within 2 s (timeout): the issue may have been made there; look in Jira before trying again.", result.Message);
        Assert.Equal((0, 0, 0), await _host.CountsAsync(id));
        Assert.Single(_host.Jira.Requests, r => r == JiraCreate);
    }

    [Fact]
    public async Task A_5xx_on_a_read_is_retried()
    {
        var id = await _host.AddEscalationAsync();
        var issue = _host.Jira.Add("Refunds stuck");
        _host.Jira.Fail($"/rest/api/3/issue/{issue.Key}", 502, times: 2);

        var result = await _host.Trackers.LinkAsync(id, _host.Jira.BrowseUrl(issue.Key));

        Assert.True(result.Ok, result.Message);
        Assert.Equal(3, _host.Jira.Requests.Count(r => r.StartsWith($"/rest/api/3/issue/{issue.Key}", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task An_unreachable_tracker_says_so()
    {
        var id = await _host.AddEscalationAsync();
        var gone = await FakeJira.StartNewAsync();
        var url = gone.BaseUrl;
        await gone.DisposeAsync();
        await using var host = await TrackerTestHost.StartAsync(settings: new() { ["Connectors:Jira:BaseUrl"] = url });
        var other = await host.AddEscalationAsync();

        var result = await host.Trackers.CreateAsync(other, TrackerSystem.Jira, "http://localhost/");

        Assert.False(result.Ok);
        Assert.StartsWith($"Jira is unreachable at {new Uri(url).Authority}: ", result.Message);
        Assert.DoesNotContain('\n', result.Message);
        Assert.Equal((0, 0, 0), await host.CountsAsync(other));
    }

    [Fact]
    public async Task A_tracker_on_a_private_address_is_refused_unless_allowed()
    {
        await using var host = await TrackerTestHost.StartAsync(settings: new() { [EscalationDesk.Features.Tickets.ConnectorAddressRule.AllowSetting] = "false" });
        var id = await host.AddEscalationAsync();

        var result = await host.Trackers.CreateAsync(id, TrackerSystem.GitHub, "http://localhost/");

        Assert.Equal("GitHub at 127.0.0.1 is on a private or loopback address, which is refused (Webhooks:AllowPrivateTargets is off).", result.Message);
        Assert.Empty(host.GitHub.Created);
    }

    private FakeHelpdesk Fake(TrackerSystem system) => system == TrackerSystem.Jira ? _host.Jira : _host.GitHub;
}

// Admin → Connections: Test connection of the configured trackers.
public sealed class TrackerConnectionTests : IAsyncLifetime
{
    private TrackerTestHost _host = default!;

    public async Task InitializeAsync() => _host = await TrackerTestHost.StartAsync(admin: true);

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Test_connection_names_the_user_and_the_project_or_repository()
    {
        Assert.Equal([TrackerSystem.Jira, TrackerSystem.GitHub], _host.Trackers.Connections().Select(c => c.System));

        Assert.Equal("Connected to Jira as Ana Agent <ana@acme.example>, project ENG (Engineering).", (await _host.Trackers.TestAsync(TrackerSystem.Jira)).Message);
        Assert.Equal("Connected to GitHub as ana-agent, repository acme/shop.", (await _host.Trackers.TestAsync(TrackerSystem.GitHub)).Message);
    }

    [Fact]
    public async Task Test_connection_says_what_is_wrong_in_one_line()
    {
        _host.GitHub.Fail("/user", 401);
        await using var other = await TrackerTestHost.StartAsync(admin: true, settings: new() { ["Connectors:Jira:Project"] = "OPS" });

        Assert.Equal("GitHub refused the credentials (401 Unauthorized): check the token.", (await _host.Trackers.TestAsync(TrackerSystem.GitHub)).Message);
        Assert.Equal("Jira found no project OPS (404 Not Found): check it and the project and base URL.", (await other.Trackers.TestAsync(TrackerSystem.Jira)).Message);
    }
}

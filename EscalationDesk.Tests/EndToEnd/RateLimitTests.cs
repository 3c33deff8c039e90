using System.Net;
using System.Text.Json;

namespace EscalationDesk.Tests.EndToEnd;

// The app's limits made small, over real HTTP from one loopback client.
public sealed class RateLimitTests : IAsyncLifetime
{
    private readonly AppServer _server = new(new Dictionary<string, string?>
    {
        ["RateLimits:Export:PermitLimit"] = "3",
        ["RateLimits:SignIn:PermitLimit"] = "2",
    });
    private readonly HttpClient _client;

    public RateLimitTests() => _client = new HttpClient { BaseAddress = new Uri(_server.BaseUrl) };

    [Fact]
    public async Task Exports_share_one_limit_per_client_and_answer_429_with_Retry_After_past_it()
    {
        // Three exports of any kind use up the window.
        Assert.NotEqual(HttpStatusCode.TooManyRequests, (await _client.GetAsync("/queue.csv")).StatusCode);
        Assert.NotEqual(HttpStatusCode.TooManyRequests, (await _client.GetAsync("/escalations/99999/brief.md")).StatusCode);
        Assert.NotEqual(HttpStatusCode.TooManyRequests, (await _client.GetAsync("/escalations/99999/evidence/1")).StatusCode);

        using var refused = await _client.GetAsync("/escalations/99999/brief.pdf");

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        var retryAfter = refused.Headers.RetryAfter!.Delta!.Value;
        Assert.InRange(retryAfter.TotalSeconds, 1, 60);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType!.MediaType);
        using var problem = JsonDocument.Parse(await refused.Content.ReadAsStringAsync());
        Assert.StartsWith("Too many downloads in a short time. Try again in", problem.RootElement.GetProperty("detail").GetString());
        // Pages are not exports.
        Assert.Equal(HttpStatusCode.OK, (await _client.GetAsync("/queue")).StatusCode);
    }

    [Fact]
    public async Task Sign_in_posts_are_limited_per_client_and_opening_the_sign_in_page_is_not()
    {
        for (var i = 0; i < 2; i++)
            Assert.NotEqual(HttpStatusCode.TooManyRequests, (await PostSignInAsync()).StatusCode);

        using var refused = await PostSignInAsync();

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.NotNull(refused.Headers.RetryAfter);
        Assert.Contains("Too many sign-in attempts", await refused.Content.ReadAsStringAsync());
        Assert.NotEqual(HttpStatusCode.TooManyRequests, (await _client.GetAsync("/account/login")).StatusCode);
        Assert.NotEqual(HttpStatusCode.TooManyRequests, (await _client.GetAsync("/queue.csv")).StatusCode);
    }

    // Every spelling that reaches the sign-in page counts towards the one limit (a trailing slash did not: the limit went by path).
    [Fact]
    public async Task Sign_in_posts_by_any_spelling_of_the_address_share_the_one_limit()
    {
        string[] spellings = ["/account/login/", "/ACCOUNT/Login", "/account/login?returnUrl=%2F", "/Account/Login/?x=1"];
        await using var server = new AppServer(new Dictionary<string, string?> { ["RateLimits:SignIn:PermitLimit"] = "2" });
        using var client = server.AnonymousClient();
        foreach (var spelling in spellings)
            Assert.Contains(">Sign in</h1>", await client.GetStringAsync(spelling));

        for (var i = 0; i < 2; i++)
            Assert.NotEqual(HttpStatusCode.TooManyRequests, (await PostSignInAsync(client, "/account/login")).StatusCode);

        foreach (var spelling in spellings)
        {
            using var refused = await PostSignInAsync(client, spelling);
            Assert.True(refused.StatusCode == HttpStatusCode.TooManyRequests, $"{spelling}: {(int)refused.StatusCode}");
            Assert.Contains("Too many sign-in attempts", await refused.Content.ReadAsStringAsync());
        }
    }

    private Task<HttpResponseMessage> PostSignInAsync() => PostSignInAsync(_client, "/account/login");

    private static Task<HttpResponseMessage> PostSignInAsync(HttpClient client, string url) =>
        client.PostAsync(url, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Input.Email"] = "someone@example.com",
            ["Input.Password"] = "wrong",
        }));

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _server.DisposeAsync();
    }
}

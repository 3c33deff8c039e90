using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using EscalationDesk.Data;
using EscalationDesk.Features.Api;
using EscalationDesk.Features.Users;
using EscalationDesk.Tests.EndToEnd;
using EscalationDesk.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace EscalationDesk.Tests.Features.Api;

// One app on a loopback port per test class (on PostgreSQL too), with token clients for fresh users.
public sealed class ApiFixture : IAsyncLifetime
{
    public AppServer Server { get; private set; } = default!;

    public Task InitializeAsync()
    {
        Server = new AppServer(new Dictionary<string, string?> { ["RateLimits:Api:PermitLimit"] = "100000" });
        return Task.CompletedTask;
    }

    public async Task<(TestUser User, HttpClient Client)> UserAsync(string role = Roles.Agent, params string[] scopes)
    {
        var user = await Server.CreateUserAsync(role);
        return (user, await ApiTokens.ClientAsync(Server, user, scopes));
    }

    public async Task<T> DbAsync<T>(Func<EscalationDeskDbContext, Task<T>> read)
    {
        await using var db = await Server.Services.GetRequiredService<IDbContextFactory<EscalationDeskDbContext>>().CreateDbContextAsync();
        return await read(db);
    }

    public Task DisposeAsync()
    {
        Server.Dispose();
        return Task.CompletedTask;
    }
}

// What a client sends and reads: JSON text as written, problem documents, ETags.
public static class Api
{
    public const string Escalations = "/api/v1/escalations";

    // Everything escalating needs (summary, primary target, what's needed, deadline), as a client writes it.
    public const string ReadyFields = """
        {"understand": {"summary": "Checkout fails for EU cards", "whats_broken": "Payments with EU cards fail with 500"},
         "impact": {"severity_signals": ["production-down"]},
         "target": {"signals": ["bug-needs-fix"]},
         "brief": {"whats_needed": "A fix before the weekend", "deadline": "2026-12-20T17:00:00Z"}}
        """;

    public static StringContent Json(string json, string mediaType = "application/json") => new(json, Encoding.UTF8, mediaType);

    public static Task<HttpResponseMessage> PostAsync(this HttpClient client, string url, string json, string? idempotencyKey = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = Json(json) };
        if (idempotencyKey is not null) request.Headers.Add(IdempotencyFilter.Header, idempotencyKey);
        return client.SendAsync(request);
    }

    public static Task<HttpResponseMessage> PatchAsync(this HttpClient client, string url, string json, string? ifMatch)
    {
        var request = new HttpRequestMessage(HttpMethod.Patch, url) { Content = Json(json, "application/merge-patch+json") };
        if (ifMatch is not null) request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        return client.SendAsync(request);
    }

    public static async Task<JsonObject> CreateAsync(this HttpClient client, string fields = ReadyFields, string? extra = null)
    {
        var response = await client.PostAsync(Escalations, "{\"fields\": " + fields + extra + "}");
        Assert.Equal(System.Net.HttpStatusCode.Created, response.StatusCode);
        return await BodyAsync(response);
    }

    public static async Task<JsonObject> BodyAsync(HttpResponseMessage response) =>
        JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();

    // A problem document: its media type checked, its JSON returned.
    public static async Task<JsonObject> ProblemAsync(HttpResponseMessage response, int status)
    {
        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await BodyAsync(response);
        Assert.Equal(status, (int)problem["status"]!);
        return problem;
    }

    public static int Id(this JsonObject resource) => (int)resource["id"]!;
    public static string ETagOf(HttpResponseMessage response) => response.Headers.ETag!.ToString();
}

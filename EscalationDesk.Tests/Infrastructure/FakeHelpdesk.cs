using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace EscalationDesk.Tests.Infrastructure;

// What FakeZendesk and FakeZammad share: Kestrel on 127.0.0.1 port 0, every request kept (path and query), and answers
// scripted per path for the failures a test wants (status codes with the vendor's error body, 429 with Retry-After, slowness).
public abstract class FakeHelpdesk : IAsyncDisposable
{
    protected static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    private WebApplication _app = default!;
    private readonly ConcurrentDictionary<string, ConcurrentQueue<Func<HttpContext, Task<IResult>>>> _scripted = new();
    private readonly List<(string PathAndQuery, DateTime At)> _requests = [];

    public string BaseUrl { get; private set; } = "";

    public IReadOnlyList<string> Requests { get { lock (_requests) return _requests.Select(r => r.PathAndQuery).ToList(); } }

    public IReadOnlyList<(string PathAndQuery, DateTime At)> TimedRequests { get { lock (_requests) return _requests.ToList(); } }

    // What the app wrote (PUT/POST bodies that the fake accepted), in order.
    public IReadOnlyList<(string Method, string Path, System.Text.Json.Nodes.JsonNode Body)> Writes { get { lock (_writes) return _writes.ToList(); } }

    private readonly List<(string, string, System.Text.Json.Nodes.JsonNode)> _writes = [];

    // The request's JSON body, or null when it is not JSON (the fake then answers as the vendor does to a bad request).
    protected static async Task<System.Text.Json.Nodes.JsonNode?> BodyAsync(HttpRequest request)
    {
        if (request.ContentType?.StartsWith("application/json", StringComparison.OrdinalIgnoreCase) != true) return null;
        try { return System.Text.Json.Nodes.JsonNode.Parse(await new StreamReader(request.Body).ReadToEndAsync()); }
        catch (JsonException) { return null; }
    }

    protected void Accepted(HttpRequest request, System.Text.Json.Nodes.JsonNode body)
    {
        lock (_writes) _writes.Add((request.Method, request.Path.Value ?? "", body));
    }

    protected async Task StartAsync()
    {
        _app = LoopbackServer.Create();
        _app.Use(async (context, next) =>
        {
            var path = context.Request.Path.Value ?? "";
            lock (_requests) _requests.Add((path + context.Request.QueryString, DateTime.UtcNow));
            if (_scripted.TryGetValue(path, out var queue) && queue.TryDequeue(out var answer))
            {
                await (await answer(context)).ExecuteAsync(context);
                return;
            }
            if (!Authorized(context.Request))
            {
                await Unauthorized().ExecuteAsync(context);
                return;
            }
            await next(context);
        });
        Map(_app);
        BaseUrl = await LoopbackServer.StartAsync(_app);
    }

    protected abstract bool Authorized(HttpRequest request);
    protected abstract IResult Unauthorized();
    public abstract IResult Error(int status);
    protected abstract void Map(WebApplication app);

    protected static IResult JsonAnswer(object value, int status = 200) =>
        Results.Text(JsonSerializer.Serialize(value, Json), "application/json; charset=utf-8", statusCode: status);

    // The next answers to a path (no query), in order; after them the fake answers normally again.
    public void Script(string path, params Func<HttpContext, Task<IResult>>[] answers)
    {
        var queue = _scripted.GetOrAdd(path, _ => new());
        foreach (var a in answers) queue.Enqueue(a);
    }

    public void Fail(string path, int status, int times = 1) =>
        Script(path, Enumerable.Repeat<Func<HttpContext, Task<IResult>>>(_ => Task.FromResult(status == 401 ? Unauthorized() : Error(status)), times).ToArray());

    public void TooManyRequests(string path, int retryAfterSeconds) => Script(path, context =>
    {
        context.Response.Headers.RetryAfter = retryAfterSeconds.ToString();
        return Task.FromResult(Error(429));
    });

    // Answers after the delay, or never when the client gives up first.
    public void Slow(string path, TimeSpan delay, int times = 1) =>
        Script(path, Enumerable.Repeat<Func<HttpContext, Task<IResult>>>(async context =>
        {
            await Task.Delay(delay, context.RequestAborted);
            return Error(503);
        }, times).ToArray());

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace EscalationDesk.Tests.Infrastructure;

// A Slack-like incoming webhook on 127.0.0.1 (Kestrel, port 0): /hooks/ok answers 200, /hooks/fail 500,
// /hooks/slow never in time; every request body is kept. Microsoft Teams too: an old connector at /webhookb2/{name}
// answers 200 "1" (and, as Teams does, 200 with the error as text for `too-large`), a Workflows URL
// /workflows/{name}/triggers/manual/paths/invoke answers 202 with no body.
public sealed class WebhookListener : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly List<(string Path, string Body)> _received = [];

    private WebhookListener(WebApplication app) => _app = app;

    public string BaseUrl { get; private set; } = "";

    public IReadOnlyList<(string Path, string Body)> Received { get { lock (_received) return _received.ToList(); } }

    public static async Task<WebhookListener> StartAsync()
    {
        var listener = new WebhookListener(LoopbackServer.Create());
        listener._app.MapPost("/hooks/{name}", async (string name, HttpRequest request) =>
        {
            var body = await new StreamReader(request.Body).ReadToEndAsync();
            lock (listener._received) listener._received.Add((name, body));
            return name switch
            {
                "fail" => Results.StatusCode(500),
                "slow" => await Task.Delay(TimeSpan.FromSeconds(20), request.HttpContext.RequestAborted).ContinueWith(_ => Results.Ok()),
                _ => Results.Ok(),
            };
        });
        listener._app.MapPost("/webhookb2/{name}", async (string name, HttpRequest request) =>
        {
            var body = await new StreamReader(request.Body).ReadToEndAsync();
            lock (listener._received) listener._received.Add(($"webhookb2/{name}", body));
            return Results.Text(name == "too-large"
                ? "Microsoft Teams endpoint returned HTTP error 413 with ContextId tcid=0,server=msgapi-production-eus-azsc2-4-170,cv=deadbeef.0.."
                : "1", "text/plain");
        });
        listener._app.MapPost("/workflows/{name}/triggers/manual/paths/invoke", async (string name, HttpRequest request) =>
        {
            var body = await new StreamReader(request.Body).ReadToEndAsync();
            lock (listener._received) listener._received.Add(($"workflows/{name}", body));
            return Results.StatusCode(202);
        });
        listener.BaseUrl = await LoopbackServer.StartAsync(listener._app);
        return listener;
    }

    public string Url(string name) => $"{BaseUrl}/hooks/{name}";

    public string TeamsConnectorUrl(string name) => $"{BaseUrl}/webhookb2/{name}";

    public string TeamsWorkflowUrl(string name) => $"{BaseUrl}/workflows/{name}/triggers/manual/paths/invoke?api-version=2016-06-01&sig=abc";

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

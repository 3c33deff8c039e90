using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using StandardWebhooks;

namespace EscalationDesk.Tests.Infrastructure;

// A Standard Webhooks receiver on 127.0.0.1 (Kestrel, port 0): every request is verified with the StandardWebhooks
// library against Secret (the subscription's current secret), kept, and answered as Answer says (by request number, from 1).
public sealed class WebhookReceiver : IAsyncDisposable
{
    public sealed record Delivery(string Id, string Timestamp, string Signature, string Body, string Type, bool Verified, string? Failure)
    {
        public JsonElement Data => JsonDocument.Parse(Body).RootElement.GetProperty("data");
    }

    private readonly WebApplication _app;
    private readonly List<Delivery> _received = [];

    private WebhookReceiver(WebApplication app) => _app = app;

    public string Url { get; private set; } = "";
    public string? Secret { get; set; }

    // The status to answer the n-th request with; may wait (until the request is aborted) to play a receiver that hangs.
    public Func<int, CancellationToken, Task<int>> Answer { get; set; } = (_, _) => Task.FromResult(200);

    public IReadOnlyList<Delivery> Received { get { lock (_received) return _received.ToList(); } }

    public static async Task<WebhookReceiver> StartAsync()
    {
        var receiver = new WebhookReceiver(LoopbackServer.Create());
        receiver._app.MapPost("/hook", receiver.ReceiveAsync);
        receiver.Url = await LoopbackServer.StartAsync(receiver._app) + "/hook";
        return receiver;
    }

    private async Task ReceiveAsync(HttpContext context)
    {
        var body = await new StreamReader(context.Request.Body).ReadToEndAsync();
        string? failure = null;
        try
        {
            new StandardWebhook(Secret ?? throw new InvalidOperationException("No secret to verify with.")).Verify(body, context.Request.Headers);
        }
        catch (Exception ex)
        {
            failure = ex.Message;
        }
        string type;
        try { type = JsonDocument.Parse(body).RootElement.GetProperty("type").GetString() ?? ""; }
        catch (JsonException) { type = ""; }
        int n;
        lock (_received)
        {
            _received.Add(new Delivery(context.Request.Headers["webhook-id"].ToString(), context.Request.Headers["webhook-timestamp"].ToString(),
                context.Request.Headers["webhook-signature"].ToString(), body, type, failure is null, failure));
            n = _received.Count;
        }
        try
        {
            context.Response.StatusCode = await Answer(n, context.RequestAborted);
        }
        catch (OperationCanceledException)
        {
            context.Response.StatusCode = 499;
        }
    }

    // Every delivery verified, each webhook-id once.
    public void AssertVerifiedOncePerId()
    {
        var received = Received;
        Assert.All(received, d => Assert.True(d.Verified, d.Failure));
        Assert.Equal(received.Count, received.Select(d => d.Id).Distinct().Count());
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

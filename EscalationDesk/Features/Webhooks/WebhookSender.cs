using System.Net;
using System.Text;
using StandardWebhooks;

namespace EscalationDesk.Features.Webhooks;

public sealed record WebhookTarget(string Url, string Secret, string? PreviousSecret);

// What one attempt came to: delivered (2xx), to be retried (timeout, 429, 5xx, network) or failed for good (other answers,
// a refused address).
public sealed record AttemptOutcome(bool Delivered, bool Retry, int? Status, int DurationMs, string? Error, TimeSpan? RetryAfter);

// One signed POST (Standard Webhooks: https://github.com/standard-webhooks/standard-webhooks/blob/main/spec/standard-webhooks.md).
public sealed class WebhookSender(IHttpClientFactory http, TimeProvider clock, ILogger<WebhookSender> logger)
{
    public const string HttpClientName = "webhooks";
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    // The webhook-timestamp is compared by receivers with their own clocks (a replay window of minutes), so it is the
    // real time of signing, not the app's clock (which tests move by hours).
    public TimeProvider SigningClock { get; init; } = TimeProvider.System;

    // "v1,<sig>" per secret, space-separated; during a rotation the new secret's first (a receiver that checks only one
    // signature and has the new secret succeeds; one with the old secret finds its signature second).
    public static string Signatures(WebhookTarget target, string messageId, DateTimeOffset timestamp, string payload) =>
        string.Join(' ', new[] { target.Secret, target.PreviousSecret }.OfType<string>()
            .Select(secret => new StandardWebhook(secret).Sign(messageId, timestamp, payload)));

    public async Task<AttemptOutcome> PostAsync(WebhookTarget target, string messageId, string payload, CancellationToken ct)
    {
        var timestamp = SigningClock.GetUtcNow();
        using var request = new HttpRequestMessage(HttpMethod.Post, target.Url) { Content = new StringContent(payload, Encoding.UTF8, "application/json") };
        request.Headers.Add("webhook-id", messageId);
        request.Headers.Add("webhook-timestamp", timestamp.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.Add("webhook-signature", Signatures(target, messageId, timestamp, payload));
        request.Headers.UserAgent.ParseAdd("EscalationDesk-Webhooks/1");

        using var timeout = new CancellationTokenSource(Timeout, clock);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, timeout.Token);
        var started = clock.GetTimestamp();
        int Elapsed() => (int)Math.Min(int.MaxValue, clock.GetElapsedTime(started).TotalMilliseconds);
        try
        {
            using var response = await http.CreateClient(HttpClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, linked.Token);
            var status = (int)response.StatusCode;
            if (response.IsSuccessStatusCode) return new(true, false, status, Elapsed(), null, null);
            var retry = status == 429 || status >= 500;
            var after = response.Headers.RetryAfter is { } ra
                ? ra.Delta ?? (ra.Date is { } date ? date - clock.GetUtcNow() : null)
                : null;
            return new(false, retry, status, Elapsed(), $"HTTP {status} {response.ReasonPhrase}".Trim(), after);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return new(false, true, null, Elapsed(), $"No answer within {Timeout.TotalSeconds:0} s", null);
        }
        catch (HttpRequestException ex)
        {
            if (Find<PrivateTargetException>(ex) is { } refused) return new(false, false, null, Elapsed(), refused.Message, null);
            logger.LogInformation(ex, "Webhook post to {Url} failed", target.Url);
            return new(false, true, null, Elapsed(), Cut(ex.Message), null);
        }
    }

    private static T? Find<T>(Exception? ex) where T : Exception
    {
        for (; ex is not null; ex = ex.InnerException) if (ex is T found) return found;
        return null;
    }

    internal static string Cut(string text) => text.Length <= 500 ? text : text[..499] + "…";
}

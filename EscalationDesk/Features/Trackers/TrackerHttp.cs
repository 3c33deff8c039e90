using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using EscalationDesk.Features.Tickets;
using Microsoft.Extensions.Http.Resilience;
using Polly;
using Polly.Timeout;

namespace EscalationDesk.Features.Trackers;

public sealed record TrackerAnswer(HttpStatusCode Status, JsonNode? Json, string ETag)
{
    public bool NotModified => Status == HttpStatusCode.NotModified;
}

// Sends JSON to Jira's or GitHub's REST API with its credentials through the "trackers" HttpClient: the helpdesks'
// timeouts and retries (Connectors:*), the private-address rule (ConnectorAddressRule), and every failure as one line
// naming its kind. A GET may be retried on anything transient; a POST (creating an issue) only on 429 and 503, which
// say nothing was done: after a timeout or a 500 the issue may exist, and a second one must not be made.
public sealed class TrackerHttp(IHttpClientFactory clients, ConnectorOptions options, IConfiguration configuration)
{
    public const string HttpClientName = "trackers";

    public async Task<TrackerAnswer> SendAsync(TrackerConfig config, HttpMethod method, string path, JsonNode? body, string what,
        CancellationToken ct, string? ifNoneMatch = null)
    {
        var url = new Uri(config.BaseUrl, path);
        if (!string.Equals(url.Host, config.BaseUrl.Host, StringComparison.OrdinalIgnoreCase) || url.Port != config.BaseUrl.Port)
            throw new TrackerException($"{config.Name} pointed to another host ({url.Host}); nothing was sent to it.");
        if (await ConnectorAddressRule.RefusalAsync(url, configuration.GetValue<bool>(ConnectorAddressRule.AllowSetting), config.Name, ct) is { } refusal)
            throw new TrackerException(refusal);

        using var request = new HttpRequestMessage(method, url);
        if (config.System == TrackerSystem.Jira)
        {
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{config.Email}:{config.Secret}")));
        }
        else
        {
            // https://docs.github.com/en/rest/using-the-rest-api/getting-started-with-the-rest-api
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/vnd.github+json"));
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", config.Secret);
            request.Headers.Add("X-GitHub-Api-Version", "2022-11-28");
            request.Headers.UserAgent.Add(new ProductInfoHeaderValue("EscalationDesk", "1.0"));
        }
        if (ifNoneMatch is { Length: > 0 }) request.Headers.TryAddWithoutValidation("If-None-Match", ifNoneMatch);
        if (body is not null) request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");

        HttpResponseMessage response;
        try
        {
            response = await clients.CreateClient(HttpClientName).SendAsync(request, HttpCompletionOption.ResponseContentRead, ct);
        }
        catch (Exception ex) when (ex is TimeoutRejectedException || (ex is TaskCanceledException && !ct.IsCancellationRequested))
        {
            throw new TrackerException(method == HttpMethod.Get
                ? $"{config.Name} did not answer within {options.TotalTimeoutSeconds:0.#} s (timeout)."
                : $"{config.Name} did not answer within {Math.Min(options.AttemptTimeoutSeconds, options.TotalTimeoutSeconds):0.#} s (timeout): the issue may have been made there; look in {config.Name} before trying again.");
        }
        catch (HttpRequestException ex)
        {
            throw new TrackerException($"{config.Name} is unreachable at {config.BaseUrl.Authority}: {ex.Message.ReplaceLineEndings(" ")}");
        }
        using (response)
        {
            var etag = response.Headers.ETag?.ToString() ?? "";
            if (response.StatusCode == HttpStatusCode.NotModified) return new TrackerAnswer(response.StatusCode, null, etag);
            var text = await response.Content.ReadAsStringAsync(ct);
            if (!response.IsSuccessStatusCode) throw new TrackerException(Failure(config, response, what, text));
            try
            {
                return new TrackerAnswer(response.StatusCode, JsonNode.Parse(text) ?? throw new JsonException(), etag);
            }
            catch (JsonException)
            {
                throw new TrackerException($"{config.Name} answered with something other than its API's JSON: check the base URL.");
            }
        }
    }

    private static string Failure(TrackerConfig config, HttpResponseMessage response, string what, string body)
    {
        var name = config.Name;
        // GitHub says a spent rate limit with 403 (or 429) and x-ratelimit-remaining: 0.
        var limited = response.StatusCode == HttpStatusCode.TooManyRequests
            || (response.StatusCode == HttpStatusCode.Forbidden && response.Headers.TryGetValues("x-ratelimit-remaining", out var left) && left.FirstOrDefault() == "0");
        if (limited) return $"{name} is limiting requests ({(int)response.StatusCode} {response.ReasonPhrase}): try again in {WaitSeconds(response):0} s.";
        return (int)response.StatusCode switch
        {
            401 => $"{name} refused the credentials (401 Unauthorized): check the {(config.System == TrackerSystem.Jira ? "email and API token" : "token")}.",
            403 => $"{name} denied access (403 Forbidden) to {what}: the account may not use it.",
            404 => $"{name} found no {what} (404 Not Found): check it and the {(config.System == TrackerSystem.Jira ? "project and base URL" : "repository and base URL")}.",
            400 or 422 => $"{name} refused {what} ({(int)response.StatusCode} {response.ReasonPhrase}){Reasons(body)}",
            >= 500 => $"{name} failed ({(int)response.StatusCode} {response.ReasonPhrase}) after retries: try again later.",
            var code => $"{name} answered {code} {response.ReasonPhrase} for {what}.",
        };
    }

    private static double WaitSeconds(HttpResponseMessage response)
    {
        if (ConnectorHttp.RetryAfter(response) is { } wait) return Math.Max(0, wait.TotalSeconds);
        if (response.Headers.TryGetValues("x-ratelimit-reset", out var reset) && long.TryParse(reset.FirstOrDefault(), out var epoch))
            return Math.Max(0, (DateTimeOffset.FromUnixTimeSeconds(epoch) - DateTimeOffset.UtcNow).TotalSeconds);
        return 60;
    }

    // Jira: {"errorMessages":[…],"errors":{"field":"…"}}; GitHub: {"message":"Validation Failed","errors":[{"field":…,"code":…}]}.
    private static string Reasons(string body)
    {
        try
        {
            var json = JsonNode.Parse(body);
            var reasons = new List<string>();
            foreach (var m in json?["errorMessages"]?.AsArray() ?? []) if (m?.GetValue<string>() is { Length: > 0 } s) reasons.Add(s);
            if (json?["errors"] is JsonObject fields) foreach (var (field, message) in fields) reasons.Add($"{field}: {message}");
            if (json?["message"]?.GetValue<string>() is { Length: > 0 } message2) reasons.Add(message2);
            if (json?["errors"] is JsonArray list)
                foreach (var e in list) if (e?["field"]?.ToString() is { } f) reasons.Add($"{f}: {e["message"] ?? e["code"]}");
            var text = string.Join("; ", reasons).ReplaceLineEndings(" ");
            return text.Length == 0 ? "." : $": {(text.Length > 300 ? text[..300] + "…" : text)}.";
        }
        catch (JsonException)
        {
            return ".";
        }
    }

    public static void AddTo(IServiceCollection services, ConnectorOptions options)
    {
        var maxRetryAfter = TimeSpan.FromSeconds(options.MaxRetryAfterSeconds);
        services.AddHttpClient(HttpClientName)
            .ConfigurePrimaryHttpMessageHandler(sp => sp.GetRequiredService<Webhooks.WebhookTargets>().Handler())
            .AddResilienceHandler("trackers", pipeline =>
            {
                pipeline.AddTimeout(TimeSpan.FromSeconds(options.TotalTimeoutSeconds));
                pipeline.AddRetry(new HttpRetryStrategyOptions
                {
                    MaxRetryAttempts = Math.Max(0, options.Retries), Delay = TimeSpan.FromMilliseconds(200), BackoffType = DelayBackoffType.Exponential, UseJitter = true,
                    ShouldRetryAfterHeader = false,
                    ShouldHandle = args => ValueTask.FromResult(Retry(args.Outcome, maxRetryAfter, args.Context.GetRequestMessage()?.Method ?? HttpMethod.Get)),
                    DelayGenerator = args => ValueTask.FromResult(args.Outcome.Result is { StatusCode: HttpStatusCode.TooManyRequests } r && ConnectorHttp.RetryAfter(r) is { } wait
                        ? (TimeSpan?)(wait < TimeSpan.Zero ? TimeSpan.Zero : wait) : null),
                });
                pipeline.AddTimeout(TimeSpan.FromSeconds(options.AttemptTimeoutSeconds));
            });
    }

    private static bool Retry(Outcome<HttpResponseMessage> outcome, TimeSpan maxRetryAfter, HttpMethod method)
    {
        var safe = method == HttpMethod.Get;
        return outcome switch
        {
            { Exception: HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError } } => true,
            { Exception: HttpRequestException or TimeoutRejectedException } => safe,
            { Result: { StatusCode: HttpStatusCode.TooManyRequests } r } => (ConnectorHttp.RetryAfter(r) ?? TimeSpan.FromSeconds(1)) <= maxRetryAfter,
            { Result: { StatusCode: HttpStatusCode.ServiceUnavailable } } => true,
            { Result: { } r } => safe && ((int)r.StatusCode >= 500 || r.StatusCode == HttpStatusCode.RequestTimeout),
            _ => false,
        };
    }
}

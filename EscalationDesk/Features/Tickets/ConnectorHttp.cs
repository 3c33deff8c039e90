using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Http.Resilience;
using Polly;
using Polly.Timeout;

namespace EscalationDesk.Features.Tickets;

// GETs (and, for write-backs, PUTs or POSTs) JSON from a helpdesk's REST API with its credentials, through the "tickets" HttpClient (timeouts, retries on
// 5xx/408/timeouts/network errors, a 429's Retry-After waited for when short). Every failure becomes one line naming its kind.
public sealed class ConnectorHttp(IHttpClientFactory clients, ConnectorOptions options, IConfiguration configuration)
{
    public const string HttpClientName = "tickets";

    public Task<JsonNode> GetAsync(ConnectorConfig config, string pathOrUrl, string what, CancellationToken ct) =>
        SendAsync(config, HttpMethod.Get, pathOrUrl, null, what, ct);

    public async Task<JsonNode> SendAsync(ConnectorConfig config, HttpMethod method, string pathOrUrl, JsonNode? body, string what, CancellationToken ct)
    {
        var url = new Uri(config.BaseUrl, pathOrUrl);
        // A "next" link or anything else must stay on the configured host: credentials go nowhere else.
        if (!string.Equals(url.Host, config.BaseUrl.Host, StringComparison.OrdinalIgnoreCase) || url.Port != config.BaseUrl.Port)
            throw new TicketConnectorException($"{config.Name} pointed to another host ({url.Host}); nothing was read from it.");
        if (await ConnectorAddressRule.RefusalAsync(url, configuration.GetValue<bool>(ConnectorAddressRule.AllowSetting), config.Name, ct) is { } refusal)
            throw new TicketConnectorException(refusal);

        using var request = new HttpRequestMessage(method, url);
        if (body is not null) request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        request.Headers.Authorization = config.System == TicketSystem.Zendesk
            ? new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{config.Email}/token:{config.Secret}")))
            : new AuthenticationHeaderValue("Token", $"token={config.Secret}");
        HttpResponseMessage response;
        try
        {
            response = await clients.CreateClient(HttpClientName).SendAsync(request, HttpCompletionOption.ResponseContentRead, ct);
        }
        catch (Exception ex) when (ex is TimeoutRejectedException || (ex is TaskCanceledException && !ct.IsCancellationRequested))
        {
            throw new TicketConnectorException($"{config.Name} did not answer within {options.TotalTimeoutSeconds:0.#} s (timeout).") { Transient = true };
        }
        catch (HttpRequestException ex)
        {
            throw new TicketConnectorException($"{config.Name} is unreachable at {config.BaseUrl.Authority}: {OneLine(ex.Message)}") { Transient = true };
        }
        using (response)
        {
            if (!response.IsSuccessStatusCode)
            {
                var status = (int)response.StatusCode;
                throw new TicketConnectorException(Failure(config.Name, response, what))
                {
                    Status = status, Transient = status is 408 or 429 or >= 500, RetryAfter = RetryAfter(response),
                };
            }
            var text = await response.Content.ReadAsStringAsync(ct);
            try
            {
                return JsonNode.Parse(text) ?? throw new JsonException();
            }
            catch (JsonException)
            {
                throw new TicketConnectorException($"{config.Name} answered with something other than its API's JSON: check the base URL.");
            }
        }
    }

    private static string Failure(string name, HttpResponseMessage response, string what) => (int)response.StatusCode switch
    {
        401 => $"{name} refused the credentials (401 Unauthorized): check the {(name == nameof(TicketSystem.Zendesk) ? "email and API token" : "access token")}.",
        403 => $"{name} denied access (403 Forbidden) to {what}: the account may not {(response.RequestMessage?.Method == HttpMethod.Get ? "read" : "change")} it.",
        404 => $"{name} found no {what} (404 Not Found): check {(what.StartsWith("ticket ", StringComparison.Ordinal) ? "the ticket id and " : "")}the base URL.",
        429 => $"{name} is limiting requests (429 Too Many Requests): try again in {RetryAfter(response)?.TotalSeconds ?? 60:0} s.",
        >= 500 => $"{name} failed ({(int)response.StatusCode} {response.ReasonPhrase}) after retries: try again later.",
        var code => $"{name} answered {code} {response.ReasonPhrase} for {what}.",
    };

    private static string OneLine(string text) => text.ReplaceLineEndings(" ");

    public static TimeSpan? RetryAfter(HttpResponseMessage response) =>
        response.Headers.RetryAfter switch
        {
            { Delta: { } delta } => delta,
            { Date: { } date } => date - DateTimeOffset.UtcNow,
            _ => null,
        };

    // Per attempt a timeout, then retries with backoff; 429 is retried after its Retry-After when that is short enough.
    public static void AddTo(IServiceCollection services, ConnectorOptions options)
    {
        var maxRetryAfter = TimeSpan.FromSeconds(options.MaxRetryAfterSeconds);
        services.AddHttpClient(HttpClientName)
            .ConfigurePrimaryHttpMessageHandler(sp => sp.GetRequiredService<Webhooks.WebhookTargets>().Handler())
            .AddResilienceHandler("tickets", pipeline =>
            {
                pipeline.AddTimeout(TimeSpan.FromSeconds(options.TotalTimeoutSeconds));
                pipeline.AddRetry(new HttpRetryStrategyOptions
                {
                    MaxRetryAttempts = Math.Max(0, options.Retries), Delay = TimeSpan.FromMilliseconds(200), BackoffType = DelayBackoffType.Exponential, UseJitter = true,
                    ShouldRetryAfterHeader = false,
                    ShouldHandle = args => ValueTask.FromResult(args.Outcome switch
                    {
                        { Exception: HttpRequestException or TimeoutRejectedException } => true,
                        { Result: { StatusCode: HttpStatusCode.TooManyRequests } r } => (RetryAfter(r) ?? TimeSpan.FromSeconds(1)) <= maxRetryAfter,
                        { Result: { } r } => (int)r.StatusCode >= 500 || r.StatusCode == HttpStatusCode.RequestTimeout,
                        _ => false,
                    }),
                    DelayGenerator = args => ValueTask.FromResult(args.Outcome.Result is { StatusCode: HttpStatusCode.TooManyRequests } r && RetryAfter(r) is { } wait
                        ? (TimeSpan?)(wait < TimeSpan.Zero ? TimeSpan.Zero : wait) : null),
                });
                pipeline.AddTimeout(TimeSpan.FromSeconds(options.AttemptTimeoutSeconds));
            });
    }
}

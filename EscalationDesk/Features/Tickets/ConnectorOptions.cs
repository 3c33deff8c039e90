namespace EscalationDesk.Features.Tickets;

// Connectors:* in configuration. A platform whose BaseUrl is set here is taken from configuration only: the Connections
// page shows it read-only (an operator's deployment settings are not overridden from the browser).
public sealed class ConnectorOptions
{
    public const string Section = "Connectors";

    public double AttemptTimeoutSeconds { get; set; } = 10;
    public double TotalTimeoutSeconds { get; set; } = 30;
    public int Retries { get; set; } = 2;
    // A 429's Retry-After is waited for up to this long; a longer one fails at once, saying when to try again.
    public double MaxRetryAfterSeconds { get; set; } = 10;

    public ZendeskSettings Zendesk { get; set; } = new();
    public ZammadSettings Zammad { get; set; } = new();
}

public sealed class ZendeskSettings
{
    public string BaseUrl { get; set; } = "";
    public string Email { get; set; } = "";
    public string ApiToken { get; set; } = "";
    // Signs the webhooks Zendesk posts to /api/v1/inbound/zendesk (the webhook's signing secret).
    public string WebhookSecret { get; set; } = "";
}

public sealed class ZammadSettings
{
    public string BaseUrl { get; set; } = "";
    public string Token { get; set; } = "";
    // The HMAC token of the Zammad webhook posting to /api/v1/inbound/zammad.
    public string WebhookSecret { get; set; } = "";
}

// One platform's effective settings, wherever they came from.
public sealed record ConnectorConfig(TicketSystem System, Uri BaseUrl, string Email, string Secret, bool FromConfiguration)
{
    public string Name => System.ToString();

    public string TicketUrl(string id) => System == TicketSystem.Zendesk
        ? new Uri(BaseUrl, $"agent/tickets/{id}").ToString()
        : new Uri(BaseUrl, $"#ticket/zoom/{id}").ToString();
}

// A failure of a connector, said in one line for the person who asked.
// Status and Transient tell a write-back whether trying again later may help (timeouts, network, 408, 429, 5xx).
public sealed class TicketConnectorException(string message) : Exception(message)
{
    public int? Status { get; init; }
    public bool Transient { get; init; }
    public TimeSpan? RetryAfter { get; init; }
}

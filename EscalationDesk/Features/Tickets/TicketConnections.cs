using System.ComponentModel.DataAnnotations;
using System.Security.Cryptography;
using EscalationDesk.Data;
using EscalationDesk.Features.Users;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;

namespace EscalationDesk.Features.Tickets;

// What the Connections page shows of one platform: never the secret, only whether one is set.
public sealed record ConnectionView(TicketSystem System, string BaseUrl, string Email, bool SecretSet, bool FromConfiguration, bool WebhookSecretSet = false)
{
    public bool Connected => BaseUrl.Length > 0 && SecretSet;
}

public sealed class ConnectionInput
{
    [Display(Name = "Base URL")]
    [StringLength(2_000)]
    public string BaseUrl { get; set; } = "";

    [StringLength(320)]
    public string Email { get; set; } = "";

    // Empty keeps the stored secret.
    [Display(Name = "API token")]
    [StringLength(1_000)]
    public string Secret { get; set; } = "";

    // Empty keeps the stored one.
    [Display(Name = "Webhook signing secret")]
    [StringLength(1_000)]
    public string WebhookSecret { get; set; } = "";
}

public sealed record ConnectionTestResult(bool Ok, string Message);

// The helpdesk connections: from configuration (Connectors:Zendesk / Connectors:Zammad), which wins and is read-only on the
// page, else as an Admin entered them, the secret encrypted with Data Protection (keys in the database).
public sealed class TicketConnections(
    IDbContextFactory<EscalationDeskDbContext> dbFactory, ICurrentUser user, TimeProvider clock, ConnectorOptions options,
    IDataProtectionProvider protection, ZendeskReader zendesk, ZammadReader zammad)
{
    private readonly IDataProtector _protector = protection.CreateProtector("EscalationDesk.Tickets.ConnectorSecret");

    public async Task<ConnectorConfig?> GetAsync(TicketSystem system, CancellationToken ct = default)
    {
        if (FromConfiguration(system) is { } configured) return configured.Secret.Length > 0 ? configured : null;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var row = await db.TicketConnections.AsNoTracking().SingleOrDefaultAsync(c => c.System == system, ct);
        if (row is null || row.ProtectedSecret.Length == 0 || !Uri.TryCreate(row.BaseUrl, UriKind.Absolute, out var url)) return null;
        string secret;
        try { secret = _protector.Unprotect(row.ProtectedSecret); }
        catch (CryptographicException) { return null; }   // keys lost: as good as not connected; the page says to enter it again
        return new ConnectorConfig(system, WithSlash(url), row.Email, secret, false);
    }

    public async Task<IReadOnlyList<ConnectorConfig>> ConnectedAsync(CancellationToken ct = default)
    {
        var connected = new List<ConnectorConfig>();
        foreach (var system in Enum.GetValues<TicketSystem>())
            if (await GetAsync(system, ct) is { } config) connected.Add(config);
        return connected;
    }

    public async Task<IReadOnlyList<ConnectionView>> ListAsync(CancellationToken ct = default)
    {
        user.RequireAdmin();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var rows = await db.TicketConnections.AsNoTracking().ToDictionaryAsync(c => c.System, ct);
        return Enum.GetValues<TicketSystem>().Select(system => FromConfiguration(system) is { } c
                ? new ConnectionView(system, c.BaseUrl.ToString(), c.Email, c.Secret.Length > 0, true, ConfiguredWebhookSecret(system).Length > 0)
                : rows.TryGetValue(system, out var row)
                    ? new ConnectionView(system, row.BaseUrl, row.Email, row.ProtectedSecret.Length > 0, false,
                        ConfiguredWebhookSecret(system).Length > 0 || row.ProtectedWebhookSecret.Length > 0)
                    : new ConnectionView(system, "", "", false, false))
            .ToList();
    }

    // Returns what is wrong with the input, or null once saved. An empty base URL removes the connection.
    public async Task<string?> SaveAsync(TicketSystem system, ConnectionInput input, CancellationToken ct = default)
    {
        user.RequireAdmin();
        if (FromConfiguration(system) is not null) return $"{system} is set in configuration ({ConnectorOptions.Section}:{system}); change it there.";
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var row = await db.TicketConnections.SingleOrDefaultAsync(c => c.System == system, ct);
        var baseUrl = input.BaseUrl.Trim();
        if (baseUrl.Length == 0)
        {
            if (row is not null) db.TicketConnections.Remove(row);
            await db.SaveChangesAsync(ct);
            return null;
        }
        if (!Uri.TryCreate(baseUrl, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https") || url.Host.Length == 0)
            return "Enter the base URL in full, like https://acme.zendesk.com.";
        if (system == TicketSystem.Zendesk && !input.Email.Contains('@')) return "Enter the email address of the Zendesk user the API token belongs to.";
        if (row is null && input.Secret.Trim().Length == 0) return system == TicketSystem.Zendesk ? "Enter the API token." : "Enter the access token.";
        row ??= db.TicketConnections.Add(new TicketConnection { System = system }).Entity;
        row.BaseUrl = WithSlash(url).ToString();
        row.Email = system == TicketSystem.Zendesk ? input.Email.Trim() : "";
        if (input.Secret.Trim().Length > 0) row.ProtectedSecret = _protector.Protect(input.Secret.Trim());
        if (input.WebhookSecret.Trim().Length > 0) row.ProtectedWebhookSecret = _protector.Protect(input.WebhookSecret.Trim());
        row.UpdatedAt = clock.GetUtcNow().UtcDateTime;
        row.UpdatedBy = user.Name;
        await db.SaveChangesAsync(ct);
        return null;
    }

    // Reads the signed-in user of the platform: "Connected as …", or the one line of what is wrong.
    public async Task<ConnectionTestResult> TestAsync(TicketSystem system, CancellationToken ct = default)
    {
        user.RequireAdmin();
        if (await GetAsync(system, ct) is not { } config) return new(false, $"{system} is not connected: enter its base URL and token first.");
        try
        {
            var who = system == TicketSystem.Zendesk ? await zendesk.WhoAmIAsync(config, ct) : await zammad.WhoAmIAsync(config, ct);
            return new(true, $"Connected to {system} as {who}.");
        }
        catch (TicketConnectorException ex)
        {
            return new(false, ex.Message);
        }
    }

    // What the platform's webhooks are signed with: Connectors:{System}:WebhookSecret, else as entered on the page; empty when neither.
    public async Task<string> WebhookSecretAsync(TicketSystem system, CancellationToken ct = default)
    {
        if (ConfiguredWebhookSecret(system) is { Length: > 0 } configured) return configured;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var stored = await db.TicketConnections.AsNoTracking().Where(c => c.System == system).Select(c => c.ProtectedWebhookSecret).SingleOrDefaultAsync(ct);
        if (string.IsNullOrEmpty(stored)) return "";
        try { return _protector.Unprotect(stored); }
        catch (CryptographicException) { return ""; }
    }

    private string ConfiguredWebhookSecret(TicketSystem system) =>
        (system == TicketSystem.Zendesk ? options.Zendesk.WebhookSecret : options.Zammad.WebhookSecret).Trim();

    private ConnectorConfig? FromConfiguration(TicketSystem system)
    {
        var (baseUrl, email, secret) = system == TicketSystem.Zendesk
            ? (options.Zendesk.BaseUrl, options.Zendesk.Email, options.Zendesk.ApiToken)
            : (options.Zammad.BaseUrl, "", options.Zammad.Token);
        return !string.IsNullOrWhiteSpace(baseUrl) && Uri.TryCreate(baseUrl.Trim(), UriKind.Absolute, out var url)
            ? new ConnectorConfig(system, WithSlash(url), email.Trim(), secret.Trim(), true)
            : null;
    }

    // Relative API paths resolve under the base URL, so it ends in "/".
    private static Uri WithSlash(Uri url) => url.AbsoluteUri.EndsWith('/') ? url : new Uri(url.AbsoluteUri + "/");
}

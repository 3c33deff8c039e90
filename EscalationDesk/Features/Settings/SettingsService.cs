using EscalationDesk.Data;
using EscalationDesk.Features.Judgment;
using EscalationDesk.Features.Users;
using Microsoft.EntityFrameworkCore;

namespace EscalationDesk.Features.Settings;

public enum WebhookSource { None, Configuration, Settings }

public sealed record WebhookSetting(EscalationTarget Target, WebhookSource Source, string? MaskedUrl, Chat.ChatKind Kind = Chat.ChatKind.Slack);

// Chat webhooks per target team. A URL saved here wins over configuration (Chat:Webhooks:{Target}).
// URLs are secrets (anyone holding one can post): they are only ever shown masked.
public sealed class SettingsService(IDbContextFactory<EscalationDeskDbContext> dbFactory, IConfiguration configuration, ICurrentUser user, TimeProvider clock,
    EscalationDesk.Features.Webhooks.WebhookTargets? targets = null)
{
    public async Task<IReadOnlyList<WebhookSetting>> WebhooksAsync(CancellationToken ct = default)
    {
        user.RequireAdmin();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var saved = await db.ChatWebhooks.AsNoTracking().ToDictionaryAsync(w => w.Target, w => w.Url, ct);
        return TargetRules.Precedence.Select(target =>
        {
            if (saved.TryGetValue(target.ToString(), out var url)) return new WebhookSetting(target, WebhookSource.Settings, Mask(url), Chat.ChatDestinations.KindOf(url));
            if (Configured(target) is { } configured)
                return new WebhookSetting(target, WebhookSource.Configuration, Mask(configured), Chat.ChatDestinations.KindOf(configured));
            return new WebhookSetting(target, WebhookSource.None, null);
        }).ToList();
    }

    // For ChatService posting on behalf of the escalation's owner: the URL is used, never shown.
    public async Task<string?> WebhookUrlAsync(EscalationTarget target, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var saved = await db.ChatWebhooks.AsNoTracking().Where(w => w.Target == target.ToString()).Select(w => w.Url).SingleOrDefaultAsync(ct);
        return saved ?? Configured(target);
    }

    // Null when saved; otherwise the message for the field.
    public async Task<string?> SaveWebhookAsync(EscalationTarget target, string? url, CancellationToken ct = default)
    {
        user.RequireAdmin();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var existing = await db.ChatWebhooks.SingleOrDefaultAsync(w => w.Target == target.ToString(), ct);
        if (string.IsNullOrWhiteSpace(url))
        {
            if (existing is not null) db.ChatWebhooks.Remove(existing);
            await db.SaveChangesAsync(ct);
            return null;
        }
        if (ValidationError(url) is { } error) return error;
        // No private or loopback targets unless Webhooks:AllowPrivateTargets (the same rule as the outbound webhooks).
        if (targets is not null && await targets.RefusalAsync(url, ct) is { } refused) return refused;
        existing ??= db.ChatWebhooks.Add(new ChatWebhook { Target = target.ToString() }).Entity;
        existing.Url = url.Trim();
        existing.UpdatedAt = clock.GetUtcNow().UtcDateTime;
        existing.UpdatedBy = user.Name;
        await db.SaveChangesAsync(ct);
        return null;
    }

    public static string? ValidationError(string url)
    {
        var text = url.Trim();
        if (text.Length > 2_000) return "A webhook URL is at most 2,000 characters.";
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || string.IsNullOrEmpty(uri.Host))
            return "Enter a full http:// or https:// URL.";
        return null;
    }

    public static string Mask(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri)
            ? $"{uri.Scheme}://{uri.Authority}/…{(uri.AbsolutePath.Length > 4 ? uri.AbsolutePath[^4..] : "")}"
            : "…";

    private string? Configured(EscalationTarget target) =>
        configuration[$"Chat:Webhooks:{target}"] is { Length: > 0 } url && ValidationError(url) is null ? url : null;
}

using EscalationDesk.Data;
using EscalationDesk.Features.Judgment;
using EscalationDesk.Features.Users;
using Microsoft.EntityFrameworkCore;

namespace EscalationDesk.Features.Settings;

public enum WebhookSource { None, Configuration, Settings }

// Kind: the one posts use; KindChosen: set on Settings rather than told by the URL.
public sealed record WebhookSetting(EscalationTarget Target, WebhookSource Source, string? MaskedUrl, Chat.ChatKind Kind = Chat.ChatKind.Slack, bool KindChosen = false);

public sealed record ChatDestination(string Url, Chat.ChatKind Kind);

// Chat webhooks per target team. A URL saved here wins over configuration (Chat:Webhooks:{Target}).
// URLs are secrets (anyone holding one can post): they are only ever shown masked.
public sealed class SettingsService(IDbContextFactory<EscalationDeskDbContext> dbFactory, IConfiguration configuration, ICurrentUser user, TimeProvider clock,
    EscalationDesk.Features.Webhooks.WebhookTargets? targets = null)
{
    public async Task<IReadOnlyList<WebhookSetting>> WebhooksAsync(CancellationToken ct = default)
    {
        user.RequireAdmin();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var saved = await db.ChatWebhooks.AsNoTracking().ToDictionaryAsync(w => w.Target, ct);
        return TargetRules.Precedence.Select(target =>
        {
            if (saved.TryGetValue(target.ToString(), out var row))
                return new WebhookSetting(target, WebhookSource.Settings, Mask(row.Url), row.Kind ?? Chat.ChatDestinations.KindOf(row.Url), row.Kind is not null);
            if (Configured(target) is { } configured)
                return new WebhookSetting(target, WebhookSource.Configuration, Mask(configured), Chat.ChatDestinations.KindOf(configured));
            return new WebhookSetting(target, WebhookSource.None, null);
        }).ToList();
    }

    // For ChatService posting on behalf of the escalation's owner: the URL is used, never shown; with the kind of chat it
    // posts to (as chosen, else told by the URL).
    public async Task<ChatDestination?> DestinationAsync(EscalationTarget target, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var saved = await db.ChatWebhooks.AsNoTracking().Where(w => w.Target == target.ToString()).Select(w => new { w.Url, w.Kind }).SingleOrDefaultAsync(ct);
        if (saved is not null) return new ChatDestination(saved.Url, saved.Kind ?? Chat.ChatDestinations.KindOf(saved.Url));
        return Configured(target) is { } url ? new ChatDestination(url, Chat.ChatDestinations.KindOf(url)) : null;
    }

    // The kind of a URL saved here: null to tell it by the URL again. False when no URL is saved here for the team.
    public async Task<bool> SaveKindAsync(EscalationTarget target, Chat.ChatKind? kind, CancellationToken ct = default)
    {
        user.RequireAdmin();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.ChatWebhooks.Where(w => w.Target == target.ToString())
            .ExecuteUpdateAsync(u => u.SetProperty(w => w.Kind, kind).SetProperty(w => w.UpdatedAt, clock.GetUtcNow().UtcDateTime).SetProperty(w => w.UpdatedBy, user.Name), ct) == 1;
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
        // A new URL is told by its address again: a kind chosen for the old one may not fit it.
        if (existing.Url != url.Trim()) existing.Kind = null;
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

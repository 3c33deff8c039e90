using System.Text.Json;
using System.Text.Json.Nodes;
using EscalationDesk.Data;
using EscalationDesk.Features.Accounts;
using EscalationDesk.Features.Drafts;
using EscalationDesk.Features.Judgment;
using EscalationDesk.Features.Users;
using EscalationDesk.Features.Wizard;
using Microsoft.EntityFrameworkCore;

namespace EscalationDesk.Features.Tickets;

public sealed record InboundOutcome(int Status, string Message, int? DraftId = null, string? Action = null, string? Owner = null);

public sealed record InboundDraft(int Id, string Summary, TicketSystem System, string TicketId, string TicketUrl, DateTime ImportedAt, DateTime RefreshedAt);

// A helpdesk's webhook for a ticket tagged "escalate": the draft started from it (TicketImport, as the app itself, then
// given to the user whose email is the ticket's assignee) or, when one already links that ticket, refreshed. With no such
// user the draft has no owner and is listed for Leads under From tickets, where one takes it.
// The signature is checked first (InboundSignatures); each signature is accepted once (TicketInboundReceipts).
public sealed class InboundTickets(
    IDbContextFactory<EscalationDeskDbContext> dbFactory, IServiceProvider services, TicketConnections connections,
    ZendeskReader zendesk, ZammadReader zammad, TimeProvider clock, ICurrentUser user, ILogger<InboundTickets> logger, IInstances? instances = null)
{
    // One webhook at a time (in this process, and across instances through the claim): two webhooks for one ticket
    // arriving together must not both start a draft. Webhooks are few; each takes a few requests to the helpdesk.
    private static readonly SemaphoreSlim OneAtATime = new(1, 1);
    public static readonly TimeSpan WaitForTurn = TimeSpan.FromSeconds(20);

    public const string Tag = "escalate";
    // Owns a webhook's draft only between its creation and its owner being set: a crash in between leaves it listed too.
    public const string WebhookUserId = "system:ticket-webhook";
    public const int MaxBodyBytes = 256 * 1024;
    public static readonly TimeSpan ReceiptsKept = TimeSpan.FromDays(7);

    // The app acting on a webhook: a Lead's reach, so it may refresh any draft; never a signed-in person.
    private sealed class Webhook : ICurrentUser
    {
        public string Id => WebhookUserId;
        public string Name => TimelineActors.System;
        public bool IsInRole(string role) => role == Roles.Lead;
    }

    public async Task<InboundOutcome> HandleAsync(TicketSystem system, byte[] body, Func<string, string?> header, CancellationToken ct = default)
    {
        var secret = await connections.WebhookSecretAsync(system, ct);
        if (secret.Length == 0) return new(401, $"No webhook secret is set for {system} (Connectors:{system}:WebhookSecret, or Connections).");
        var signature = system == TicketSystem.Zendesk ? header("X-Zendesk-Webhook-Signature") : header("X-Hub-Signature");
        var refusal = system == TicketSystem.Zendesk
            ? InboundSignatures.ZendeskRefusal(secret.Trim(), signature, header("X-Zendesk-Webhook-Signature-Timestamp"), body, clock.GetUtcNow())
            : InboundSignatures.ZammadRefusal(secret.Trim(), signature, body);
        if (refusal is not null) return new(401, refusal);

        var ticketId = TicketIdOf(system, body);
        if (ticketId is null) return new(400, $"The {system} webhook's body names no ticket id (ticket.id, detail.id or ticket_id).");
        if (await connections.GetAsync(system, ct) is not { } config) return new(422, $"{system} is not connected, so the ticket cannot be read.");

        var receipt = $"{system}:{signature}";
        if (!await ReceiveOnceAsync(receipt, ct)) return new(409, "This webhook was already received (a replay): nothing was done.");
        var turn = false;
        try
        {
            if (!(turn = await OneAtATime.WaitAsync(WaitForTurn, ct)))
            {
                await ForgetAsync(receipt);
                return new(503, "Busy with other webhooks: try again shortly.");
            }
            await using var claim = instances is null ? null : await instances.TryClaimAsync("ticket-inbound", WaitForTurn, ct);
            if (instances is not null && claim is null)
            {
                await ForgetAsync(receipt);
                return new(503, "Another instance is busy with webhooks: try again shortly.");
            }
            var outcome = await ActAsync(config, ticketId, ct);
            // A failure to read the helpdesk lets the platform's retry (same signature) through.
            if (outcome.Status >= 500) await ForgetAsync(receipt);
            return outcome;
        }
        catch
        {
            await ForgetAsync(receipt);
            throw;
        }
        finally
        {
            if (turn) OneAtATime.Release();
        }
    }

    private async Task<InboundOutcome> ActAsync(ConnectorConfig config, string ticketId, CancellationToken ct)
    {
        IReadOnlyList<string> tags;
        string? assigneeEmail;
        try
        {
            (tags, assigneeEmail) = config.System == TicketSystem.Zendesk
                ? await zendesk.InboundFactsAsync(config, ticketId, ct)
                : await zammad.InboundFactsAsync(config, ticketId, ct);
        }
        catch (TicketConnectorException ex)
        {
            return new(502, ex.Message);
        }
        if (!tags.Contains(Tag, StringComparer.OrdinalIgnoreCase)) return new(204, $"{config.System} ticket {ticketId} is not tagged \"{Tag}\": ignored.");

        await using var scope = services.CreateAsyncScope();
        var import = Importer(scope.ServiceProvider);
        // The newest escalation started from this ticket and not discarded: a draft is refreshed, an escalated one left alone.
        (int Id, EscalationStatus Status)? linked;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            var row = await db.TicketLinks.Where(l => l.System == config.System && l.ExternalId == ticketId)
                .Join(db.Escalations.Where(e => e.DiscardedAt == null), l => l.EscalationId, e => e.Id, (l, e) => new { e.Id, e.Status })
                .OrderByDescending(x => x.Id).FirstOrDefaultAsync(ct);
            linked = row is null ? null : (row.Id, row.Status);
        }
        if (linked is { Status: not EscalationStatus.Draft } done)
            return new(200, $"{config.System} ticket {ticketId} is already escalated as ESC-{done.Id}: nothing changed.", done.Id, "none");
        if (linked is { } draft)
        {
            var refreshed = await import.RefreshAsync(draft.Id, ct);
            return refreshed.Ok ? new(200, refreshed.Message, draft.Id, "refreshed") : new(502, refreshed.Message, draft.Id);
        }

        var imported = await import.NewFromTicketAsync(config.TicketUrl(ticketId), ct);
        if (!imported.Ok) return new(502, imported.Message);
        var owner = await OwnAsync(imported.DraftId!.Value, assigneeEmail, config, ticketId, ct);
        return new(201, imported.Message, imported.DraftId, "created", owner);
    }

    // TicketImport and the services it writes through, acting as the webhook.
    private static TicketImport Importer(IServiceProvider sp)
    {
        var actor = new Webhook();
        return ActivatorUtilities.CreateInstance<TicketImport>(sp, actor,
            ActivatorUtilities.CreateInstance<DraftsService>(sp, actor), ActivatorUtilities.CreateInstance<WizardService>(sp, actor),
            ActivatorUtilities.CreateInstance<AccountService>(sp, actor));
    }

    // The draft to the active user with the assignee's email, else to nobody (From tickets). Answers the owner's name.
    private async Task<string?> OwnAsync(int draftId, string? assigneeEmail, ConnectorConfig config, string ticketId, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var normalized = (assigneeEmail ?? "").Trim().ToUpperInvariant();
        var owner = normalized.Length == 0 ? null : await db.Users.AsNoTracking()
            .Where(u => u.NormalizedEmail == normalized && u.DisabledAt == null).Select(u => new { u.Id, u.DisplayName }).FirstOrDefaultAsync(ct);
        await db.Escalations.Where(e => e.Id == draftId).ExecuteUpdateAsync(u => u
            .SetProperty(e => e.OwnerId, owner == null ? null : owner.Id).SetProperty(e => e.Owner, owner == null ? Unassigned : owner.DisplayName), ct);
        db.Timeline.Add(new TimelineEvent
        {
            EscalationId = draftId, At = clock.GetUtcNow().UtcDateTime, Actor = TimelineActors.System, Kind = TimelineKinds.OwnerChanged,
            Detail = owner is not null
                ? $"Started by {config.System}'s webhook for ticket {ticketId}; owner {owner.DisplayName}, the ticket's assignee."
                : $"Started by {config.System}'s webhook for ticket {ticketId}; {(normalized.Length == 0 ? "the ticket has no assignee" : "no user has the assignee's email")}, so it waits under From tickets.",
        });
        await db.SaveChangesAsync(ct);
        if (owner is null) logger.LogInformation("{System} ticket {Ticket}: draft {Draft} has no owner (From tickets)", config.System, ticketId, draftId);
        return owner?.DisplayName;
    }

    public const string Unassigned = "Unassigned";

    // From tickets: drafts started by a webhook that nobody owns yet, oldest first.
    public async Task<IReadOnlyList<InboundDraft>> UnassignedAsync(CancellationToken ct = default)
    {
        user.RequireLead();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Escalations.AsNoTracking().Where(e => (e.OwnerId == null || e.OwnerId == WebhookUserId) && e.Status == EscalationStatus.Draft && e.DiscardedAt == null)
            .Join(db.TicketLinks, e => e.Id, l => l.EscalationId, (e, l) => new { e.Id, e.Summary, l.System, l.ExternalId, l.Url, l.ImportedAt, l.RefreshedAt })
            .OrderBy(d => d.ImportedAt).ThenBy(d => d.Id)
            .Select(d => new InboundDraft(d.Id, d.Summary, d.System, d.ExternalId, d.Url, d.ImportedAt, d.RefreshedAt)).ToListAsync(ct);
    }

    // "Take it": the Lead becomes the owner, unless someone took it first (false).
    public async Task<bool> TakeAsync(int id, CancellationToken ct = default)
    {
        user.RequireLead();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var taken = await db.Escalations.Where(e => e.Id == id && (e.OwnerId == null || e.OwnerId == WebhookUserId) && e.Status == EscalationStatus.Draft && e.DiscardedAt == null)
            .ExecuteUpdateAsync(u => u.SetProperty(e => e.OwnerId, user.Id).SetProperty(e => e.Owner, user.Name), ct);
        if (taken == 0) return false;
        db.Timeline.Add(new TimelineEvent
        {
            EscalationId = id, At = clock.GetUtcNow().UtcDateTime, Actor = user.Name, Kind = TimelineKinds.OwnerChanged, Detail = $"Taken from From tickets by {user.Name}",
        });
        await db.SaveChangesAsync(ct);
        return true;
    }

    // The ticket's id in the payload: Zendesk's event webhooks send detail.id, trigger webhooks what their JSON body says
    // (ticket.id or ticket_id, as number or string); Zammad's default payload ticket.id.
    public static string? TicketIdOf(TicketSystem system, byte[] body)
    {
        JsonNode? json;
        try { json = JsonNode.Parse(body); }
        catch (JsonException) { return null; }
        if (json is not JsonObject root) return null;
        foreach (var node in new[] { root["ticket"]?["id"], root["detail"]?["id"], root["ticket_id"], system == TicketSystem.Zammad ? null : root["id"] })
        {
            var text = node switch
            {
                JsonValue v when v.TryGetValue<long>(out var n) => n.ToString(System.Globalization.CultureInfo.InvariantCulture),
                JsonValue v when v.TryGetValue<string>(out var s) => s.Trim(),
                _ => null,
            };
            if (text is { Length: > 0 and <= 18 } && text.All(char.IsAsciiDigit)) return text;
        }
        return null;
    }

    private async Task<bool> ReceiveOnceAsync(string key, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var now = clock.GetUtcNow().UtcDateTime;
        var old = now - ReceiptsKept;
        await db.TicketInboundReceipts.Where(r => r.ReceivedAt < old).ExecuteDeleteAsync(ct);
        db.TicketInboundReceipts.Add(new TicketInboundReceipt { Key = TicketImport.Cut(key, 200), ReceivedAt = now });
        try
        {
            await db.SaveChangesAsync(ct);
            return true;
        }
        catch (DbUpdateException)
        {
            return false;
        }
    }

    private async Task ForgetAsync(string key)
    {
        await using var db = await dbFactory.CreateDbContextAsync(CancellationToken.None);
        var cut = TicketImport.Cut(key, 200);
        await db.TicketInboundReceipts.Where(r => r.Key == cut).ExecuteDeleteAsync(CancellationToken.None);
    }
}

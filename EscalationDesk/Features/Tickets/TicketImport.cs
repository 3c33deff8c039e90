using EscalationDesk.Data;
using EscalationDesk.Features.Accounts;
using EscalationDesk.Features.Drafts;
using EscalationDesk.Features.Users;
using EscalationDesk.Features.Wizard;
using Microsoft.EntityFrameworkCore;

namespace EscalationDesk.Features.Tickets;

public sealed record ImportResult(int? DraftId, string Message)
{
    public bool Ok => DraftId is not null;
}

public sealed record RefreshResult(bool Ok, string Message);

public sealed record TicketHistoryItem(string Author, bool IsPublic, bool ByAgent, DateTime At, string Body);

public sealed record TicketHistory(TicketSystem System, string ExternalId, string Url, string Subject, DateTime RefreshedAt, IReadOnlyList<TicketHistoryItem> Comments);

// New from ticket and Refresh from ticket: a draft filled from a Zendesk or Zammad ticket through the usual draft path
// (DraftsService.CreateAsync, WizardService.SaveAsync), its comments kept beside it. All or nothing: the ticket is read
// in full before anything is written, and a failure while writing removes what was written.
public sealed class TicketImport(
    IDbContextFactory<EscalationDeskDbContext> dbFactory, ICurrentUser user, TimeProvider clock, IEscalationSearch search,
    TicketConnections connections, ZendeskReader zendesk, ZammadReader zammad, DraftsService drafts, WizardService wizard,
    AccountService accounts, ILogger<TicketImport> logger)
{
    public const string TimelineKind = "ticket-import";

    // The platforms New from ticket can read; none means the button is not shown.
    public async Task<IReadOnlyList<TicketSystem>> AvailableAsync(CancellationToken ct = default) =>
        (await connections.ConnectedAsync(ct)).Select(c => c.System).ToList();

    public async Task<ImportResult> NewFromTicketAsync(string? input, CancellationToken ct = default)
    {
        user.RequireSignedIn();
        var (reference, error) = TicketReferences.Parse(input, await connections.ConnectedAsync(ct));
        if (reference is null) return new ImportResult(null, error!);
        ImportedTicket ticket;
        try { ticket = await ReadAsync(reference.Config, reference.Id, ct); }
        catch (TicketConnectorException ex) { return new ImportResult(null, ex.Message); }

        int? draftId = null, createdAccount = null;
        try
        {
            var (accountId, created) = await CustomerAsync(ticket.Organization, ct);
            if (created) createdAccount = accountId;
            draftId = await drafts.CreateAsync(ct);
            var content = new DraftContent();
            Fill(content, ticket, accountId);
            var saved = await wizard.SaveAsync(draftId.Value, content, 1, 1, ct);
            if (saved.Outcome != SaveOutcome.Saved) throw new InvalidOperationException($"The new draft's first save answered {saved.Outcome}.");
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            var now = clock.GetUtcNow().UtcDateTime;
            db.TicketLinks.Add(new TicketLink
            {
                EscalationId = draftId.Value, System = ticket.System, ExternalId = ticket.Id, Url = ticket.Url,
                Subject = Cut(ticket.Subject, 1_000), ImportedAt = now, RefreshedAt = now,
            });
            AddComments(db, draftId.Value, ticket.Comments, []);
            db.Timeline.Add(new TimelineEvent
            {
                EscalationId = draftId.Value, At = now, Actor = user.Name, Kind = TimelineKind,
                Detail = $"Started from {ticket.System} ticket {ticket.Id} ({ticket.Comments.Count} comments)",
            });
            await db.SaveChangesAsync(ct);
            return new ImportResult(draftId, $"Draft started from {ticket.System} ticket {ticket.Id}.");
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "Import of {System} ticket {Id} failed; its draft {Draft} is removed", ticket.System, ticket.Id, draftId);
            await UndoAsync(draftId, createdAccount);
            if (ex is OperationCanceledException) throw;
            return new ImportResult(null, "The draft could not be saved, so nothing was kept: try again.");
        }
    }

    public async Task<RefreshResult> RefreshAsync(int escalationId, CancellationToken ct = default)
    {
        var draft = await wizard.LoadAsync(escalationId, ct) ?? throw new NotAllowedException();
        TicketLink? link;
        HashSet<string> known;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            link = await db.TicketLinks.AsNoTracking().SingleOrDefaultAsync(l => l.EscalationId == escalationId, ct);
            known = (await db.TicketComments.Where(c => c.EscalationId == escalationId).Select(c => c.ExternalId).ToListAsync(ct)).ToHashSet();
        }
        if (link is null) return new RefreshResult(false, "This draft was not started from a ticket.");
        if (await connections.GetAsync(link.System, ct) is not { } config) return new RefreshResult(false, $"{link.System} is no longer connected.");
        ImportedTicket ticket;
        try { ticket = await ReadAsync(config, link.ExternalId, ct); }
        catch (TicketConnectorException ex) { return new RefreshResult(false, ex.Message); }

        var content = draft.Content;
        int? createdAccount = null;
        var accountId = content.Understand.AccountId;
        if (accountId is null && ticket.Organization is not null)
        {
            var (id, created) = await CustomerAsync(ticket.Organization, ct);
            (accountId, createdAccount) = (id, created ? id : null);
        }
        var filled = Fill(content, ticket, accountId);
        var saved = await wizard.SaveAsync(escalationId, content, draft.CurrentStep, draft.Version, ct);
        if (saved.Outcome != SaveOutcome.Saved)
        {
            await UndoAsync(null, createdAccount);
            return new RefreshResult(false, "The draft changed meanwhile (another tab?): reload it and refresh again.");
        }
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            var added = AddComments(db, escalationId, ticket.Comments, known);
            var row = await db.TicketLinks.SingleAsync(l => l.EscalationId == escalationId, ct);
            row.RefreshedAt = clock.GetUtcNow().UtcDateTime;
            row.Subject = Cut(ticket.Subject, 1_000);
            await db.SaveChangesAsync(ct);
            var fields = filled.Count == 0 ? "no empty field to fill" : "filled " + string.Join(", ", filled);
            return new RefreshResult(true, $"{added} new comment{(added == 1 ? "" : "s")} from {link.System}; {fields}.");
        }
    }

    public async Task<TicketHistory?> HistoryAsync(int escalationId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (!await db.Escalations.ReadableBy(user).AnyAsync(e => e.Id == escalationId, ct)) return null;
        var link = await db.TicketLinks.AsNoTracking().SingleOrDefaultAsync(l => l.EscalationId == escalationId, ct);
        if (link is null) return null;
        var comments = await db.TicketComments.AsNoTracking().Where(c => c.EscalationId == escalationId)
            .OrderBy(c => c.At).ThenBy(c => c.Id)
            .Select(c => new TicketHistoryItem(c.Author, c.IsPublic, c.ByAgent, c.At, c.Body)).ToListAsync(ct);
        // The first comment is the description, already in What's broken or needed.
        return new TicketHistory(link.System, link.ExternalId, link.Url, link.Subject, link.RefreshedAt, comments.Skip(1).ToList());
    }

    // An answer of an unexpected shape (a field missing or of another type) is a failure of its own kind, said in one line.
    private async Task<ImportedTicket> ReadAsync(ConnectorConfig config, string id, CancellationToken ct)
    {
        try
        {
            return config.System == TicketSystem.Zendesk ? await zendesk.ReadAsync(config, id, ct) : await zammad.ReadAsync(config, id, ct);
        }
        catch (Exception ex) when (ex is InvalidOperationException or NullReferenceException or FormatException or System.Text.Json.JsonException
            && ex is not OperationCanceledException)
        {
            logger.LogWarning(ex, "{System} ticket {Id}: unexpected answer", config.System, id);
            throw new TicketConnectorException($"{config.System} answered for ticket {id} in a shape this app does not read: nothing was imported.");
        }
    }

    // The ticket's facts into the fields that are still empty; what the agent typed stays. Returns the fields filled.
    internal static List<string> Fill(DraftContent content, ImportedTicket ticket, int? accountId)
    {
        var filled = new List<string>();
        var understand = content.Understand;
        if (understand.Summary.Trim().Length == 0 && ticket.Subject.Length > 0) { understand.Summary = Cut(ticket.Subject, TextLimits.Summary); filled.Add("Summary"); }
        if (understand.WhatsBroken.Trim().Length == 0 && ticket.Description.Length > 0) { understand.WhatsBroken = Cut(ticket.Description, TextLimits.Long); filled.Add("What's broken or needed"); }
        if (understand.AccountId is null && accountId is not null) { understand.AccountId = accountId; filled.Add("Customer"); }
        var affected = string.Join("\n", new[] { ticket.Requester is { } r ? $"Requester: {r}" : null, ticket.Organization is { } o ? $"Organization: {o}" : null }.OfType<string>());
        if (understand.WhosAffected.Trim().Length == 0 && affected.Length > 0) { understand.WhosAffected = Cut(affected, TextLimits.Long); filled.Add("Who's affected"); }
        if (understand.Started is null) { understand.Started = ticket.CreatedAt; filled.Add("Started"); }
        var brief = content.Brief;
        if (brief.LastUpdateToCustomerAt is null && brief.LastUpdateToCustomer.Trim().Length == 0 && ticket.LatestPublicAgentReply is { } reply)
        {
            brief.LastUpdateToCustomerAt = reply.At;
            brief.LastUpdateToCustomer = Cut(reply.Body, TextLimits.Long);
            filled.Add("Last update to customer");
        }
        if (!content.Context.RelatedTickets.Any(t => string.Equals(t.Reference.Trim(), ticket.Url, StringComparison.OrdinalIgnoreCase)))
        {
            content.Context.RelatedTickets.Add(new LinkItem { Reference = ticket.Url, Note = Cut(ticket.Subject, TextLimits.Short) });
            filled.Add("Related tickets");
        }
        return filled;
    }

    private int AddComments(EscalationDeskDbContext db, int escalationId, IReadOnlyList<ImportedComment> comments, HashSet<string> known)
    {
        var added = 0;
        foreach (var c in comments)
        {
            if (!known.Add(c.Id)) continue;
            db.TicketComments.Add(new TicketComment
            {
                EscalationId = escalationId, ExternalId = c.Id, Author = Cut(c.Author, TextLimits.Name), IsPublic = c.IsPublic,
                ByAgent = c.ByAgent, At = c.At, Body = Cut(c.Body, TextLimits.Ceiling(TextLimits.Long)),
            });
            added++;
        }
        return added;
    }

    // The organization as a customer: the account of that name (any case), else a new one.
    private async Task<(int? Id, bool Created)> CustomerAsync(string? organization, CancellationToken ct)
    {
        var name = Cut((organization ?? "").Trim(), TextLimits.Name);
        if (name.Length == 0) return (null, false);
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            var lower = name.ToLower();
            var existing = await db.Accounts.AsNoTracking().Where(a => a.Name.ToLower() == lower).OrderBy(a => a.Id).Select(a => (int?)a.Id).FirstOrDefaultAsync(ct);
            if (existing is not null) return (existing, false);
        }
        return ((await accounts.CreateAsync(new AccountInput { Name = name }, ct)).Id, true);
    }

    // Removes a draft (its timeline, ticket link and comments go with it) and a customer this import created.
    private async Task UndoAsync(int? draftId, int? createdAccount)
    {
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync(CancellationToken.None);
            if (draftId is int id)
            {
                await db.Escalations.Where(e => e.Id == id).ExecuteDeleteAsync(CancellationToken.None);
                await search.RemoveAsync(db, id, CancellationToken.None);
            }
            if (createdAccount is int account && !await db.Escalations.AnyAsync(e => e.AccountId == account))
                await db.Accounts.Where(a => a.Id == account).ExecuteDeleteAsync(CancellationToken.None);
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "Could not remove draft {Draft} of a failed ticket import", draftId);
        }
    }

    internal static string Cut(string text, int limit) => text.Length <= limit ? text : text[..(limit - 1)].TrimEnd() + "…";
}

using EscalationDesk.Data;
using EscalationDesk.Features.Judgment;
using EscalationDesk.Features.Users;
using EscalationDesk.Features.Wizard;
using Microsoft.EntityFrameworkCore;

namespace EscalationDesk.Features.Tickets;

public sealed record LinkedTicket(TicketSystem System, string TicketId);

// Write-back to the ticket an escalation came from: the internal note when it is escalated (added in the escalate
// transaction by EscalateCommand) and, when the agent asks, a customer update as a public reply. Posting is
// TicketWriteBackWorker's, after the change is committed.
public sealed class TicketWriteBacks(IDbContextFactory<EscalationDeskDbContext> dbFactory, ICurrentUser user, TimeProvider clock,
    TicketWriteBackWorker? worker = null)
{
    public const string PostedKind = "ticket-writeback", FailedKind = "ticket-writeback-failed";

    // The escalation's ticket, when it has one: for the "also post" choice.
    public async Task<LinkedTicket?> LinkedTicketAsync(int escalationId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (!await db.Escalations.EditableBy(user).AnyAsync(e => e.Id == escalationId, ct)) return null;
        return await db.TicketLinks.AsNoTracking().Where(l => l.EscalationId == escalationId)
            .Select(l => new LinkedTicket(l.System, l.ExternalId)).SingleOrDefaultAsync(ct);
    }

    // The customer update just logged as sent, to go to the ticket as a public reply. Null when queued, else why not.
    public async Task<string?> QueuePublicReplyAsync(int escalationId, string text, CancellationToken ct = default)
    {
        if (text.Trim().Length == 0) return "There is no text to post.";
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (!await db.Escalations.EditableBy(user).AnyAsync(e => e.Id == escalationId, ct)) throw new NotAllowedException();
        var link = await db.TicketLinks.AsNoTracking().SingleOrDefaultAsync(l => l.EscalationId == escalationId, ct);
        if (link is null) return "This escalation was not started from a ticket.";
        db.TicketWriteBacks.Add(New(link, WriteBackKind.PublicReply, TicketImport.Cut(text.Trim(), TextLimits.Long), user.Name, clock.GetUtcNow().UtcDateTime));
        await db.SaveChangesAsync(ct);
        worker?.Wake();
        return null;
    }

    // In the escalate transaction: the internal note, when the escalation has a ticket. True when one was added.
    public static async Task<bool> AddEscalatedNoteAsync(EscalationDeskDbContext db, Escalation e, string? link, string actor, DateTime now, CancellationToken ct)
    {
        var ticket = await db.TicketLinks.AsNoTracking().SingleOrDefaultAsync(l => l.EscalationId == e.Id, ct);
        if (ticket is null) return false;
        db.TicketWriteBacks.Add(New(ticket, WriteBackKind.InternalNote, EscalatedNote(e, link, actor), actor, now));
        return true;
    }

    // Plain text: the helpdesk shows it as typed, so user text cannot format or link anything there.
    public static string EscalatedNote(Escalation e, string? link, string actor) => string.Join("\n", new[]
    {
        $"Escalated in EscalationDesk as ESC-{e.Id} by {actor}: {e.Summary}",
        $"Severity: {e.Severity?.Text() ?? "not set"}",
        $"Targets: {(e.Targets.Length > 0 ? e.Targets : "none")}",
        link is { Length: > 0 } ? $"Escalation: {link}" : null,
    }.OfType<string>());

    public static string What(WriteBackKind kind, TicketSystem system, string ticketId) =>
        $"{(kind == WriteBackKind.InternalNote ? "internal note" : "public reply")} on {system} ticket {ticketId}";

    private static TicketWriteBack New(TicketLink link, WriteBackKind kind, string body, string by, DateTime now) => new()
    {
        EscalationId = link.EscalationId, System = link.System, TicketId = link.ExternalId, Kind = kind, Body = body,
        RequestedBy = TicketImport.Cut(by, TextLimits.Name), CreatedAt = now, State = WriteBackState.Pending, NextAttemptAt = now,
    };
}

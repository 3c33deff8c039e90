using EscalationDesk.Data;
using EscalationDesk.Features.Judgment;
using Microsoft.EntityFrameworkCore;

namespace EscalationDesk.Features.Escalations;

// What a command on an escalation answers: done, or refused with the message (and what is missing) the user sees.
public sealed record ActionResult(bool Ok, string? Error = null, IReadOnlyList<Finding>? Missing = null)
{
    public static readonly ActionResult Done = new(true);
    public static ActionResult Refused(string error) => new(false, error);

    // Why it was refused, for a caller that answers with a status (the API): the object is not there (or not the user's),
    // the input is incomplete, or the escalation's state does not allow it (the default).
    public RefusalKind Kind { get; init; } = RefusalKind.State;
    public static ActionResult NotFound(string error) => new(false, error) { Kind = RefusalKind.NotFound };
    public static ActionResult Invalid(string error) => new(false, error) { Kind = RefusalKind.Invalid };
}

public enum RefusalKind { State, NotFound, Invalid }

// What every command does the same way: its timeline event, and saving under the Version token.
internal static class EscalationChange
{
    public const string ChangedMeanwhile = "Someone else changed this escalation at the same moment; reload and try again.";

    public static TimelineEvent Event(int id, DateTime at, string actor, string kind, string detail) =>
        new() { EscalationId = id, At = at, Actor = actor, Kind = kind, Detail = detail.Length > 4_000 ? detail[..4_000] + "…" : detail };

    // False when someone else saved the escalation since it was loaded (its Version moved on): nothing was written.
    public static async Task<bool> TrySaveAsync(EscalationDeskDbContext db, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
            return true;
        }
        catch (DbUpdateConcurrencyException)
        {
            return false;
        }
    }
}

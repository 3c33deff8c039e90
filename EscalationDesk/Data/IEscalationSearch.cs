using EscalationDesk.Features.Similar;
using EscalationDesk.Features.Wizard;
using Microsoft.EntityFrameworkCore;

namespace EscalationDesk.Data;

// Full-text search over escalations' summary and details (SearchWords.Details): the queue's text filter and Similar reports
// read the same index. Writes are called inside the transaction that saves the escalation, so the index never lags the record.
public interface IEscalationSearch
{
    Task IndexAsync(EscalationDeskDbContext db, int id, DraftContent content, CancellationToken ct);

    Task RemoveAsync(EscalationDeskDbContext db, int id, CancellationToken ct);

    // Indexes escalations fromId..toId in one statement, for bulk inserts (demo data) that were not indexed one by one.
    Task IndexRangeAsync(EscalationDeskDbContext db, int fromId, int toId, CancellationToken ct);

    // The ids of escalations holding every word of the text, the last also as the start of a word (typing "engin" finds
    // "engineering"), as a query to compose with others; null when the text holds no word. User text is never search syntax.
    IQueryable<int>? Matching(EscalationDeskDbContext db, string text);

    // The reports most like this content, closest first, never the escalation itself nor a discarded draft.
    Task<IReadOnlyList<SimilarReport>> FindSimilarAsync(EscalationDeskDbContext db, int id, DraftContent content, int take, CancellationToken ct);

    // The reports of the ranked ids, in their rank, for an engine's FindSimilarAsync (discarded drafts are never shown).
    static async Task<IReadOnlyList<SimilarReport>> ReportsInRankAsync(EscalationDeskDbContext db, List<int> ranked, CancellationToken ct)
    {
        if (ranked.Count == 0) return [];
        var rows = await db.Escalations.AsNoTracking()
            .Where(e => ranked.Contains(e.Id) && e.DiscardedAt == null)
            .Select(e => new SimilarReport(e.Id, e.Summary, e.AccountId, e.Account != null ? e.Account.Name : null, e.Status))
            .ToListAsync(ct);
        return rows.OrderBy(r => ranked.IndexOf(r.Id)).ToList();
    }
}

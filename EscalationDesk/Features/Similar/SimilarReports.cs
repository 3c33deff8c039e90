using System.Text.RegularExpressions;
using EscalationDesk.Data;
using EscalationDesk.Features.Judgment;
using EscalationDesk.Features.Wizard;
using Microsoft.EntityFrameworkCore;

namespace EscalationDesk.Features.Similar;

public sealed record SimilarReport(int Id, string Summary, int? AccountId, string? Customer, EscalationStatus Status);

// Full-text search over escalations' problem text. Behind an interface so another database can bring its own.
public interface ISimilarReports
{
    // Called inside the transaction that saves the escalation, so the index never lags the record.
    Task IndexAsync(EscalationDeskDbContext db, int id, DraftContent content, CancellationToken ct);
    Task RemoveAsync(EscalationDeskDbContext db, int id, CancellationToken ct);
    Task<IReadOnlyList<SimilarReport>> FindAsync(EscalationDeskDbContext db, int id, DraftContent content, int take, CancellationToken ct);
}

// SQLite FTS5 (bundled with Microsoft.Data.Sqlite): a virtual table EscalationSearch keyed by the escalation id.
public sealed partial class SqliteSimilarReports : ISimilarReports
{
    public const int MaxTerms = 24;

    private static readonly HashSet<string> StopWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "the", "and", "for", "are", "but", "not", "you", "all", "any", "can", "had", "her", "was", "one", "our", "out", "has", "his",
        "how", "its", "may", "new", "now", "old", "see", "two", "who", "did", "get", "got", "let", "say", "she", "too", "use", "with",
        "this", "that", "from", "they", "them", "then", "than", "when", "what", "have", "been", "were", "will", "would", "there",
        "their", "into", "some", "only", "also", "just", "like", "after", "before", "does", "doesn", "about", "because", "could",
        "should", "customer", "customers", "user", "users", "issue", "problem", "error", "when", "while", "which",
    };

    public async Task IndexAsync(EscalationDeskDbContext db, int id, DraftContent content, CancellationToken ct)
    {
        await RemoveAsync(db, id, ct);
        await db.Database.ExecuteSqlAsync(
            $"INSERT INTO EscalationSearch(rowid, Summary, Details) VALUES ({id}, {content.Understand.Summary}, {Details(content)})", ct);
    }

    public Task RemoveAsync(EscalationDeskDbContext db, int id, CancellationToken ct) =>
        db.Database.ExecuteSqlAsync($"DELETE FROM EscalationSearch WHERE rowid = {id}", ct);

    public async Task<IReadOnlyList<SimilarReport>> FindAsync(EscalationDeskDbContext db, int id, DraftContent content, int take, CancellationToken ct)
    {
        var query = MatchQuery($"{content.Understand.Summary} {Details(content)}");
        if (query.Length == 0) return [];

        // Summary matches weigh twice the details. Discarded drafts are removed from the index when discarded.
        var ranked = await db.Database.SqlQuery<int>($"""
            SELECT rowid AS "Value" FROM EscalationSearch
            WHERE EscalationSearch MATCH {query} AND rowid <> {id}
            ORDER BY bm25(EscalationSearch, 2.0, 1.0) LIMIT {take}
            """).ToListAsync(ct);
        if (ranked.Count == 0) return [];

        var rows = await db.Escalations.AsNoTracking()
            .Where(e => ranked.Contains(e.Id) && e.DiscardedAt == null)
            .Select(e => new SimilarReport(e.Id, e.Summary, e.AccountId, e.Account != null ? e.Account.Name : null, e.Status))
            .ToListAsync(ct);
        return rows.OrderBy(r => ranked.IndexOf(r.Id)).ToList();
    }

    private static string Details(DraftContent c) =>
        string.Join("\n", c.Understand.WhatsBroken, c.Reproduce.ErrorMessages, c.Reproduce.Actual);

    // The record's own significant words, each quoted so that no user text is read as FTS syntax.
    public static string MatchQuery(string text)
    {
        var terms = Words().Matches(text.ToLowerInvariant())
            .Select(m => m.Value)
            .Where(w => w.Length >= 3 && !StopWords.Contains(w))
            .Distinct()
            .Take(MaxTerms)
            .Select(w => $"\"{w}\"");
        return string.Join(" OR ", terms);
    }

    [GeneratedRegex(@"[\p{L}\p{N}]+")]
    private static partial Regex Words();
}

using EscalationDesk.Features.Similar;
using EscalationDesk.Features.Wizard;
using Microsoft.EntityFrameworkCore;

namespace EscalationDesk.Data.Sqlite;

// SQLite FTS5 (bundled with Microsoft.Data.Sqlite): the virtual table EscalationSearch, keyed (rowid) by the escalation id,
// with the fts5vocab table EscalationSearchTerms over it; both are made by the InitialCreate migration.
public sealed class SqliteFullTextSearch : IEscalationSearch
{
    public async Task IndexAsync(EscalationDeskDbContext db, int id, DraftContent content, CancellationToken ct)
    {
        await RemoveAsync(db, id, ct);
        await db.Database.ExecuteSqlAsync(
            $"INSERT INTO EscalationSearch(rowid, Summary, Details) VALUES ({id}, {content.Understand.Summary}, {SearchWords.Details(content)})", ct);
    }

    // The details as SearchWords.Details joins them, read from the stored content.
    public Task IndexRangeAsync(EscalationDeskDbContext db, int fromId, int toId, CancellationToken ct) =>
        db.Database.ExecuteSqlAsync($"""
            INSERT INTO EscalationSearch(rowid, Summary, Details)
            SELECT Id, Summary,
                   coalesce(json_extract(Content, '$.Understand.WhatsBroken'), '') || char(10) ||
                   coalesce(json_extract(Content, '$.Reproduce.ErrorMessages'), '') || char(10) ||
                   coalesce(json_extract(Content, '$.Reproduce.Actual'), '')
            FROM Escalations WHERE Id BETWEEN {fromId} AND {toId} AND DiscardedAt IS NULL
            """, ct);

    public Task RemoveAsync(EscalationDeskDbContext db, int id, CancellationToken ct) =>
        db.Database.ExecuteSqlAsync($"DELETE FROM EscalationSearch WHERE rowid = {id}", ct);

    // Composed by the caller as `Id IN (SELECT rowid ... MATCH ...)`: SQLite reads the few matching ids from the index first.
    public IQueryable<int>? Matching(EscalationDeskDbContext db, string text)
    {
        var words = SearchWords.Significant(text, minLength: 1);
        if (words.Count == 0) return null;
        var match = MatchAll(words);
        return db.Database.SqlQuery<int>($"SELECT rowid AS \"Value\" FROM EscalationSearch WHERE EscalationSearch MATCH {match}");
    }

    public async Task<IReadOnlyList<SimilarReport>> FindSimilarAsync(EscalationDeskDbContext db, int id, DraftContent content, int take, CancellationToken ct)
    {
        var words = SearchWords.Significant($"{content.Understand.Summary} {SearchWords.Details(content)}");
        if (words.Count == 0) return [];
        var query = MatchAny(await TellingWordsAsync(db, words, ct));
        if (query.Length == 0) return [];

        // Summary matches weigh twice the details. Discarded drafts are removed from the index when discarded.
        var ranked = await db.Database.SqlQuery<int>($"""
            SELECT rowid AS "Value" FROM EscalationSearch
            WHERE EscalationSearch MATCH {query} AND rowid <> {id}
            ORDER BY bm25(EscalationSearch, 2.0, 1.0) LIMIT {take}
            """).ToListAsync(ct);
        return await IEscalationSearch.ReportsInRankAsync(db, ranked, ct);
    }

    // Each word quoted, so that no user text is ever read as FTS syntax: any of the words (similar reports) or all of
    // them with the last as a prefix (the queue, as the lead types).
    public static string MatchAny(IEnumerable<string> words) => string.Join(" OR ", words.Select(w => $"\"{w}\""));

    public static string MatchAll(IReadOnlyList<string> words) =>
        string.Join(" AND ", words.Select((w, i) => i == words.Count - 1 ? $"\"{w}\"*" : $"\"{w}\""));

    // SearchWords.Telling's choice from FTS5's own counts (the fts5vocab table): words are stemmed by FTS5 itself, through a
    // scratch table on this connection.
    private static async Task<IReadOnlyList<string>> TellingWordsAsync(EscalationDeskDbContext db, IReadOnlyList<string> words, CancellationToken ct)
    {
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            await db.Database.ExecuteSqlRawAsync("""
                CREATE VIRTUAL TABLE IF NOT EXISTS temp.SimilarProbe USING fts5(Word, tokenize = 'porter unicode61');
                CREATE VIRTUAL TABLE IF NOT EXISTS temp.SimilarProbeTerms USING fts5vocab('temp', 'SimilarProbe', 'instance');
                DELETE FROM temp.SimilarProbe;
                """, ct);
            // One statement for all words. Only numbered placeholders are put into the SQL; the words travel as parameters.
            var values = string.Join(", ", words.Select((_, i) => $"({i + 1}, {{{i}}})"));
#pragma warning disable EF1002
            await db.Database.ExecuteSqlRawAsync($"INSERT INTO temp.SimilarProbe(rowid, Word) VALUES {values}", words.Cast<object>().ToArray(), ct);
#pragma warning restore EF1002

            var counts = await db.Database.SqlQuery<WordCount>($"""
                SELECT p.doc AS WordIndex, coalesce(t.doc, 0) AS Documents
                FROM temp.SimilarProbeTerms p LEFT JOIN EscalationSearchTerms t ON t.term = p.term
                """).ToListAsync(ct);
            var total = await db.Database.SqlQuery<long>($"SELECT count(*) AS \"Value\" FROM EscalationSearch_docsize").SingleAsync(ct);
            await db.Database.ExecuteSqlRawAsync("DELETE FROM temp.SimilarProbe;", ct);

            return SearchWords.Telling(words, counts, total);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }
}

using System.Runtime.CompilerServices;
using EscalationDesk.Features.Similar;
using EscalationDesk.Features.Wizard;
using Microsoft.EntityFrameworkCore;

namespace EscalationDesk.Data.Postgres;

// PostgreSQL full-text search: the table EscalationSearch holds each indexed escalation's stored tsvector ("Document":
// the summary weighted A, the details B) under a GIN index; the text search configuration escalationdesk_english stems
// English words as SQLite's porter tokenizer does and, like it, drops no stop word. All three are made by the first
// migration. User text never becomes query syntax: the words are letters and digits only (SearchWords), each quoted.
// EscalationSearchWords (migration Pgperf_OrderIndexes) holds how many documents hold each lexeme, as FTS5's fts5vocab
// does on SQLite: every statement that writes a document changes those counts by the lexemes it adds and removes, in the
// same statement (so in the same transaction), each word's row taken in word order so that two writers lock them alike.
public sealed class PostgresFullTextSearch : IEscalationSearch
{
    public const string Configuration = "escalationdesk_english";
    // From this many indexed reports the planner's row estimate stands in for count(*), which would read every row.
    private const long EstimateFrom = 10_000;

    // Ranking reads every matching report's stored tsvector from the table (a heap read and ts_rank, about 3 µs a report
    // here), where SQLite's bm25 reads FTS5's own postings: the words chosen here may appear in at most 2,000 reports
    // (SQLite: SearchWords.PostingsBudget, 5,000). Measured side by side in docs/PERFORMANCE.md ("Similar reports at
    // 100,000 on PostgreSQL"). Only the budget differs: at a few thousand reports both engines choose the same words.
    public const long DefaultPostingsBudget = 2_000;

    public long PostingsBudget { get; init; } = DefaultPostingsBudget;

    // The lexeme counts' change, from the CTEs "added" (the new documents, column "Document") and "replaced" (the documents
    // they replace): only the lexemes that differ change a count.
    private const string CountWords = """
        INSERT INTO "EscalationSearchWords" AS w ("Word", "Documents")
        SELECT word, sum(delta) FROM (
            SELECT unnest(tsvector_to_array("Document")) AS word, 1 AS delta FROM added
            UNION ALL
            SELECT unnest(tsvector_to_array("Document")), -1 FROM replaced) c
        GROUP BY word HAVING sum(delta) <> 0 ORDER BY word
        ON CONFLICT ("Word") DO UPDATE SET "Documents" = w."Documents" + EXCLUDED."Documents"
        """;

    // A write's CTEs followed by CountWords (plain SQL, no parameter).
    private static FormattableString WithCounts(FormattableString write) =>
        FormattableStringFactory.Create(write.Format + CountWords, write.GetArguments());

    public Task IndexAsync(EscalationDeskDbContext db, int id, DraftContent content, CancellationToken ct) =>
        db.Database.ExecuteSqlAsync(WithCounts($$"""
            WITH replaced AS (SELECT "Document" FROM "EscalationSearch" WHERE "Id" = {{id}} FOR UPDATE),
            added AS (
                SELECT setweight(to_tsvector('escalationdesk_english', {{content.Understand.Summary ?? ""}}), 'A')
                    || setweight(to_tsvector('escalationdesk_english', {{SearchWords.Details(content)}}), 'B') AS "Document"),
            saved AS (
                INSERT INTO "EscalationSearch" ("Id", "Document") SELECT {{id}}, "Document" FROM added
                ON CONFLICT ("Id") DO UPDATE SET "Document" = EXCLUDED."Document")
            """), ct);

    // The details as SearchWords.Details joins them, read from the stored content.
    public Task IndexRangeAsync(EscalationDeskDbContext db, int fromId, int toId, CancellationToken ct) =>
        db.Database.ExecuteSqlAsync(WithCounts($$"""
            WITH added AS (
                SELECT e."Id", setweight(to_tsvector('escalationdesk_english', coalesce(e."Summary", '')), 'A')
                    || setweight(to_tsvector('escalationdesk_english', concat_ws(E'\n', c #>> '{Understand,WhatsBroken}',
                        c #>> '{Reproduce,ErrorMessages}', c #>> '{Reproduce,Actual}')), 'B') AS "Document"
                FROM (SELECT "Id", "Summary", "Content"::jsonb AS c FROM "Escalations"
                      WHERE "Id" BETWEEN {{fromId}} AND {{toId}} AND "DiscardedAt" IS NULL) e),
            replaced AS (
                SELECT s."Document" FROM "EscalationSearch" s
                WHERE s."Id" BETWEEN {{fromId}} AND {{toId}} AND s."Id" IN (SELECT "Id" FROM added) FOR UPDATE),
            saved AS (
                INSERT INTO "EscalationSearch" ("Id", "Document") SELECT "Id", "Document" FROM added
                ON CONFLICT ("Id") DO UPDATE SET "Document" = EXCLUDED."Document")
            """), ct);

    public Task RemoveAsync(EscalationDeskDbContext db, int id, CancellationToken ct) =>
        db.Database.ExecuteSqlAsync(WithCounts($$"""
            WITH replaced AS (DELETE FROM "EscalationSearch" WHERE "Id" = {{id}} RETURNING "Document"),
            added AS (SELECT "Document" FROM replaced WHERE false)
            """), ct);

    public IQueryable<int>? Matching(EscalationDeskDbContext db, string text)
    {
        var words = SearchWords.Significant(text, minLength: 1);
        if (words.Count == 0) return null;
        var query = MatchAll(words);
        return db.Database.SqlQuery<int>(
            $"""SELECT "Id" AS "Value" FROM "EscalationSearch" WHERE "Document" @@ to_tsquery('escalationdesk_english', {query})""");
    }

    public async Task<IReadOnlyList<SimilarReport>> FindSimilarAsync(EscalationDeskDbContext db, int id, DraftContent content, int take, CancellationToken ct)
    {
        var words = SearchWords.Significant($"{content.Understand.Summary} {SearchWords.Details(content)}");
        if (words.Count == 0) return [];
        var telling = await TellingWordsAsync(db, words, PostingsBudget, ct);
        if (telling.Count == 0) return [];
        var query = MatchAny(telling);

        // Summary matches weigh twice the details ({D, C, B, A} weights). Discarded drafts are removed from the index when discarded.
        var ranked = await db.Database.SqlQuery<int>($$"""
            SELECT "Id" AS "Value" FROM "EscalationSearch", to_tsquery('escalationdesk_english', {{query}}) q
            WHERE "Document" @@ q AND "Id" <> {{id}}
            ORDER BY ts_rank('{0.1, 0.2, 0.5, 1.0}', "Document", q) DESC, "Id" LIMIT {{take}}
            """).ToListAsync(ct);
        return await IEscalationSearch.ReportsInRankAsync(db, ranked, ct);
    }

    // Each word quoted; any of them (similar reports), or all with the last as a prefix (the queue, as the lead types).
    public static string MatchAny(IEnumerable<string> words) => string.Join(" | ", words.Select(w => $"'{w}'"));

    public static string MatchAll(IReadOnlyList<string> words) =>
        string.Join(" & ", words.Select((w, i) => i == words.Count - 1 ? $"'{w}':*" : $"'{w}'"));

    // SearchWords.Telling's choice (as on SQLite) from the lexeme counts kept in EscalationSearchWords: a look-up reads one row
    // per word, never the documents. A word the configuration makes into several lexemes counts as its rarest.
    private static async Task<IReadOnlyList<string>> TellingWordsAsync(EscalationDeskDbContext db, IReadOnlyList<string> words, long budget, CancellationToken ct)
    {
        var total = await db.Database.SqlQuery<long>($"""
            SELECT CASE WHEN c.reltuples >= {EstimateFrom} THEN c.reltuples::bigint ELSE (SELECT count(*) FROM "EscalationSearch") END AS "Value"
            FROM pg_class c WHERE c.oid = '"EscalationSearch"'::regclass
            """).SingleAsync(ct);
        var counts = await db.Database.SqlQuery<WordCount>($"""
            SELECT w.i AS "WordIndex",
                   coalesce((SELECT min(c."Documents") FROM "EscalationSearchWords" c
                             WHERE c."Word" = ANY (tsvector_to_array(to_tsvector('escalationdesk_english', w.word)))), 0)::bigint AS "Documents"
            FROM unnest({words.ToArray()}::text[]) WITH ORDINALITY AS w(word, i)
            """).ToListAsync(ct);
        return SearchWords.Telling(words, counts, total, budget);
    }
}

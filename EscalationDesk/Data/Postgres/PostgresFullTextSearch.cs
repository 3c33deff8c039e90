using EscalationDesk.Features.Similar;
using EscalationDesk.Features.Wizard;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace EscalationDesk.Data.Postgres;

// PostgreSQL full-text search: the table EscalationSearch holds each indexed escalation's stored tsvector ("Document":
// the summary weighted A, the details B) under a GIN index; the text search configuration escalationdesk_english stems
// English words as SQLite's porter tokenizer does and, like it, drops no stop word. All three are made by the first
// migration. User text never becomes query syntax: the words are letters and digits only (SearchWords), each quoted.
public sealed class PostgresFullTextSearch : IEscalationSearch
{
    public const string Configuration = "escalationdesk_english";
    private const long MinCommonDocuments = 50;
    // From this many indexed reports the planner's row estimate stands in for count(*), which would read every row.
    private const long EstimateFrom = 10_000;

    public Task IndexAsync(EscalationDeskDbContext db, int id, DraftContent content, CancellationToken ct) =>
        db.Database.ExecuteSqlAsync($"""
            INSERT INTO "EscalationSearch" ("Id", "Document")
            VALUES ({id}, setweight(to_tsvector('escalationdesk_english', {content.Understand.Summary ?? ""}), 'A')
                       || setweight(to_tsvector('escalationdesk_english', {SearchWords.Details(content)}), 'B'))
            ON CONFLICT ("Id") DO UPDATE SET "Document" = EXCLUDED."Document"
            """, ct);

    // The details as SearchWords.Details joins them, read from the stored content.
    public Task IndexRangeAsync(EscalationDeskDbContext db, int fromId, int toId, CancellationToken ct) =>
        db.Database.ExecuteSqlAsync($$"""
            INSERT INTO "EscalationSearch" ("Id", "Document")
            SELECT e."Id", setweight(to_tsvector('escalationdesk_english', coalesce(e."Summary", '')), 'A')
                || setweight(to_tsvector('escalationdesk_english', concat_ws(E'\n', c #>> '{Understand,WhatsBroken}',
                    c #>> '{Reproduce,ErrorMessages}', c #>> '{Reproduce,Actual}')), 'B')
            FROM (SELECT "Id", "Summary", "Content"::jsonb AS c FROM "Escalations"
                  WHERE "Id" BETWEEN {{fromId}} AND {{toId}} AND "DiscardedAt" IS NULL) e
            ON CONFLICT ("Id") DO UPDATE SET "Document" = EXCLUDED."Document"
            """, ct);

    public Task RemoveAsync(EscalationDeskDbContext db, int id, CancellationToken ct) =>
        db.Database.ExecuteSqlAsync($"""DELETE FROM "EscalationSearch" WHERE "Id" = {id}""", ct);

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
        var telling = await TellingWordsAsync(db, words, ct);
        if (telling.Count == 0) return [];
        var query = MatchAny(telling);

        // Summary matches weigh twice the details ({D, C, B, A} weights). Discarded drafts are removed from the index when discarded.
        var ranked = await db.Database.SqlQuery<int>($$"""
            SELECT "Id" AS "Value" FROM "EscalationSearch", to_tsquery('escalationdesk_english', {{query}}) q
            WHERE "Document" @@ q AND "Id" <> {{id}}
            ORDER BY ts_rank('{0.1, 0.2, 0.5, 1.0}', "Document", q) DESC, "Id" LIMIT {{take}}
            """).ToListAsync(ct);
        if (ranked.Count == 0) return [];

        var rows = await db.Escalations.AsNoTracking()
            .Where(e => ranked.Contains(e.Id) && e.DiscardedAt == null)
            .Select(e => new SimilarReport(e.Id, e.Summary, e.AccountId, e.Account != null ? e.Account.Name : null, e.Status))
            .ToListAsync(ct);
        return rows.OrderBy(r => ranked.IndexOf(r.Id)).ToList();
    }

    // Each word quoted; any of them (similar reports), or all with the last as a prefix (the queue, as the lead types).
    public static string MatchAny(IEnumerable<string> words) => string.Join(" | ", words.Select(w => $"'{w}'"));

    public static string MatchAll(IReadOnlyList<string> words) =>
        string.Join(" & ", words.Select((w, i) => i == words.Count - 1 ? $"'{w}':*" : $"'{w}'"));

    // The same choice as SQLite's (SqliteFullTextSearch.TellingWordsAsync): the indexed words, rarest first, leaving out
    // those in over a tenth of all reports, until the postings budget. Each word's count stops at that tenth, so a common
    // word costs no more than a rare one would at the threshold.
    private static async Task<IReadOnlyList<string>> TellingWordsAsync(EscalationDeskDbContext db, IReadOnlyList<string> words, CancellationToken ct)
    {
        var total = await db.Database.SqlQuery<long>($"""
            SELECT CASE WHEN c.reltuples >= {EstimateFrom} THEN c.reltuples::bigint ELSE (SELECT count(*) FROM "EscalationSearch") END AS "Value"
            FROM pg_class c WHERE c.oid = '"EscalationSearch"'::regclass
            """).SingleAsync(ct);
        var common = Math.Max(MinCommonDocuments, total / 10);
        var stats = await db.Database.SqlQueryRaw<TermStat>("""
            SELECT w.i AS "WordIndex",
                   (SELECT count(*) FROM (SELECT 1 FROM "EscalationSearch" s
                        WHERE s."Document" @@ to_tsquery('escalationdesk_english', '''' || w.word || '''') LIMIT @cap) x) AS "Documents"
            FROM unnest(@words) WITH ORDINALITY AS w(word, i)
            """, new NpgsqlParameter("words", words.ToArray()), new NpgsqlParameter("cap", common + 1)).ToListAsync(ct);

        var chosen = new List<string>();
        long postings = 0;
        foreach (var stat in stats.Where(s => s.Documents > 0 && s.Documents <= common).OrderBy(s => s.Documents).ThenBy(s => s.WordIndex))
        {
            var word = words[(int)stat.WordIndex - 1];
            if (chosen.Contains(word)) continue;
            if (chosen.Count >= Sqlite.SqliteFullTextSearch.MaxTerms || (chosen.Count >= Sqlite.SqliteFullTextSearch.MinTerms && postings + stat.Documents > Sqlite.SqliteFullTextSearch.PostingsBudget)) break;
            chosen.Add(word);
            postings += stat.Documents;
        }
        return chosen;
    }

    private sealed record TermStat(long WordIndex, long Documents);
}

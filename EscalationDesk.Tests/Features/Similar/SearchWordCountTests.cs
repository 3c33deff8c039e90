using EscalationDesk.Features.Drafts;
using EscalationDesk.Features.Wizard;
using EscalationDesk.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace EscalationDesk.Tests.Features.Similar;

// PostgreSQL keeps how many indexed reports hold each word (EscalationSearchWords) for Similar reports to choose the telling
// words without reading the reports: after every kind of write the kept counts are the counts of the documents themselves.
public sealed class SearchWordCountTests : IDisposable
{
    private const string Reason = "SQLite's FTS5 counts its own words (fts5vocab)";
    private readonly TestDatabase _db = new();
    private readonly FixedUser _agent = new("Ana Agent");
    private WizardService Wizard => new(_db, _agent, _db.Clock, _db.Search);
    private DraftsService Drafts => new(_db, _agent, _db.Clock, _db.Search);

    private async Task<int> ReportAsync(string summary, string details = "")
    {
        var id = await Drafts.CreateAsync();
        await EditAsync(id, summary, details);
        return id;
    }

    private async Task EditAsync(int id, string summary, string details = "")
    {
        var draft = (await Wizard.LoadAsync(id))!;
        draft.Content.Understand.Summary = summary;
        draft.Content.Understand.WhatsBroken = details;
        await Wizard.SaveAsync(id, draft.Content, 1, draft.Version);
    }

    private sealed record Count(string Word, long Documents);

    // The kept counts (words no report holds any more may stay, at zero) and the counts PostgreSQL makes from the documents.
    private async Task<(Dictionary<string, long> Kept, Dictionary<string, long> Counted)> CountsAsync()
    {
        await using var db = _db.CreateDbContext();
        var kept = await db.Database.SqlQueryRaw<Count>("""SELECT "Word", "Documents"::bigint AS "Documents" FROM "EscalationSearchWords" WHERE "Documents" <> 0""").ToListAsync();
        var counted = await db.Database.SqlQueryRaw<Count>("""SELECT word AS "Word", ndoc::bigint AS "Documents" FROM ts_stat('SELECT "Document" FROM "EscalationSearch"')""").ToListAsync();
        return (kept.ToDictionary(c => c.Word, c => c.Documents), counted.ToDictionary(c => c.Word, c => c.Documents));
    }

    private async Task AssertInStepAsync()
    {
        var (kept, counted) = await CountsAsync();
        Assert.Equal(counted.OrderBy(c => c.Key, StringComparer.Ordinal), kept.OrderBy(c => c.Key, StringComparer.Ordinal));
    }

    [PostgresRunFact(Reason)]
    public async Task Indexing_editing_removing_and_discarding_keep_each_words_count_of_reports()
    {
        var webhook = await ReportAsync("Webhook retries flood the endpoint", "retries every second, webhook endpoint down");
        var invoice = await ReportAsync("Invoice totals rounded wrongly", "Webhook for invoices fine");
        await AssertInStepAsync();
        Assert.Equal(2, (await CountsAsync()).Kept["webhook"]);

        // An edit changes only the words it adds or drops; saving the same words again changes nothing.
        await EditAsync(invoice, "Invoice totals rounded wrongly", "PDF shows the old totals");
        await EditAsync(invoice, "Invoice totals rounded wrongly", "PDF shows the old totals");
        await AssertInStepAsync();
        Assert.Equal(1, (await CountsAsync()).Kept["webhook"]);

        await using (var db = _db.CreateDbContext()) await _db.Search.RemoveAsync(db, webhook, CancellationToken.None);
        await AssertInStepAsync();
        Assert.False((await CountsAsync()).Kept.ContainsKey("webhook"));

        await Drafts.DiscardAsync(invoice);
        await AssertInStepAsync();
        Assert.Empty((await CountsAsync()).Kept);
    }

    [PostgresRunFact(Reason)]
    public async Task Indexing_a_range_again_counts_each_report_once()
    {
        var first = await ReportAsync("Export CSV truncated", "stops at 10000 rows");
        var last = await ReportAsync("Export button slow", "export takes a minute");

        await using (var db = _db.CreateDbContext()) await _db.Search.IndexRangeAsync(db, first, last, CancellationToken.None);

        await AssertInStepAsync();
        Assert.Equal(2, (await CountsAsync()).Kept["export"]);
    }

    // A search never reads a list of pending writes (GIN's fastupdate): every autosave's words are in the index's tree at once.
    [PostgresRunFact(Reason)]
    public async Task The_search_index_takes_each_write_into_its_tree_at_once()
    {
        await ReportAsync("Export CSV truncated", "stops at 10000 rows");
        await using var db = _db.CreateDbContext();
        var options = await db.Database.SqlQueryRaw<string>(
            """SELECT array_to_string(reloptions, ',') AS "Value" FROM pg_class WHERE relname = 'IX_EscalationSearch_Document'""").SingleAsync();
        Assert.Contains("fastupdate=off", options);
    }

    public void Dispose() => _db.Dispose();
}

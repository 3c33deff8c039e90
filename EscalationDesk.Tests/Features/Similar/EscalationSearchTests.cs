using EscalationDesk.Data;
using EscalationDesk.Features.Drafts;
using EscalationDesk.Features.Queue;
using EscalationDesk.Features.Wizard;
using EscalationDesk.Tests.Infrastructure;

namespace EscalationDesk.Tests.Features.Similar;

// The queue's text filter and Similar reports read one full-text index (IEscalationSearch): what is indexed once is found
// by both, and what leaves the index is found by neither.
public sealed class EscalationSearchTests : IDisposable
{
    private readonly TestDatabase _db = new();
    private readonly FixedUser _agent = new("Ana Agent");
    private WizardService Wizard => new(_db, _agent, _db.Clock, _db.Search);
    private DraftsService Drafts => new(_db, _agent, _db.Clock, _db.Search);
    private QueueService Queue => new(_db, _db.Clock, FixedUser.Lead(), _db.Search);

    private async Task<int> DraftAsync(string summary)
    {
        var id = await Drafts.CreateAsync();
        var draft = (await Wizard.LoadAsync(id))!;
        draft.Content.Understand.Summary = summary;
        await Wizard.SaveAsync(id, draft.Content, 1, draft.Version);
        return id;
    }

    private async Task<List<int>> SimilarToAsync(int draft) =>
        (await Wizard.FactsAsync(draft, (await Wizard.LoadAsync(draft))!.Content)).Suggestions.Select(s => s.Id).ToList();

    private async Task<List<int>> QueueFindsAsync(string text) => (await Queue.PageAsync(new QueueQuery(Text: text))).Rows.Select(r => r.Id).ToList();

    private async Task<List<int>> MatchingAsync(string text)
    {
        await using var db = _db.CreateDbContext();
        return [.. _db.Search.Matching(db, text)!];
    }

    [Fact]
    public async Task An_escalation_indexed_once_is_found_by_the_queue_and_by_similar_reports_and_removed_by_neither()
    {
        var escalated = await EscalationRows.AddAsync(_db, _db.Clock.GetUtcNow().UtcDateTime, "Webhook retries flood the endpoint");
        var mine = await DraftAsync("Webhook retries never stop");

        Assert.Equal([escalated], await QueueFindsAsync("webhook retr"));
        Assert.Equal([escalated], await SimilarToAsync(mine));

        await using (var db = _db.CreateDbContext()) await _db.Search.RemoveAsync(db, escalated, CancellationToken.None);

        Assert.Empty(await QueueFindsAsync("webhook retr"));
        Assert.Empty(await SimilarToAsync(mine));
        Assert.Equal([escalated], (await Queue.PageAsync(new QueueQuery())).Rows.Select(r => r.Id));   // still in the queue, only not found by text
    }

    [Fact]
    public async Task A_saved_draft_is_found_by_both_searches_and_a_discarded_one_by_neither()
    {
        var other = await DraftAsync("Invoice PDF shows wrong totals");
        var mine = await DraftAsync("Invoice totals wrong in the PDF");

        Assert.Equal([other, mine], (await MatchingAsync("invoice tot")).Order());
        Assert.Equal([other], await SimilarToAsync(mine));

        await Drafts.DiscardAsync(other);

        Assert.Equal([mine], await MatchingAsync("invoice tot"));
        Assert.Empty(await SimilarToAsync(mine));
    }

    [Theory]
    [InlineData("\" OR NEAR( *")]
    [InlineData("invoice\" OR \"webhook")]
    [InlineData("totals)* AND (")]
    public async Task Hostile_text_is_searched_as_words_never_as_syntax(string text)
    {
        await DraftAsync("Invoice PDF shows wrong totals");
        await DraftAsync("Webhook retries flood the endpoint");

        Assert.Empty(await MatchingAsync(text));
    }

    [Fact]
    public async Task Text_without_a_word_does_not_narrow()
    {
        await using var db = _db.CreateDbContext();
        Assert.Null(_db.Search.Matching(db, "\" * ( ) :"));
    }

    public void Dispose() => _db.Dispose();
}

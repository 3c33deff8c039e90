using EscalationDesk.Data;
using EscalationDesk.Features.Drafts;
using EscalationDesk.Features.Wizard;
using EscalationDesk.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace EscalationDesk.Tests.Features.Drafts;

public sealed class DraftsServiceTests : IDisposable
{
    private readonly TestDatabase _db = new();
    private readonly FixedUser _agent = new("Ana Agent");

    private DraftsService Drafts(FixedUser? user = null) => new(_db, user ?? _agent, _db.Clock, _db.Search);
    private WizardService Wizard => new(_db, _agent, _db.Clock, _db.Search);

    [Fact]
    public async Task A_new_draft_is_listed_and_its_creation_is_on_the_timeline()
    {
        var id = await Drafts().CreateAsync();

        var listed = Assert.Single(await Drafts().ListMineAsync());
        Assert.Equal(id, listed.Id);
        Assert.Equal(1, listed.CurrentStep);
        await using var db = _db.CreateDbContext();
        var created = Assert.Single(await db.Timeline.Where(t => t.EscalationId == id).ToListAsync());
        Assert.Equal(TimelineKinds.Created, created.Kind);
        Assert.Equal("Ana Agent", created.Actor);
    }

    [Fact]
    public async Task Drafts_are_listed_newest_edit_first_with_summary_customer_and_step()
    {
        var older = await Drafts().CreateAsync();
        _db.Clock.Advance(TimeSpan.FromMinutes(5));
        var newer = await Drafts().CreateAsync();
        _db.Clock.Advance(TimeSpan.FromMinutes(5));
        var draft = (await Wizard.LoadAsync(older))!;
        draft.Content.Understand.Summary = "Exports fail for Acme";
        await Wizard.SaveAsync(older, draft.Content, 3, draft.Version);

        var list = await Drafts().ListMineAsync();

        Assert.Equal([older, newer], list.Select(d => d.Id));
        Assert.Equal("Exports fail for Acme", list[0].Summary);
        Assert.Equal(3, list[0].CurrentStep);
    }

    [Fact]
    public async Task Another_agents_drafts_are_not_in_my_list()
    {
        await Drafts(new FixedUser("Someone Else")).CreateAsync();
        Assert.Empty(await Drafts().ListMineAsync());
    }

    [Fact]
    public async Task Discarding_hides_the_draft_but_keeps_the_record_and_records_the_discard()
    {
        var id = await Drafts().CreateAsync();

        Assert.True(await Drafts().DiscardAsync(id));

        Assert.Empty(await Drafts().ListMineAsync());
        Assert.Null(await Wizard.LoadAsync(id));
        await using var db = _db.CreateDbContext();
        var kept = await db.Escalations.Include(e => e.Timeline).SingleAsync(e => e.Id == id);
        Assert.NotNull(kept.DiscardedAt);
        Assert.Contains(kept.Timeline, t => t.Kind == TimelineKinds.Discarded && t.Actor == "Ana Agent");
        Assert.False(await Drafts().DiscardAsync(id));
    }

    public void Dispose() => _db.Dispose();

    [Fact]
    public async Task A_draft_left_untouched_is_removed_with_its_timeline_and_leaves_no_row_in_My_drafts()
    {
        var id = await Drafts().CreateAsync();
        // Opening steps is no edit: the wizard saves the step reached and the steps visited.
        var draft = (await Wizard.LoadAsync(id))!;
        draft.Content.VisitedSteps.UnionWith([1, 2, 3]);
        await Wizard.SaveAsync(id, draft.Content, 3, draft.Version);

        Assert.True(await Drafts().AbandonAsync(id));

        Assert.Empty(await Drafts().ListMineAsync());
        await using var db = _db.CreateDbContext();
        Assert.False(await db.Escalations.AnyAsync(e => e.Id == id));
        Assert.False(await db.Timeline.AnyAsync(t => t.EscalationId == id));
    }

    [Fact]
    public async Task My_drafts_no_longer_lists_a_draft_left_untouched_once_it_is_older_than_the_grace_period()
    {
        var empty = await Drafts().CreateAsync();
        var typed = await Drafts().CreateAsync();
        var draft = (await Wizard.LoadAsync(typed))!;
        draft.Content.Understand.Summary = "Invoices fail to send";
        await Wizard.SaveAsync(typed, draft.Content, 1, draft.Version);

        Assert.Equal([typed, empty], (await Drafts().ListMineAsync()).Select(d => d.Id));   // still fresh: it may be in use
        _db.Clock.Advance(DraftsService.UntouchedKept + TimeSpan.FromMinutes(1));

        Assert.Equal([typed], (await Drafts().ListMineAsync()).Select(d => d.Id));
        await using var db = _db.CreateDbContext();
        Assert.False(await db.Escalations.AnyAsync(e => e.Id == empty));
    }

    [Fact]
    public async Task A_draft_with_anything_typed_is_kept_when_left()
    {
        var id = await Drafts().CreateAsync();
        var draft = (await Wizard.LoadAsync(id))!;
        draft.Content.Impact.CustomersAffected = 1;
        await Wizard.SaveAsync(id, draft.Content, 3, draft.Version);

        Assert.False(await Drafts().AbandonAsync(id));

        Assert.Equal(id, Assert.Single(await Drafts().ListMineAsync()).Id);
    }

    [Fact]
    public async Task A_draft_typed_into_then_cleared_is_kept_because_its_timeline_has_the_edits()
    {
        var id = await Drafts().CreateAsync();
        var draft = (await Wizard.LoadAsync(id))!;
        draft.Content.Understand.Summary = "Exports fail";
        var saved = await Wizard.SaveAsync(id, draft.Content, 1, draft.Version);
        draft.Content.Understand.Summary = "";
        await Wizard.SaveAsync(id, draft.Content, 1, saved.Version);

        Assert.False(await Drafts().AbandonAsync(id));

        Assert.Single(await Drafts().ListMineAsync());
    }

    [Fact]
    public async Task Another_agents_untouched_draft_is_not_removed()
    {
        var id = await Drafts().CreateAsync();

        Assert.False(await Drafts(new FixedUser("Bo Other")).AbandonAsync(id));

        Assert.Single(await Drafts().ListMineAsync());
    }
}

using System.Text;
using EscalationDesk.Data;
using EscalationDesk.Features.Briefs;
using EscalationDesk.Features.Escalations;
using EscalationDesk.Features.Judgment;
using EscalationDesk.Features.Users;
using EscalationDesk.Tests.Features.Escalations;
using EscalationDesk.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using UglyToad.PdfPig;

namespace EscalationDesk.Tests.Features.Briefs;

// Snapshots keep a brief as it was, for every audience: taken on escalating and on Save snapshot, numbered, listed, downloaded
// as they were however the record changes after, and compared field by field with the record as it is now.
public sealed class BriefSnapshotTests : IDisposable
{
    private readonly TestDatabase _db = new();
    private EscalationScenario Scenario => new(_db);

    private BriefService Briefs(ICurrentUser user) => new(_db, user, _db.Clock, new EscalationDeskOptions(),
        new Lazy<IBriefPdf>(() => new PdfSharpBriefPdf(new PdfOptions())), new PdfRenderLimits(new PdfOptions()), new BriefPdfCache(new PdfOptions()));

    private BriefSnapshots Snapshots(ICurrentUser? user = null) => new(_db, Briefs(user ?? Scenario.Agent), user ?? Scenario.Agent, _db.Clock);

    private async Task<int> EscalatedWithSnapshotAsync()
    {
        var id = await Scenario.ReadyDraftAsync();
        Assert.True((await new EscalateCommand(_db, Scenario.Agent, _db.Clock, snapshots: Snapshots()).EscalateAsync(id)).Ok);
        return id;
    }

    private async Task EditAsync(int id, Action<EscalationDesk.Features.Wizard.DraftContent> change)
    {
        var wizard = Scenario.Wizard;
        var draft = (await wizard.LoadAsync(id))!;
        change(draft.Content);
        Assert.Equal(EscalationDesk.Features.Wizard.SaveOutcome.Saved, (await wizard.SaveAsync(id, draft.Content, 1, draft.Version)).Outcome);
    }

    [Fact]
    public async Task Escalating_takes_v1_in_the_same_step_and_Save_snapshot_numbers_the_next()
    {
        var id = await EscalatedWithSnapshotAsync();
        _db.Clock.Advance(TimeSpan.FromMinutes(5));

        Assert.Equal(2, await Snapshots().TakeAsync(id, SnapshotReasons.Saved));

        var items = await Snapshots().ListAsync(id);
        Assert.Equal([2, 1], items.Select(i => i.Number));
        Assert.Equal([SnapshotReasons.Saved, SnapshotReasons.Escalated], items.Select(i => i.Reason));
        Assert.All(items, i => Assert.Equal("Ana Agent", i.TakenBy));
        Assert.Equal(EscalationStatus.Escalated, items[1].Status);
        await using var db = _db.CreateDbContext();
        Assert.Equal(["Snapshot v1 saved (Escalated)", "Snapshot v2 saved (Saved)"],
            await db.Timeline.Where(t => t.EscalationId == id && t.Kind == TimelineKinds.Snapshot).OrderBy(t => t.Id).Select(t => t.Detail).ToListAsync());
    }

    [Fact]
    public async Task A_snapshot_downloads_as_it_was_for_each_audience_with_its_version_in_the_name()
    {
        var id = await EscalatedWithSnapshotAsync();
        var summaryThen = (await Briefs(Scenario.Agent).LoadAsync(id))!.Content.Understand.Summary;
        await EditAsync(id, c => c.Understand.Summary = "Rewritten after the snapshot");

        var standard = (await Snapshots().MarkdownAsync(id, 1, BriefAudience.Standard))!;
        Assert.StartsWith($"ESC-{id}-v1-", standard.FileName);
        Assert.StartsWith($"## ESCALATION: {summaryThen}", Encoding.UTF8.GetString(standard.Data));

        var leadership = Encoding.UTF8.GetString((await Snapshots().MarkdownAsync(id, 1, BriefAudience.Leadership))!.Data);
        Assert.Contains("### Executive Summary", leadership);
        Assert.DoesNotContain("Rewritten", leadership);

        var pdf = (await Snapshots().PdfAsync(id, 1, BriefAudience.Customer))!;
        Assert.StartsWith($"ESC-{id}-v1-customer-", pdf.FileName);
        using var document = PdfDocument.Open(pdf.Data);
        var first = string.Join(" ", document.GetPage(1).GetWords().Select(w => w.Text));
        Assert.Contains($"ESC-{id} v1", first);
        Assert.Contains("What We Know", first);
        Assert.DoesNotContain("DRAFT", first);

        Assert.Null(await Snapshots().MarkdownAsync(id, 9, BriefAudience.Standard));
    }

    [Fact]
    public async Task Changes_since_the_latest_snapshot_are_said_field_by_field()
    {
        var id = await EscalatedWithSnapshotAsync();
        Assert.Empty((await Snapshots().ChangesAsync(id))!.Changes);

        await EditAsync(id, c =>
        {
            c.Impact.CustomersAffected = 7;
            c.Impact.ArrAtRisk = 90_000m;
            c.Understand.WhatsBroken += " It now fails for every export.";
        });
        var changes = (await Snapshots().ChangesAsync(id))!;

        Assert.Equal(1, changes.Since);
        Assert.Contains("What's broken or needed edited", changes.Changes);
        Assert.Contains(changes.Changes, c => c.StartsWith("Customers affected ", StringComparison.Ordinal) && c.EndsWith(" → 7", StringComparison.Ordinal));
        Assert.Contains(changes.Changes, c => c.StartsWith("ARR at risk ", StringComparison.Ordinal) && c.EndsWith("→ USD 90,000", StringComparison.Ordinal));

        await Snapshots().TakeAsync(id, SnapshotReasons.Saved);
        Assert.Equal(2, (await Snapshots().ChangesAsync(id))!.Since);
        Assert.Empty((await Snapshots().ChangesAsync(id))!.Changes);
    }

    [Fact]
    public async Task Readers_download_snapshots_only_those_who_act_save_them_and_others_see_none()
    {
        var id = await EscalatedWithSnapshotAsync();
        var bob = new FixedUser("Bob Agent");
        Assert.Null(await Snapshots(bob).TakeAsync(id, SnapshotReasons.Saved));
        Assert.Equal([1], (await Snapshots(bob).ListAsync(id)).Select(i => i.Number));
        Assert.NotNull(await Snapshots(bob).MarkdownAsync(id, 1, BriefAudience.Standard));

        var draft = await Scenario.ReadyDraftAsync();
        Assert.Equal(1, await Snapshots().TakeAsync(draft, SnapshotReasons.Saved));
        Assert.Null(await Snapshots(bob).TakeAsync(draft, SnapshotReasons.Saved));
        Assert.Empty(await Snapshots(bob).ListAsync(draft));
        Assert.Null(await Snapshots(bob).MarkdownAsync(draft, 1, BriefAudience.Standard));
        Assert.Null(await Snapshots(bob).ChangesAsync(draft));
        using var pdf = PdfDocument.Open((await Snapshots().PdfAsync(draft, 1, BriefAudience.Standard))!.Data);
        Assert.All(pdf.GetPages(), page => Assert.Contains("DRAFT", string.Join(" ", page.GetWords().Select(w => w.Text))));
    }

    public void Dispose() => _db.Dispose();
}

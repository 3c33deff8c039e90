using System.Text;
using EscalationDesk.Data;
using EscalationDesk.Features.Drafts;
using EscalationDesk.Features.Wizard;
using EscalationDesk.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace EscalationDesk.Tests.Features.Wizard;

public sealed class EvidenceServiceTests : IDisposable
{
    private readonly TestDatabase _db = new();
    private readonly FixedUser _agent = new("Ana Agent");
    private EvidenceService Evidence => new(_db, _agent, _db.Clock);

    [Fact]
    public async Task An_attached_log_can_be_listed_downloaded_and_removed_with_the_timeline_kept()
    {
        var id = await new DraftsService(_db, _agent, _db.Clock, _db.Search).CreateAsync();
        var added = await Evidence.AddAsync(id, "console.log", new MemoryStream(Encoding.UTF8.GetBytes("TypeError: x is undefined")));

        Assert.Equal("console.log", Assert.Single(await Evidence.ListAsync(id)).FileName);
        var file = (await Evidence.OpenAsync(id, added.Id))!;
        Assert.Equal("TypeError: x is undefined", Encoding.UTF8.GetString(file.Data));
        Assert.Equal("text/plain", file.ContentType);

        Assert.True(await Evidence.RemoveAsync(id, added.Id));
        Assert.Empty(await Evidence.ListAsync(id));
        await using var db = _db.CreateDbContext();
        var kinds = await db.Timeline.Where(t => t.EscalationId == id).Select(t => t.Kind).ToListAsync();
        Assert.Contains(TimelineKinds.AttachmentAdded, kinds);
        Assert.Contains(TimelineKinds.AttachmentRemoved, kinds);
    }

    [Fact]
    public async Task Oversized_files_and_unexpected_types_are_refused_with_a_reason()
    {
        var id = await new DraftsService(_db, _agent, _db.Clock, _db.Search).CreateAsync();

        var tooBig = await Assert.ThrowsAsync<EvidenceException>(() =>
            Evidence.AddAsync(id, "huge.log", new MemoryStream(new byte[EvidenceService.MaxFileBytes + 1])));
        var script = await Assert.ThrowsAsync<EvidenceException>(() =>
            Evidence.AddAsync(id, "page.html", new MemoryStream([1, 2, 3])));

        Assert.Contains("larger than 10 MB", tooBig.Message);
        Assert.Contains("only", script.Message);
        Assert.Empty(await Evidence.ListAsync(id));
    }

    public void Dispose() => _db.Dispose();
}

using System.Text;
using EscalationDesk.Data;
using EscalationDesk.Features.Drafts;
using EscalationDesk.Features.Wizard;
using EscalationDesk.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace EscalationDesk.Tests.Features.Wizard;

// Pen test: upload names kept CR/LF, NUL and bidirectional controls, so "invoice\u202Efdp.txt" showed as "invoicetxt.pdf".
public sealed class EvidenceNameTests : IDisposable
{
    private readonly TestDatabase _db = new();
    private readonly FixedUser _agent = new("Ana Agent");
    private EvidenceService Evidence => new(_db, _agent, _db.Clock);

    [Theory]
    [InlineData("invoice\u202Efdp.txt", "invoicefdp.txt")]                      // right-to-left override
    [InlineData("\u2066report\u2069\u200B.log", "report.log")]                   // isolates, zero-width space
    [InlineData("a\r\nSet-Cookie: x=1\0.txt", "aSet-Cookie: x=1.txt")]           // CR/LF, NUL
    [InlineData("C:\\Users\\ana\\Desktop\\screen shot.png", "screen shot.png")]  // a Windows path
    [InlineData("\u202E\u200D.txt", "evidence.txt")]                             // nothing visible left
    [InlineData("  spaced \t  out  .csv", "spaced out.csv")]
    [InlineData("Résumé 日本 \U0001F600.txt", "Résumé 日本 \U0001F600.txt")]      // visible non-ASCII stays
    public async Task A_stored_name_keeps_only_visible_characters(string uploaded, string stored)
    {
        var id = await new DraftsService(_db, _agent, _db.Clock, _db.Search).CreateAsync();

        var added = await Evidence.AddAsync(id, uploaded, new MemoryStream("x"u8.ToArray()));

        Assert.Equal(stored, added.FileName);
        Assert.Equal(stored, Assert.Single(await Evidence.ListAsync(id)).FileName);
        await using var db = _db.CreateDbContext();
        Assert.Equal(stored, await db.Timeline.Where(t => t.EscalationId == id && t.Kind == TimelineKinds.AttachmentAdded).Select(t => t.Detail).SingleAsync());
    }

    [Fact]
    public async Task A_long_name_is_shortened_and_keeps_its_extension()
    {
        var id = await new DraftsService(_db, _agent, _db.Clock, _db.Search).CreateAsync();

        var added = await Evidence.AddAsync(id, new string('a', 300) + ".log", new MemoryStream("x"u8.ToArray()));

        Assert.Equal(EvidenceNames.MaxLength, added.FileName.Length);
        Assert.EndsWith("a.log", added.FileName);
    }

    [Fact]
    public async Task A_name_hiding_a_forbidden_extension_is_refused_by_what_it_really_is()
    {
        var id = await new DraftsService(_db, _agent, _db.Clock, _db.Search).CreateAsync();

        // Shown as "reportlmth.txt", it is an .html file: refused, and the message names it as it is.
        var error = await Assert.ThrowsAsync<EvidenceException>(() =>
            Evidence.AddAsync(id, "report\u202Etxt.html", new MemoryStream("x"u8.ToArray())));

        Assert.StartsWith("reporttxt.html:", error.Message);
    }

    [Fact]
    public async Task Names_stored_before_the_fix_are_cleaned_once_with_their_timeline_entries()
    {
        var id = await new DraftsService(_db, _agent, _db.Clock, _db.Search).CreateAsync();
        var now = _db.Clock.GetUtcNow().UtcDateTime;
        await using (var db = _db.CreateDbContext())
        {
            db.Attachments.Add(new EvidenceAttachment
            {
                EscalationId = id, FileName = "invoice\u202Efdp.txt", ContentType = "text/plain", Data = [1], Size = 1, UploadedAt = now, UploadedBy = "Ana Agent",
            });
            db.Attachments.Add(new EvidenceAttachment
            {
                EscalationId = id, FileName = "clean.log", ContentType = "text/plain", Data = [1], Size = 1, UploadedAt = now, UploadedBy = "Ana Agent",
            });
            db.Timeline.Add(new TimelineEvent { EscalationId = id, At = now, Actor = "Ana Agent", Kind = TimelineKinds.AttachmentAdded, Detail = "invoice\u202Efdp.txt" });
            await db.SaveChangesAsync();
        }

        await using (var db = _db.CreateDbContext())
        {
            // The start that applies SQLite's migration runs the upgrade; a PostgreSQL database never held names from before it.
            if (!TestDatabase.OnPostgres) Assert.True(EvidenceNames.UpgradeNeeded(db.Database.GetMigrations()));
            Assert.Equal(1, EvidenceNames.UpgradeStored(db));
        }

        Assert.Equal(["invoicefdp.txt", "clean.log"], (await Evidence.ListAsync(id)).Select(a => a.FileName));
        await using var read = _db.CreateDbContext();
        Assert.Equal("invoicefdp.txt", await read.Timeline.Where(t => t.EscalationId == id && t.Kind == TimelineKinds.AttachmentAdded).Select(t => t.Detail).SingleAsync());
    }

    public void Dispose() => _db.Dispose();
}

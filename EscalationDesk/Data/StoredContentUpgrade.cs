using EscalationDesk.Features.Wizard;
using Microsoft.EntityFrameworkCore;

namespace EscalationDesk.Data;

// Once, on the start whose migrations bring in a content version (the typed-times one): every stored document of an older
// version is upgraded, reading its wall-clock times in the organisation's zone, and saved. Nothing is left to upgrade as it
// is read later, when the zone may have changed or another instance may hold another setting.
public static class StoredContentUpgrade
{
    private const int BatchSize = 500;

    public static bool Needed(IEnumerable<string> pendingMigrations) =>
        pendingMigrations.Any(m => m.Contains("_Times_", StringComparison.Ordinal));

    // The raw JSON, read past the value converter (which would upgrade with no zone). Quoted names read on every provider.
    public static int Run(EscalationDeskDbContext db, string organisationZone)
    {
        var upgraded = 0;
        for (var after = 0; ;)
        {
            var rows = db.Database.SqlQuery<StoredContent>(
                $"""SELECT "Id", "Content" FROM "Escalations" WHERE "Id" > {after} ORDER BY "Id" LIMIT {BatchSize}""").ToList();
            if (rows.Count == 0) return upgraded;
            var old = rows.Where(r => !DraftContent.IsCurrent(r.Content)).ToDictionary(r => r.Id, r => r.Content);
            if (old.Count > 0)
            {
                foreach (var escalation in db.Escalations.Where(e => old.Keys.Contains(e.Id)).ToList())
                    escalation.Content = DraftContent.FromJson(old[escalation.Id], organisationZone);
                db.SaveChanges();
                db.ChangeTracker.Clear();
                upgraded += old.Count;
            }
            after = rows[^1].Id;
        }
    }

    public sealed class StoredContent
    {
        public int Id { get; set; }
        public string Content { get; set; } = "";
    }
}

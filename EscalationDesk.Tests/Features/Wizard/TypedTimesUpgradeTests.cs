using System.Text.Json;
using System.Text.Json.Nodes;
using EscalationDesk.Data;
using EscalationDesk.Features.Wizard;
using EscalationDesk.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace EscalationDesk.Tests.Features.Wizard;

public sealed class TypedTimesUpgradeTests
{
    [Fact]
    public void Wall_clock_times_typed_before_zones_are_read_in_the_organisations_zone()
    {
        var document = JsonNode.Parse("""
            {"SchemaVersion":2,"Understand":{"Started":"2026-12-04T17:00:00"},"Impact":{"HardDeadline":"2026-07-01T09:30:00"},
             "Brief":{"Deadline":"2026-12-05T08:00:00Z","LastUpdateToCustomerAt":"2026-12-04T18:00:00+01:00"}}
            """)!.AsObject();

        DraftContent.TypedTimesAsUtc(document, "America/New_York");
        var content = document.Deserialize<DraftContent>(DraftContent.Json)!;

        Assert.Equal(new DateTime(2026, 12, 4, 22, 0, 0, DateTimeKind.Utc), content.Understand.Started); // 17:00 EST
        Assert.Equal(new DateTime(2026, 7, 1, 13, 30, 0, DateTimeKind.Utc), content.Impact.HardDeadline); // 09:30 EDT
        // Already instants: kept, only stamped as UTC.
        Assert.Equal(new DateTime(2026, 12, 5, 8, 0, 0, DateTimeKind.Utc), content.Brief.Deadline);
        Assert.Equal(new DateTime(2026, 12, 4, 17, 0, 0, DateTimeKind.Utc), content.Brief.LastUpdateToCustomerAt);
        Assert.Equal(DateTimeKind.Utc, content.Understand.Started!.Value.Kind);
    }

    [Fact]
    public void A_document_read_with_no_zone_takes_its_wall_clock_times_as_UTC_and_a_current_one_keeps_its_instants()
    {
        var old = DraftContent.FromJson("""{"SchemaVersion":2,"Understand":{"Started":"2026-12-04T17:00:00"}}""");
        Assert.Equal(new DateTime(2026, 12, 4, 17, 0, 0, DateTimeKind.Utc), old.Understand.Started);
        Assert.Equal(3, DraftContent.CurrentSchemaVersion);

        var again = DraftContent.FromJson(old.ToJson(), "America/New_York");
        Assert.Equal(old.Understand.Started, again.Understand.Started); // current: the zone is not applied twice
        Assert.Equal(DateTimeKind.Utc, again.Understand.Started!.Value.Kind);
    }

    [Fact]
    public async Task At_start_up_every_stored_document_of_an_older_version_is_upgraded_in_the_organisations_zone_and_saved()
    {
        using var database = new TestDatabase();
        var now = database.Clock.GetUtcNow().UtcDateTime;
        var old = await EscalationRows.AddAsync(database, now, "typed before zones");
        var current = await EscalationRows.AddAsync(database, now, "saved since", change: e => e.Content.Understand.Started = new DateTime(2026, 12, 4, 17, 0, 0, DateTimeKind.Utc));
        await using (var db = database.CreateDbContext())
        {
            await db.Database.ExecuteSqlAsync($"""
                UPDATE "Escalations" SET "Content" = {"""{"SchemaVersion":2,"Understand":{"Summary":"typed before zones","Started":"2026-12-04T17:00:00"}}"""} WHERE "Id" = {old}
                """);
            // Which start runs it follows SQLite's migrations; a PostgreSQL database never held an older document version.
            if (!TestDatabase.OnPostgres)
            {
                Assert.True(StoredContentUpgrade.Needed(db.Database.GetMigrations()));
                Assert.False(StoredContentUpgrade.Needed(db.Database.GetMigrations().Where(m => !m.Contains("_Times_"))));
            }
            Assert.Equal(1, StoredContentUpgrade.Run(db, "America/New_York"));
        }

        await using var read = database.CreateDbContext();
        var stored = await read.Database.SqlQuery<string>($"""SELECT "Content" AS "Value" FROM "Escalations" WHERE "Id" = {old}""").SingleAsync();
        Assert.StartsWith("""{"SchemaVersion":3""", stored);
        var escalations = await read.Escalations.AsNoTracking().ToDictionaryAsync(e => e.Id);
        Assert.Equal(new DateTime(2026, 12, 4, 22, 0, 0, DateTimeKind.Utc), escalations[old].Content.Understand.Started); // 17:00 EST
        Assert.Equal("typed before zones", escalations[old].Summary);
        Assert.Equal(new DateTime(2026, 12, 4, 17, 0, 0, DateTimeKind.Utc), escalations[current].Content.Understand.Started);
    }
}

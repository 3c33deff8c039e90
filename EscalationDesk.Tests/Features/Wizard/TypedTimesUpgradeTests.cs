using System.Text.Json;
using System.Text.Json.Nodes;
using EscalationDesk.Features.Wizard;

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
    public void A_stored_document_is_upgraded_as_it_is_read_and_a_current_one_keeps_its_instants()
    {
        var old = DraftContent.FromJson("""{"SchemaVersion":2,"Understand":{"Started":"2026-12-04T17:00:00"}}""");
        Assert.Equal(new DateTime(2026, 12, 4, 17, 0, 0, DateTimeKind.Utc), old.Understand.Started); // organisation zone UTC by default
        Assert.Equal(3, DraftContent.CurrentSchemaVersion);

        var again = DraftContent.FromJson(old.ToJson());
        Assert.Equal(old.Understand.Started, again.Understand.Started);
        Assert.Equal(DateTimeKind.Utc, again.Understand.Started!.Value.Kind);
    }
}

using System.Text.Json.Nodes;
using EscalationDesk.Data;
using EscalationDesk.Features.Judgment;
using EscalationDesk.Features.Wizard;
using EscalationDesk.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace EscalationDesk.Tests.Features.Wizard;

// Stored content carries a schema version; a document from before it (version 1) still opens with every field.
public sealed class DraftContentVersionTests : IDisposable
{
    private readonly TestDatabase _db = new();
    private static readonly string Version1 = File.ReadAllText(RepoFiles.Find("EscalationDesk.Tests/Features/Wizard/Content/version-1-full.json"));

    [Fact]
    public void The_version_1_fixture_fills_every_field_and_has_no_version()
    {
        var fixture = JsonNode.Parse(Version1)!.AsObject();
        Assert.False(fixture.ContainsKey(nameof(DraftContent.SchemaVersion)));
        // Every field has a value (no empty text or list, no null), so a field the loading drops shows in the test below.
        Assert.Empty(EmptyValues(fixture, ""));
        Assert.Equal(7, fixture.Count);
    }

    [Fact]
    public void A_document_written_before_the_version_loads_with_every_field_and_is_saved_as_the_current_version()
    {
        var content = DraftContent.FromJson(Version1);

        Assert.Equal("CSV export times out for large accounts", content.Understand.Summary);
        Assert.Equal(new DateTime(2026, 11, 20, 9, 30, 0, DateTimeKind.Utc), content.Understand.Started);
        Assert.Equal(250_000.50m, content.Impact.ArrAtRisk);
        Assert.Equal([EscalationTarget.Engineering, EscalationTarget.Product], content.Target.ChosenTargets);
        Assert.Equal("ZD-48213", content.Context.RelatedTickets.Single().Reference);
        var saved = JsonNode.Parse(content.ToJson())!.AsObject();
        Assert.Equal(DraftContent.CurrentSchemaVersion, (int)saved[nameof(DraftContent.SchemaVersion)]!);
        Assert.Equal(3, DraftContent.CurrentSchemaVersion);
        saved.Remove(nameof(DraftContent.SchemaVersion));
        // Optional lists added since version 1 need no upgrade step: an older document has none, and they are written empty.
        foreach (var step in new[] { "Impact", "Target" })
        {
            Assert.Empty(saved[step]![nameof(ImpactStep.UntickedFromStep1)]!.AsArray());
            saved[step]!.AsObject().Remove(nameof(ImpactStep.UntickedFromStep1));
        }
        Assert.Empty(saved[nameof(DraftContent.VisitedSteps)]!.AsArray());
        saved.Remove(nameof(DraftContent.VisitedSteps));
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(Version1), saved), saved.ToJsonString());
    }

    [Fact]
    public async Task An_escalation_stored_with_a_version_1_document_opens_with_it()
    {
        var id = await EscalationRows.AddAsync(_db, DateTime.UtcNow, "stored before the version");
        await using (var db = _db.CreateDbContext())
            await db.Database.ExecuteSqlAsync($"""UPDATE "Escalations" SET "Content" = {Version1} WHERE "Id" = {id}""");

        await using var read = _db.CreateDbContext();
        var content = (await read.Escalations.SingleAsync(e => e.Id == id)).Content;

        Assert.Equal("Engineering is looking at it", content.NextSteps.StatusUpdate);
        Assert.Equal(ReproFrequency.Always, content.Reproduce.Frequency);
        Assert.Equal([7, 8], content.Context.LinkedSimilar);
    }

    [Fact]
    public void A_document_from_a_newer_version_is_refused_rather_than_read_with_its_new_parts_lost()
    {
        var newer = JsonNode.Parse(Version1)!.AsObject();
        newer[nameof(DraftContent.SchemaVersion)] = DraftContent.CurrentSchemaVersion + 1;

        var refused = Assert.Throws<NotSupportedException>(() => DraftContent.FromJson(newer.ToJsonString()));
        Assert.Contains($"schema version {DraftContent.CurrentSchemaVersion + 1}", refused.Message);
    }

    [Fact]
    public void The_upgrades_run_in_order_from_the_documents_own_version()
    {
        var steps = new List<Action<JsonObject>>
        {
            d => d["Trace"] = "1→2",
            d => d["Trace"] = d["Trace"] + ", 2→3",
            d => d["Trace"] = (d["Trace"]?.ToString() ?? "") + "3→4",
        };

        var fromOne = DraftContent.Upgrade(new JsonObject(), steps);
        var fromThree = DraftContent.Upgrade(new JsonObject { ["SchemaVersion"] = 3 }, steps);
        var current = DraftContent.Upgrade(new JsonObject { ["SchemaVersion"] = 4, ["Trace"] = "untouched" }, steps);

        Assert.Equal(("1→2, 2→33→4", 4), ((string)fromOne["Trace"]!, (int)fromOne["SchemaVersion"]!));
        Assert.Equal(("3→4", 4), ((string)fromThree["Trace"]!, (int)fromThree["SchemaVersion"]!));
        Assert.Equal("untouched", (string)current["Trace"]!);
    }

    [Fact]
    public void Content_is_written_with_the_current_version_and_read_back_unchanged()
    {
        var content = DraftContent.FromJson(Version1);
        content.Context.KnownIssues.Clear();

        var json = content.ToJson();

        Assert.StartsWith($"{{\"SchemaVersion\":{DraftContent.CurrentSchemaVersion},", json);
        Assert.Equal(json, DraftContent.FromJson(json).ToJson());
        Assert.Empty(DraftContent.FromJson(json).Context.KnownIssues);
    }

    private static IEnumerable<string> EmptyValues(JsonNode? node, string path) => node switch
    {
        null => [path],
        JsonObject o => o.Count == 0 ? [path] : o.SelectMany(p => EmptyValues(p.Value, $"{path}.{p.Key}")),
        JsonArray a => a.Count == 0 ? [path] : a.SelectMany((x, i) => EmptyValues(x, $"{path}[{i}]")),
        JsonValue v when v.GetValueKind() == System.Text.Json.JsonValueKind.String && (string)v! == "" => [path],
        _ => [],
    };

    public void Dispose() => _db.Dispose();
}

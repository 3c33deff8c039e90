using System.ComponentModel.DataAnnotations;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using EscalationDesk.Features.Judgment;

namespace EscalationDesk.Features.Wizard;

// Everything the wizard edits, one input model per step. Stored as JSON on the escalation; the columns
// that the queue filters and sorts on are copied out of it when a draft is saved.
public sealed class DraftContent
{
    // Written on every save; a stored document of an older version is upgraded as it is read (FromJson).
    public int SchemaVersion => CurrentSchemaVersion;

    public UnderstandStep Understand { get; set; } = new();
    public ContextStep Context { get; set; } = new();
    public ImpactStep Impact { get; set; } = new();
    public TargetStep Target { get; set; } = new();
    public ReproduceStep Reproduce { get; set; } = new();
    public BriefStep Brief { get; set; } = new();
    public NextStepsStep NextSteps { get; set; } = new();

    // The wizard steps the agent has opened, so a reopened draft warns only where they have been (not a fact of the case:
    // ContentDiff leaves it off the timeline).
    public SortedSet<int> VisitedSteps { get; set; } = [];

    public static readonly JsonSerializerOptions Json = new()
    {
        Converters = { new JsonStringEnumConverter() },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    // Upgrades[i] turns a version i + 1 document into version i + 2, so a change to the stored shape appends one step.
    // 1 → 2 only stamps the version: version 1 is every document written before the version was.
    // 2 → 3 makes every typed time a UTC instant, reading one written without an offset in the given zone (TypedTimesAsUtc):
    // the organisation's, when the stored documents are upgraded at start-up (StoredContentUpgrade).
    internal static IReadOnlyList<Action<JsonObject>> Upgrades(string storedWallClockZone) =>
        [_ => { }, d => TypedTimesAsUtc(d, storedWallClockZone)];

    // The times a person types, by step and property.
    private static readonly (string Step, string Property)[] TypedTimes =
    [
        (nameof(Understand), nameof(UnderstandStep.Started)),
        (nameof(Impact), nameof(ImpactStep.HardDeadline)),
        (nameof(Brief), nameof(BriefStep.Deadline)),
        (nameof(Brief), nameof(BriefStep.LastUpdateToCustomerAt)),
    ];

    // A time written without an offset ("2026-12-04T17:00:00", typed before zones) is read in the given zone; one already
    // written as an instant ("…Z", the demo data's) keeps its instant. Both are written back as UTC ("…Z").
    internal static void TypedTimesAsUtc(JsonObject document, string zoneId)
    {
        foreach (var (step, property) in TypedTimes)
        {
            if (document[step] is not JsonObject values || values[property] is not JsonValue value || !value.TryGetValue<string>(out var text)) continue;
            if (!DateTime.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.RoundtripKind, out var at)) continue;
            var utc = at.Kind == DateTimeKind.Unspecified ? WallClock.ToUtc(at, zoneId) : at.ToUniversalTime();
            values[property] = JsonValue.Create(DateTime.SpecifyKind(utc, DateTimeKind.Utc));
        }
    }

    public static int CurrentSchemaVersion { get; } = Upgrades(WallClock.Utc).Count + 1;

    // storedWallClockZone: the zone an old document's typed times were meant in. Every stored document is upgraded at
    // start-up in the organisation's zone, so EF's reads (which pass none) meet only current ones; UTC is their fallback.
    public static DraftContent FromJson(string json, string storedWallClockZone = WallClock.Utc)
    {
        // A current document (every one saved since) is read straight; only an older one is parsed into nodes to upgrade.
        if (IsCurrent(json)) return JsonSerializer.Deserialize<DraftContent>(json, Json) ?? new DraftContent();
        var document = JsonNode.Parse(json) as JsonObject ?? [];
        return Upgrade(document, Upgrades(storedWallClockZone)).Deserialize<DraftContent>(Json) ?? new DraftContent();
    }

    public static bool IsCurrent(string json) => VersionOf(json) == CurrentSchemaVersion;

    // The document brought to the last version the steps know, each step in turn. A newer document is refused, not read:
    // this build would drop or misread what it does not know, and its next save would write that loss back.
    internal static JsonObject Upgrade(JsonObject document, IReadOnlyList<Action<JsonObject>> upgrades)
    {
        var version = document[nameof(SchemaVersion)] is JsonValue v && v.TryGetValue<int>(out var stamped) ? stamped : 1;
        var current = upgrades.Count + 1;
        if (version > current)
            throw new NotSupportedException($"This content is schema version {version}; this version of EscalationDesk reads up to {current}. Update the app to open it.");
        for (; version < current; version++) upgrades[version - 1](document);
        document[nameof(SchemaVersion)] = current;
        return document;
    }

    // The top-level SchemaVersion, read without building the document; 1 when it has none.
    private static int VersionOf(string json)
    {
        var reader = new Utf8JsonReader(System.Text.Encoding.UTF8.GetBytes(json));
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) return 1;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isVersion = reader.ValueTextEquals(nameof(SchemaVersion));
            reader.Read();
            if (isVersion) return reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var version) ? version : 1;
            reader.Skip();
        }
        return 1;
    }

    public DraftContent Clone() => FromJson(ToJson());
}

public sealed class UnderstandStep
{
    [Required(ErrorMessage = "Summary is required.")]
    [StringLength(TextLimits.Summary, ErrorMessage = TextLimits.TooLongMessage)]
    public string Summary { get; set; } = "";

    [Display(Name = "What's broken or needed")]
    [StringLength(TextLimits.Long, ErrorMessage = TextLimits.TooLongMessage)]
    public string WhatsBroken { get; set; } = "";

    [Display(Name = "Customer")]
    public int? AccountId { get; set; }

    [Display(Name = "Who's affected")]
    [StringLength(TextLimits.Long, ErrorMessage = TextLimits.TooLongMessage)]
    public string WhosAffected { get; set; } = "";

    public DateTime? Started { get; set; }

    [Display(Name = "What's been tried")]
    public List<TriedItem> Tried { get; set; } = [];

    [Display(Name = "Why escalate now")]
    [StringLength(TextLimits.Long, ErrorMessage = TextLimits.TooLongMessage)]
    public string WhyEscalateNow { get; set; } = "";

    [Display(Name = "Handle in support when")]
    public List<string> HandleInSupportItems { get; set; } = [];
    [Display(Name = "Escalate when")]
    public List<string> EscalateItems { get; set; } = [];

    [Display(Name = "Reason to escalate anyway")]
    [StringLength(TextLimits.Short, ErrorMessage = TextLimits.TooLongMessage)]
    public string EscalateAnywayReason { get; set; } = "";
}

public sealed class TriedItem
{
    [StringLength(TextLimits.Short, ErrorMessage = TextLimits.TooLongMessage)]
    public string Step { get; set; } = "";

    [StringLength(TextLimits.Short, ErrorMessage = TextLimits.TooLongMessage)]
    public string Result { get; set; } = "";
}

public sealed class LinkItem
{
    [StringLength(TextLimits.Short, ErrorMessage = TextLimits.TooLongMessage)]
    public string Reference { get; set; } = "";

    [StringLength(TextLimits.Short, ErrorMessage = TextLimits.TooLongMessage)]
    public string Note { get; set; } = "";
}

public sealed class ContextStep
{
    public List<LinkItem> RelatedTickets { get; set; } = [];
    public List<LinkItem> InternalDiscussions { get; set; } = [];
    [Display(Name = "Related bugs or feature requests")]
    public List<LinkItem> RelatedBugs { get; set; } = [];
    [Display(Name = "Known issues and workarounds")]
    public List<LinkItem> KnownIssues { get; set; } = [];
    [Display(Name = "Linked similar reports")]
    public List<int> LinkedSimilar { get; set; } = [];
    [Display(Name = "Dismissed similar reports")]
    public List<int> DismissedSimilar { get; set; } = [];
}

public sealed class ImpactStep
{
    [Display(Name = "Customers affected")]
    [Range(0, int.MaxValue, ErrorMessage = "{0} must be zero or more.")]
    public int? CustomersAffected { get; set; }

    [Display(Name = "Users affected")]
    [Range(0, int.MaxValue, ErrorMessage = "{0} must be zero or more.")]
    public int? UsersAffected { get; set; }

    public bool? Growing { get; set; }
    public ImpactDepth? Depth { get; set; }

    [Display(Name = "Time until critical")]
    [StringLength(TextLimits.Short, ErrorMessage = TextLimits.TooLongMessage)]
    public string TimeUntilCritical { get; set; } = "";

    [Display(Name = "ARR at risk")]
    [Range(typeof(decimal), "0", "1000000000000", ErrorMessage = "{0} must be zero or more.")]
    public decimal? ArrAtRisk { get; set; }

    [Display(Name = "Pending deals affected")]
    [Range(typeof(decimal), "0", "1000000000000", ErrorMessage = "{0} must be zero or more.")]
    public decimal? PendingDealsAmount { get; set; }

    [Display(Name = "Pending deals note")]
    [StringLength(TextLimits.Short, ErrorMessage = TextLimits.TooLongMessage)]
    public string PendingDealsNote { get; set; } = "";

    public bool? CouldBecomePublic { get; set; }
    public bool? ReferenceCustomer { get; set; }
    [Display(Name = "SLA status")]
    public SlaStatus? SlaStatus { get; set; }

    [Display(Name = "Contractual obligations")]
    [StringLength(TextLimits.Long, ErrorMessage = TextLimits.TooLongMessage)]
    public string ContractualObligations { get; set; } = "";

    public DateTime? HardDeadline { get; set; }

    public List<string> SeveritySignals { get; set; } = [];

    // Signals step 1 ticks here (FactMap) that the agent unticked on this step. Optional: older documents have none.
    public List<string> UntickedFromStep1 { get; set; } = [];

    // Null until the agent picks a severity of their own; the suggestion stands until then.
    [Display(Name = "Severity")]
    public Severity? ChosenSeverity { get; set; }

    [Display(Name = "Reason for the severity")]
    [StringLength(TextLimits.Short, ErrorMessage = TextLimits.TooLongMessage)]
    public string SeverityReason { get; set; } = "";
}

public sealed class TargetStep
{
    [Display(Name = "Target signals")]
    public List<string> Signals { get; set; } = [];

    // Signals step 1 ticks here (FactMap) that the agent unticked on this step. Optional: older documents have none.
    public List<string> UntickedFromStep1 { get; set; } = [];

    // Null until the agent changes the recommended targets.
    [Display(Name = "Targets")]
    public List<EscalationTarget>? ChosenTargets { get; set; }
    [Display(Name = "Primary target")]
    public EscalationTarget? ChosenPrimary { get; set; }

    [Display(Name = "Reason for the primary target")]
    [StringLength(TextLimits.Short, ErrorMessage = TextLimits.TooLongMessage)]
    public string PrimaryReason { get; set; } = "";
}

public sealed class ReproStepItem
{
    [StringLength(TextLimits.Short, ErrorMessage = TextLimits.TooLongMessage)]
    public string Text { get; set; } = "";
}

public sealed class ReproduceStep
{
    [Display(Name = "Reproduction skipped")]
    public bool Skipped { get; set; }

    [Display(Name = "Reason for skipping")]
    [StringLength(TextLimits.Short, ErrorMessage = TextLimits.TooLongMessage)]
    public string SkipReason { get; set; } = "";

    [Display(Name = "Starting state")]
    [StringLength(TextLimits.Long, ErrorMessage = TextLimits.TooLongMessage)]
    public string StartingState { get; set; } = "";

    public List<ReproStepItem> Steps { get; set; } = [];

    [StringLength(TextLimits.Long, ErrorMessage = TextLimits.TooLongMessage)]
    public string Expected { get; set; } = "";

    [StringLength(TextLimits.Long, ErrorMessage = TextLimits.TooLongMessage)]
    public string Actual { get; set; } = "";

    [StringLength(TextLimits.Long, ErrorMessage = TextLimits.TooLongMessage)]
    public string Environment { get; set; } = "";

    public ReproFrequency? Frequency { get; set; }

    [Display(Name = "Frequency note")]
    [StringLength(TextLimits.Short, ErrorMessage = TextLimits.TooLongMessage)]
    public string FrequencyNote { get; set; } = "";

    [Display(Name = "Evidence")]
    [StringLength(TextLimits.Long, ErrorMessage = TextLimits.TooLongMessage)]
    public string ErrorMessages { get; set; } = "";

    [Display(Name = "Ruled out")]
    [StringLength(TextLimits.Long, ErrorMessage = TextLimits.TooLongMessage)]
    public string RuledOut { get; set; } = "";
}

public sealed class BriefStep
{
    public SpecificAsk? SpecificAsk { get; set; }

    [Display(Name = "Other ask")]
    [StringLength(TextLimits.Short, ErrorMessage = TextLimits.TooLongMessage)]
    public string OtherAsk { get; set; } = "";

    [Display(Name = "What's needed")]
    [StringLength(TextLimits.Long, ErrorMessage = TextLimits.TooLongMessage)]
    public string WhatsNeeded { get; set; } = "";

    public DateTime? Deadline { get; set; }

    [Display(Name = "Last update to customer")]
    public DateTime? LastUpdateToCustomerAt { get; set; }

    [Display(Name = "What was said")]
    [StringLength(TextLimits.Long, ErrorMessage = TextLimits.TooLongMessage)]
    public string LastUpdateToCustomer { get; set; } = "";

    [Display(Name = "Customer expectation")]
    [StringLength(TextLimits.Long, ErrorMessage = TextLimits.TooLongMessage)]
    public string CustomerExpectation { get; set; } = "";

    [Display(Name = "Escalation risk")]
    [StringLength(TextLimits.Long, ErrorMessage = TextLimits.TooLongMessage)]
    public string EscalationRisk { get; set; } = "";
}

public sealed class NextStepsStep
{
    [Display(Name = "Interim customer response")]
    [StringLength(TextLimits.Long, ErrorMessage = TextLimits.TooLongMessage)]
    public string InterimResponse { get; set; } = "";

    [Display(Name = "Customer status update")]
    [StringLength(TextLimits.Long, ErrorMessage = TextLimits.TooLongMessage)]
    public string StatusUpdate { get; set; } = "";
}

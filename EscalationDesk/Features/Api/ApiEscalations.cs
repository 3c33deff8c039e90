using System.Text.Json;
using System.Text.Json.Nodes;
using EscalationDesk.Data;
using EscalationDesk.Features.Drafts;
using EscalationDesk.Features.Judgment;
using EscalationDesk.Features.Users;
using EscalationDesk.Features.Wizard;
using Microsoft.EntityFrameworkCore;

namespace EscalationDesk.Features.Api;

public enum PatchOutcome { Saved, NotFound, NotEditable, Stale, Invalid }

public sealed record PatchResult(PatchOutcome Outcome, EscalationResource? Resource = null, IDictionary<string, string[]>? Errors = null, int CurrentVersion = 0);

// The API's reads and writes of one escalation, over the wizard's and drafts' services (their rules, their checks of who
// may do what): it only turns JSON into their calls and their records into EscalationResource.
public sealed class ApiEscalations(
    IDbContextFactory<EscalationDeskDbContext> dbFactory, ICurrentUser user, TimeProvider clock, DraftsService drafts, WizardService wizard)
{
    // A new draft owned by the token's user, with the fields given and the external reference (set once, at creation).
    public async Task<int> CreateAsync(DraftContent content, ExternalRef? external, CancellationToken ct = default)
    {
        var id = await drafts.CreateAsync(ct);
        if (external is not null)
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            await db.Escalations.Where(e => e.Id == id).ExecuteUpdateAsync(s => s
                .SetProperty(e => e.ExternalSystem, external.System.Trim()).SetProperty(e => e.ExternalId, external.Id.Trim())
                .SetProperty(e => e.ExternalUrl, external.Url), ct);
        }
        var draft = await wizard.LoadAsync(id, ct) ?? throw new NotAllowedException();
        await wizard.SaveAsync(id, content, 1, draft.Version, ct);
        return id;
    }

    public async Task<EscalationResource?> GetAsync(int id, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var e = await db.Escalations.AsNoTracking().ReadableBy(user).SingleOrDefaultAsync(x => x.Id == id && x.DiscardedAt == null, ct);
        if (e is null) return null;
        var facts = await wizard.JudgmentFactsAsync(id, e.Content, ct);
        return EscalationResource.Of(e, facts, clock.GetUtcNow().UtcDateTime);
    }

    // A JSON merge patch (RFC 7396) of the fields, saved only over expectedVersion: a stale version changes nothing.
    public async Task<PatchResult> PatchAsync(int id, int expectedVersion, JsonObject fieldsPatch, CancellationToken ct = default)
    {
        var draft = await wizard.LoadAsync(id, ct);
        if (draft is null) return new PatchResult(await OwnsAsync(id, ct) ? PatchOutcome.NotEditable : PatchOutcome.NotFound);
        if (draft.Version != expectedVersion) return new PatchResult(PatchOutcome.Stale, CurrentVersion: draft.Version);
        DraftContent content;
        try
        {
            var document = JsonSerializer.SerializeToNode(draft.Content, ApiJson.Options)!.AsObject();
            Merge(document, fieldsPatch);
            content = document.Deserialize<DraftContent>(ApiJson.Options) ?? new DraftContent();
        }
        catch (JsonException e)
        {
            return new PatchResult(PatchOutcome.Invalid, Errors: new Dictionary<string, string[]> { [e.Path is { Length: > 2 } path ? "fields" + path[1..] : "fields"] = [e.Message] });
        }
        content.VisitedSteps = draft.Content.VisitedSteps;
        if (FieldValidation.Errors(content) is { Count: > 0 } errors) return new PatchResult(PatchOutcome.Invalid, Errors: errors);
        var saved = await wizard.SaveAsync(id, content, draft.CurrentStep, expectedVersion, ct);
        return saved.Outcome switch
        {
            SaveOutcome.Saved => new PatchResult(PatchOutcome.Saved, await GetAsync(id, ct)),
            SaveOutcome.Conflict => new PatchResult(PatchOutcome.Stale, CurrentVersion: saved.Version),
            _ => new PatchResult(PatchOutcome.NotFound),
        };
    }

    // The user's own (or, for a Lead, any) escalation that is no longer editable: resolved, de-escalated, closed or discarded.
    private async Task<bool> OwnsAsync(int id, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Escalations.EditableBy(user).AnyAsync(e => e.Id == id, ct);
    }

    // RFC 7396: null removes (here: back to empty), an object merges into an object, anything else replaces.
    private static void Merge(JsonObject target, JsonObject patch)
    {
        foreach (var (name, value) in patch.ToList())
        {
            if (value is null) target.Remove(name);
            else if (value is JsonObject inner && target[name] is JsonObject existing) Merge(existing, inner);
            else target[name] = value.DeepClone();
        }
    }
}

using EscalationDesk.Data;
using EscalationDesk.Features.Judgment;
using EscalationDesk.Features.Escalations;
using EscalationDesk.Features.Similar;
using EscalationDesk.Features.Users;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;

namespace EscalationDesk.Features.Wizard;

public sealed record DraftSnapshot(int Id, EscalationStatus Status, DraftContent Content, int Version, int CurrentStep, DateTime UpdatedAt);

public enum SaveOutcome { Saved, Conflict, NotFound }

public sealed record SaveResult(SaveOutcome Outcome, int Version = 0);

public sealed record PreviousEscalation(int Id, string Summary, EscalationStatus Status, DateTime CreatedAt);

public sealed record AttachmentInfo(int Id, string FileName, long Size, DateTime UploadedAt);

public sealed record DraftFacts(
    JudgmentFacts Judgment, IReadOnlyList<SimilarReport> Suggestions, IReadOnlyList<SimilarReport> Linked,
    string? Customer, string ReportedBy, DateTime CreatedAt, IReadOnlyList<string> Attachments);

public sealed class WizardService(
    IDbContextFactory<EscalationDeskDbContext> dbFactory, ICurrentUser user, TimeProvider clock, IEscalationSearch search)
{
    public const int SimilarSuggestions = 5;

    public const int StepCount = 7;

    public async Task<DraftSnapshot?> LoadAsync(int id, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await Editable(db).AsNoTracking().Where(e => e.Id == id)
            .Select(e => new DraftSnapshot(e.Id, e.Status, e.Content, e.Version, e.CurrentStep, e.UpdatedAt))
            .SingleOrDefaultAsync(ct);
    }

    // Saves the whole draft if nobody else saved it since expectedVersion; otherwise reports a conflict
    // and changes nothing, so two tabs can never silently overwrite each other.
    public async Task<SaveResult> SaveAsync(int id, DraftContent content, int currentStep, int expectedVersion, CancellationToken ct = default)
    {
        var stored = content.Clone();
        TextLimits.ClampToCeilings(stored);

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var draft = await Editable(db).SingleOrDefaultAsync(e => e.Id == id, ct);
        if (draft is null) return new SaveResult(SaveOutcome.NotFound);
        if (draft.Version != expectedVersion) return new SaveResult(SaveOutcome.Conflict, draft.Version);

        // A customer picked in a tab while someone deleted it is not kept.
        var accountId = stored.Understand.AccountId;
        if (accountId is not null && accountId != draft.AccountId && !await db.Accounts.AnyAsync(a => a.Id == accountId, ct))
            stored.Understand.AccountId = null;

        var now = clock.GetUtcNow().UtcDateTime;
        var before = draft.Content;
        var severityBefore = draft.Severity;
        // The summary, customer, severity, targets, ARR and timers follow from the content on save (EscalationDerivation).
        draft.Content = stored;
        draft.CurrentStep = Math.Clamp(currentStep, 1, StepCount);
        draft.UpdatedAt = now;
        draft.Version = expectedVersion + 1;
        await RecordEditsAsync(db, draft, before, severityBefore, now, ct);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return new SaveResult(SaveOutcome.Conflict);
        }
        await search.IndexAsync(db, id, stored, ct);
        await transaction.CommitAsync(ct);
        Operations.EscalationDeskMetrics.Autosaves.Add(1);
        return new SaveResult(SaveOutcome.Saved, draft.Version);
    }

    public static readonly TimeSpan EditBatch = TimeSpan.FromMinutes(10);

    // Every edit is on the record, drafts included. Autosave runs every second while typing, so saves by the same
    // person within EditBatch fold into one "edited" event naming each field in the product's words (ContentDiff).
    private async Task RecordEditsAsync(EscalationDeskDbContext db, Escalation escalation, DraftContent before, Severity? severityBefore,
        DateTime now, CancellationToken ct)
    {
        var changes = ContentDiff.Changes(before, escalation.Content);
        if (changes.Count == 0) return;
        var last = await db.Timeline.Where(t => t.EscalationId == escalation.Id).OrderByDescending(t => t.At).ThenByDescending(t => t.Id).FirstOrDefaultAsync(ct);
        if (last is { Kind: TimelineKinds.Edited, Changes: { } json } && last.Actor == user.Name && now - last.At < EditBatch)
        {
            changes = ContentDiff.Merge(JsonSerializer.Deserialize<List<FieldChange>>(json) ?? [], changes);
            last.At = now;
        }
        else
        {
            last = new TimelineEvent { EscalationId = escalation.Id, At = now, Actor = user.Name, Kind = TimelineKinds.Edited };
            db.Timeline.Add(last);
        }
        last.Changes = JsonSerializer.Serialize(changes);
        last.Detail = Truncate(ContentDiff.Describe(changes), 4_000);

        // A new severity on an escalation puts its timers on the new cadence (the save derives them).
        var severity = SeverityRules.Decide(escalation.Content).Effective;
        if (escalation.Status != EscalationStatus.Draft && severity != severityBefore)
        {
            db.Timeline.Add(new TimelineEvent
            {
                EscalationId = escalation.Id, At = now, Actor = user.Name, Kind = TimelineKinds.SeverityChanged,
                Detail = $"Severity {severityBefore?.Text() ?? "none"} → {severity.Text()}: {escalation.Content.Impact.SeverityReason}; timers recomputed",
            });
        }
    }

    private static string Truncate(string text, int max) => text.Length <= max ? text : text[..max] + "…";

    // What the rules need beyond the draft's own text: its attachments, and similar reports from other customers.
    public async Task<DraftFacts> FactsAsync(int id, DraftContent content, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var record = await db.Escalations.AsNoTracking().ReadableBy(user).Where(e => e.Id == id)
            .Select(e => new { Customer = e.Account != null ? e.Account.Name : null, e.ReportedBy, e.CreatedAt }).SingleOrDefaultAsync(ct)
            ?? throw new NotAllowedException();
        var attachments = await db.Attachments.AsNoTracking().Where(a => a.EscalationId == id && a.RemovedAt == null)
            .OrderBy(a => a.Id).Select(a => a.FileName).ToListAsync(ct);
        var context = content.Context;
        var hidden = context.LinkedSimilar.Concat(context.DismissedSimilar).ToHashSet();
        var found = await search.FindSimilarAsync(db, id, content, 2 * SimilarSuggestions + hidden.Count, ct);
        // Suggestions and links never show what this user may not read (other agents' drafts, Security escalations).
        var foundIds = found.Select(f => f.Id).ToList();
        var visible = (await db.Escalations.ReadableBy(user).Where(e => foundIds.Contains(e.Id)).Select(e => e.Id).ToListAsync(ct)).ToHashSet();
        found = found.Where(f => visible.Contains(f.Id)).ToList();
        var linkedIds = context.LinkedSimilar.ToList();
        var linked = await db.Escalations.AsNoTracking().ReadableBy(user)
            .Where(e => linkedIds.Contains(e.Id))
            .Select(e => new SimilarReport(e.Id, e.Summary, e.AccountId, e.Account != null ? e.Account.Name : null, e.Status))
            .ToListAsync(ct);
        return new DraftFacts(
            new JudgmentFacts(attachments.Count, LinkedCustomers(linked.Select(l => l.AccountId), content)),
            found.Where(f => !hidden.Contains(f.Id)).Take(SimilarSuggestions).ToList(),
            linked.OrderBy(l => linkedIds.IndexOf(l.Id)).ToList(),
            record.Customer, record.ReportedBy, record.CreatedAt, attachments);
    }

    // The same facts for the rules alone, without the similar-report search: the API's and the webhooks' reads.
    public async Task<JudgmentFacts> JudgmentFactsAsync(int id, DraftContent content, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var attachments = await db.Attachments.CountAsync(a => a.EscalationId == id && a.RemovedAt == null, ct);
        var linkedIds = content.Context.LinkedSimilar.ToList();
        var accounts = linkedIds.Count == 0 ? [] : await db.Escalations.AsNoTracking().ReadableBy(user)
            .Where(e => linkedIds.Contains(e.Id)).Select(e => e.AccountId).ToListAsync(ct);
        return new JudgmentFacts(attachments, LinkedCustomers(accounts, content));
    }

    // The customers a pattern counts: the linked reports' and this one's, each once.
    private static int LinkedCustomers(IEnumerable<int?> linkedAccounts, DraftContent content) =>
        linkedAccounts.Append(content.Understand.AccountId).OfType<int>().Distinct().Count();

    public async Task<IReadOnlyList<PreviousEscalation>> PreviousEscalationsAsync(int accountId, int excludeId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Escalations.AsNoTracking().ReadableBy(user)
            .Where(e => e.AccountId == accountId && e.Id != excludeId && e.DiscardedAt == null)
            .OrderByDescending(e => e.CreatedAt).Take(50)
            .Select(e => new PreviousEscalation(e.Id, e.Summary, e.Status, e.CreatedAt))
            .ToListAsync(ct);
    }

    // Drafts and open escalations stay editable by their owner (LifecycleRules.EditableStatuses).
    private IQueryable<Escalation> Editable(EscalationDeskDbContext db) =>
        db.Escalations.EditableBy(user).Where(e => e.DiscardedAt == null && EF.Constant(LifecycleRules.EditableStatuses).Contains(e.Status));
}

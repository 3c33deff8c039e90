using EscalationDesk.Features.Wizard;
using Microsoft.EntityFrameworkCore;

namespace EscalationDesk.Data;

public enum LinkKind { SimilarReport, RelatedTicket, InternalDiscussion, RelatedBug, KnownIssue }

// One link of an escalation's Context step as a row, so "which escalations link to ESC-n" or "mention ticket T" is an
// index seek. The content stays the wizard's document of record; these rows follow it on every save (Sync).
public sealed class EscalationLink
{
    public long Id { get; set; }
    public int EscalationId { get; set; }
    public Escalation? Escalation { get; set; }
    public LinkKind Kind { get; set; }
    // The linked escalation, for a similar report. No foreign key: a link may name an id that is gone or not made yet.
    public int? TargetId { get; set; }
    // For the other kinds: the reference as typed, normalised (Normalise) so a lookup finds it however it was spaced.
    public string? Reference { get; set; }
    public string Note { get; set; } = "";

    // The links a content document holds, one per kind and target or reference (a repeated one counts once, with its first note).
    public static List<EscalationLink> Of(DraftContent content)
    {
        var context = content.Context;
        var links = context.LinkedSimilar.Distinct().Select(id => new EscalationLink { Kind = LinkKind.SimilarReport, TargetId = id }).ToList();
        foreach (var (kind, items) in new[]
        {
            (LinkKind.RelatedTicket, context.RelatedTickets), (LinkKind.InternalDiscussion, context.InternalDiscussions),
            (LinkKind.RelatedBug, context.RelatedBugs), (LinkKind.KnownIssue, context.KnownIssues),
        })
            links.AddRange(items.Select(i => (Reference: Normalise(i.Reference), i.Note)).Where(i => i.Reference.Length > 0).DistinctBy(i => i.Reference)
                .Select(i => new EscalationLink { Kind = kind, Reference = i.Reference, Note = Cut(i.Note.Trim()) }));
        return links;
    }

    // Trimmed, runs of white space as one space, at most TextLimits.Short. Case is kept: a discussion's URL path is case-sensitive.
    public static string Normalise(string reference) =>
        Cut(string.Join(' ', reference.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)));

    private static string Cut(string text) => text.Length > TextLimits.Short ? text[..TextLimits.Short] : text;

    private (LinkKind, int?, string?) Key => (Kind, TargetId, Reference);

    // From the save hook: the rows of every added escalation, and of every modified one whose content changed, brought in
    // step with its content. Only the difference is written, so an autosave that changed no link writes no link row.
    public static void Sync(EscalationDeskDbContext db)
    {
        var changed = db.ChangeTracker.Entries<Escalation>()
            .Where(e => e.State is EntityState.Added || e.State is EntityState.Modified && e.Property(x => x.Content).IsModified)
            .ToList();
        if (changed.Count == 0) return;
        var ids = changed.Where(e => e.State is EntityState.Modified).Select(e => e.Entity.Id).ToList();
        var stored = ids.Count == 0 ? [] : db.EscalationLinks.Where(l => ids.Contains(l.EscalationId)).ToList();
        Apply(db, changed.Select(e => e.Entity), stored);
    }

    // The migrations that add the table; a database made before it gets the rows of its escalations once (Backfill).
    public static bool AddsLinks(IEnumerable<string> pendingMigrations) =>
        pendingMigrations.Any(m => m.EndsWith("_Links_EscalationLinks", StringComparison.Ordinal));

    // Once, after the migration that adds the table; it writes only what is missing, so running it again changes nothing.
    public static void Backfill(EscalationDeskDbContext db)
    {
        for (var after = 0; ;)
        {
            var batch = db.Escalations.AsNoTracking().Where(e => e.Id > after).OrderBy(e => e.Id).Take(1_000)
                .Select(e => new Escalation { Id = e.Id, Content = e.Content }).ToList();
            if (batch.Count == 0) return;
            var (first, last) = (batch[0].Id, batch[^1].Id);
            Apply(db, batch, db.EscalationLinks.Where(l => l.EscalationId >= first && l.EscalationId <= last).ToList());
            db.SaveChanges();
            db.ChangeTracker.Clear();
            after = last;
        }
    }

    // Each escalation's stored rows made to match its content: a row no longer in it is deleted, a new link inserted, a note updated.
    private static void Apply(EscalationDeskDbContext db, IEnumerable<Escalation> escalations, IEnumerable<EscalationLink> stored)
    {
        var byEscalation = stored.ToLookup(l => l.EscalationId);
        foreach (var escalation in escalations)
        {
            // A new escalation has no id yet: its links take it from the row when it is inserted.
            var isNew = db.Entry(escalation).State is EntityState.Added;
            var wanted = Of(escalation.Content).ToDictionary(l => l.Key);
            if (!isNew)
                foreach (var row in byEscalation[escalation.Id])
                {
                    if (!wanted.Remove(row.Key, out var link)) db.EscalationLinks.Remove(row);
                    else if (row.Note != link.Note) row.Note = link.Note;
                }
            foreach (var link in wanted.Values)
            {
                if (isNew) link.Escalation = escalation;
                else link.EscalationId = escalation.Id;
                db.EscalationLinks.Add(link);
            }
        }
    }
}

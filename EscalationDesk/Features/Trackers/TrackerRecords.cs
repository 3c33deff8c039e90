using EscalationDesk.Data;
using Microsoft.EntityFrameworkCore;

namespace EscalationDesk.Features.Trackers;

public enum TrackerSystem { Jira, GitHub }

// An issue in Jira or GitHub linked to an escalation (created from its brief, or linked by URL), with its status as last
// read. Done is the tracker's own verdict (Jira: status category "done"; GitHub: state "closed"); DoneNotifiedAt is set in
// the save that tells the owner, so they hear once per time the issue is done.
public sealed class TrackerIssue
{
    public long Id { get; set; }
    public int EscalationId { get; set; }
    public TrackerSystem System { get; set; }
    public string Key { get; set; } = "";
    public string Url { get; set; } = "";
    public string Title { get; set; } = "";
    public string Status { get; set; } = "";
    public bool Done { get; set; }
    // Made from this escalation's brief (Create issue), not linked by URL.
    public bool CreatedHere { get; set; }
    public DateTime LinkedAt { get; set; }
    public string LinkedBy { get; set; } = "";
    public DateTime RefreshedAt { get; set; }
    // GitHub's ETag of the last answer (sent as If-None-Match), Jira's fields.updated.
    public string ETag { get; set; } = "";
    public DateTime? DoneNotifiedAt { get; set; }
    // The last refresh's failure in one line, cleared by the next that succeeds.
    public string? RefreshError { get; set; }
}

public static class TrackerModel
{
    public static void Configure(ModelBuilder model) => model.Entity<TrackerIssue>(t =>
    {
        t.ToTable("TrackerIssues");
        t.HasOne<Escalation>().WithMany().HasForeignKey(x => x.EscalationId).OnDelete(DeleteBehavior.Cascade);
        t.Property(x => x.Key).HasMaxLength(200);
        t.Property(x => x.Url).HasMaxLength(2_000);
        t.Property(x => x.Title).HasMaxLength(1_000);
        t.Property(x => x.Status).HasMaxLength(200);
        t.Property(x => x.LinkedBy).HasMaxLength(Wizard.TextLimits.Name);
        t.Property(x => x.ETag).HasMaxLength(200);
        t.Property(x => x.RefreshError).HasMaxLength(500);
        // A manual refresh and the poller may both see an issue become done: the save that sets this first tells the owner,
        // the other's save fails on it and is dropped (TrackerSync).
        t.Property(x => x.DoneNotifiedAt).IsConcurrencyToken();
        t.HasIndex(x => new { x.EscalationId, x.System, x.Key }).IsUnique();
        // The sync's batch: least recently refreshed first.
        t.HasIndex(x => x.RefreshedAt);
    });
}

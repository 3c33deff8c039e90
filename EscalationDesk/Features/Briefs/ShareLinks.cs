using System.Net;
using System.Security.Cryptography;
using System.Text;
using EscalationDesk.Data;
using EscalationDesk.Features.Judgment;
using EscalationDesk.Features.Users;
using EscalationDesk.Features.Wizard;
using Microsoft.EntityFrameworkCore;

namespace EscalationDesk.Features.Briefs;

// A read-only link to one audience's brief for someone without an account. Only the token's SHA-256 is stored; the token
// (32 random bytes) is shown once. SnapshotNumber: the version shared; null means always the latest record.
public sealed class ShareLink
{
    public int Id { get; set; }
    public int EscalationId { get; set; }
    public string TokenHash { get; set; } = "";
    public BriefAudience Audience { get; set; }
    public int? SnapshotNumber { get; set; }
    public DateTime CreatedAt { get; set; }
    public string CreatedBy { get; set; } = "";
    public DateTime ExpiresAt { get; set; }
    public DateTime? RevokedAt { get; set; }
    public string? RevokedBy { get; set; }
    public int Views { get; set; }
    public DateTime? LastViewedAt { get; set; }

    public static void Configure(ModelBuilder model) => model.Entity<ShareLink>(l =>
    {
        l.ToTable("ShareLinks");
        l.HasOne<Escalation>().WithMany().HasForeignKey(x => x.EscalationId).OnDelete(DeleteBehavior.Cascade);
        l.HasIndex(x => x.TokenHash).IsUnique();
        l.HasIndex(x => x.EscalationId);
        l.Property(x => x.TokenHash).HasMaxLength(64);
        l.Property(x => x.Audience).HasConversion<string>().HasMaxLength(20);
        l.Property(x => x.CreatedBy).HasMaxLength(TextLimits.Name);
        l.Property(x => x.RevokedBy).HasMaxLength(TextLimits.Name);
    });
}

public sealed record ShareLinkItem(int Id, BriefAudience Audience, int? SnapshotNumber, DateTime CreatedAt, string CreatedBy, DateTime ExpiresAt,
    DateTime? RevokedAt, int Views, DateTime? LastViewedAt)
{
    public bool IsLive(DateTime now) => RevokedAt is null && ExpiresAt > now;
}

public sealed record CreatedShareLink(ShareLinkItem Link, string Token)
{
    public string Path => ShareLinks.PathOf(Token);
}

// What an anonymous reader of a live link is shown.
public sealed record SharedBrief(int LinkId, int EscalationId, BriefAudience Audience, string Version, IReadOnlyList<string> Pages, BriefPdfRequest Pdf,
    string FileName, DateTime ExpiresAt);

public sealed class ShareLinks(IDbContextFactory<EscalationDeskDbContext> dbFactory, BriefSnapshots snapshots, ICurrentUser user,
    TimeProvider clock)
{
    public static readonly IReadOnlyList<BriefAudience> Audiences = [BriefAudience.Leadership, BriefAudience.Engineering, BriefAudience.Customer];
    public static readonly IReadOnlyList<int> ExpiryDays = [1, 7, 30];
    public const string Prefix = "/share/";

    public static string PathOf(string token) => Prefix + token;

    public static string Hash(string token) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    // Made by someone who may act on the escalation. latest: always the record as it is; otherwise a snapshot is taken now
    // ("Shared") and the link shows that version for ever.
    public async Task<(CreatedShareLink? Link, string? Error)> CreateAsync(int id, BriefAudience audience, int days, bool latest, CancellationToken ct = default)
    {
        if (!Audiences.Contains(audience)) return (null, "Choose Leadership, Engineering or Customer.");
        if (!ExpiryDays.Contains(days)) return (null, "Choose an expiry of 1, 7 or 30 days.");
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (!await db.Escalations.EditableBy(user).AnyAsync(e => e.Id == id && e.DiscardedAt == null, ct)) return (null, null);
        int? number = latest ? null : await snapshots.TakeAsync(id, SnapshotReasons.Shared, ct);
        if (!latest && number is null) return (null, null);
        var token = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var now = clock.GetUtcNow().UtcDateTime;
        var link = new ShareLink
        {
            EscalationId = id, TokenHash = Hash(token), Audience = audience, SnapshotNumber = number, CreatedAt = now, CreatedBy = user.Name,
            ExpiresAt = now.AddDays(days),
        };
        db.Add(link);
        await db.SaveChangesAsync(ct);
        db.Timeline.Add(new TimelineEvent
        {
            EscalationId = id, At = now, Actor = user.Name, Kind = TimelineKinds.Shared,
            Detail = $"Share link #{link.Id} created: {audience.Text()}, {(number is int n ? $"v{n}" : "always the latest")}, expires {link.ExpiresAt:yyyy-MM-dd HH:mm} UTC",
        });
        await db.SaveChangesAsync(ct);
        return (new CreatedShareLink(Item(link), token), null);
    }

    private static ShareLinkItem Item(ShareLink l) =>
        new(l.Id, l.Audience, l.SnapshotNumber, l.CreatedAt, l.CreatedBy, l.ExpiresAt, l.RevokedAt, l.Views, l.LastViewedAt);

    public async Task<IReadOnlyList<ShareLinkItem>> ListAsync(int id, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (!await db.Escalations.EditableBy(user).AnyAsync(e => e.Id == id && e.DiscardedAt == null, ct)) return [];
        var links = await db.Set<ShareLink>().AsNoTracking().Where(l => l.EscalationId == id).OrderByDescending(l => l.Id).ToListAsync(ct);
        return links.Select(Item).ToList();
    }

    // False when there is no such link on an escalation this user may act on. Revoking twice is fine.
    public async Task<bool> RevokeAsync(int id, int linkId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (!await db.Escalations.EditableBy(user).AnyAsync(e => e.Id == id && e.DiscardedAt == null, ct)) return false;
        var link = await db.Set<ShareLink>().SingleOrDefaultAsync(l => l.Id == linkId && l.EscalationId == id, ct);
        if (link is null) return false;
        if (link.RevokedAt is not null) return true;
        link.RevokedAt = clock.GetUtcNow().UtcDateTime;
        link.RevokedBy = user.Name;
        db.Timeline.Add(new TimelineEvent
        {
            EscalationId = id, At = link.RevokedAt.Value, Actor = user.Name, Kind = TimelineKinds.Shared, Detail = $"Share link #{link.Id} revoked",
        });
        await db.SaveChangesAsync(ct);
        return true;
    }

    // For the anonymous link page: null unless the token names a live link (unknown, revoked and expired look the same).
    // Each view is counted and put on the timeline with the reader's network, never their full address.
    public static async Task<SharedBrief?> ViewAsync(IServiceProvider services, string token, IPAddress? from, bool pdf, CancellationToken ct)
    {
        if (token.Length is < 20 or > 100) return null;
        var dbFactory = services.GetRequiredService<IDbContextFactory<EscalationDeskDbContext>>();
        var clock = services.GetRequiredService<TimeProvider>();
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var hash = Hash(token);
        var link = await db.Set<ShareLink>().SingleOrDefaultAsync(l => l.TokenHash == hash, ct);
        if (link is null || link.RevokedAt is not null || link.ExpiresAt <= now) return null;
        if (await db.Escalations.AnyAsync(e => e.Id == link.EscalationId && e.DiscardedAt != null, ct)) return null;

        // The link shows the escalation it was made for; linked escalations only as an agent who does not own them sees them.
        var reader = new LinkReader($"{link.CreatedBy} (share link)");
        var briefs = ActivatorUtilities.CreateInstance<BriefService>(services, (ICurrentUser)reader);
        var source = await briefs.LoadUnrestrictedAsync(link.EscalationId, ct);
        if (source is null) return null;
        IReadOnlyList<string> pages;
        BriefPdfRequest request;
        string version, fileName;
        if (link.SnapshotNumber is int number)
        {
            var snapshot = await db.Set<BriefSnapshot>().AsNoTracking().SingleOrDefaultAsync(s => s.EscalationId == link.EscalationId && s.Number == number, ct);
            if (snapshot is null) return null;
            pages = BriefSnapshots.PagesOf(snapshot, link.Audience);
            version = BriefSnapshots.Version(snapshot);
            request = BriefSnapshots.PdfRequest(snapshot, source, link.Audience);
            fileName = BriefSnapshots.FileName(source, snapshot, link.Audience, "pdf");
        }
        else
        {
            var document = BriefMarkdown.Compose(source, link.Audience);
            pages = document.Pages();
            version = $"ESC-{link.EscalationId}, as of {Judgment.WallClock.FormatNamed(now, source.ZoneId)}";
            request = BriefService.PdfRequest(source, document);
            fileName = BriefService.FileName(source, "pdf", link.Audience);
        }

        link.Views++;
        link.LastViewedAt = now;
        db.Timeline.Add(new TimelineEvent
        {
            EscalationId = link.EscalationId, At = now, Actor = TimelineActors.System, Kind = TimelineKinds.Shared,
            Detail = $"Share link #{link.Id} {(pdf ? "PDF downloaded" : "viewed")} from {Network(from)}",
        });
        await db.SaveChangesAsync(ct);
        return new SharedBrief(link.Id, link.EscalationId, link.Audience, version, pages, request, fileName, link.ExpiresAt);
    }

    // The reader's network: IPv4 /24, IPv6 /48.
    public static string Network(IPAddress? address)
    {
        if (address is null) return "an unknown network";
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        var bytes = address.GetAddressBytes();
        var keep = address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 3 : 6;
        for (var i = keep; i < bytes.Length; i++) bytes[i] = 0;
        return $"{new IPAddress(bytes)}/{keep * 8}";
    }

    private sealed class LinkReader(string name) : ICurrentUser
    {
        public string Id => "share-link";
        public string Name => name;
        public bool IsInRole(string role) => false;
    }
}

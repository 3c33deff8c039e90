using EscalationDesk.Data;
using EscalationDesk.Features.Users;
using Microsoft.EntityFrameworkCore;

namespace EscalationDesk.Features.Wizard;

public sealed record EvidenceFile(string FileName, string ContentType, byte[] Data);

public sealed class EvidenceException(string message) : Exception(message);

// Screenshots and logs attached to the Reproduce step. Files are kept in the database (one file to back up)
// and are only ever served as downloads.
public sealed class EvidenceService(IDbContextFactory<EscalationDeskDbContext> dbFactory, ICurrentUser user, TimeProvider clock)
{
    public const long MaxFileBytes = 10 * 1024 * 1024;
    public const int MaxFiles = 20;
    public static readonly IReadOnlySet<string> AllowedExtensions = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
        { ".png", ".jpg", ".jpeg", ".gif", ".webp", ".txt", ".log", ".json", ".har", ".csv", ".pdf", ".zip" };

    public async Task<IReadOnlyList<AttachmentInfo>> ListAsync(int escalationId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (!await db.Escalations.ReadableBy(user).AnyAsync(e => e.Id == escalationId, ct)) return [];
        return await db.Attachments.AsNoTracking()
            .Where(a => a.EscalationId == escalationId && a.RemovedAt == null)
            .OrderBy(a => a.Id)
            .Select(a => new AttachmentInfo(a.Id, a.FileName, a.Size, a.UploadedAt))
            .ToListAsync(ct);
    }

    public async Task<AttachmentInfo> AddAsync(int escalationId, string fileName, Stream content, CancellationToken ct = default)
    {
        var name = EvidenceNames.Clean(fileName);
        var extension = Path.GetExtension(name);
        if (!AllowedExtensions.Contains(extension))
            throw new EvidenceException($"{name}: only {string.Join(", ", AllowedExtensions)} files can be attached.");

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (!await db.Escalations.EditableBy(user).AnyAsync(e => e.Id == escalationId && e.DiscardedAt == null, ct))
            throw new EvidenceException("This draft no longer exists.");
        if (await db.Attachments.CountAsync(a => a.EscalationId == escalationId && a.RemovedAt == null, ct) >= MaxFiles)
            throw new EvidenceException($"At most {MaxFiles} files can be attached.");

        var data = await ReadLimitedAsync(content, name, ct);
        var now = clock.GetUtcNow().UtcDateTime;
        var attachment = new EvidenceAttachment
        {
            EscalationId = escalationId, FileName = name, ContentType = ContentTypeOf(extension),
            Size = data.Length, Data = data, UploadedAt = now, UploadedBy = user.Name,
        };
        db.Attachments.Add(attachment);
        db.Timeline.Add(new TimelineEvent { EscalationId = escalationId, At = now, Actor = user.Name, Kind = TimelineKinds.AttachmentAdded, Detail = name });
        await db.SaveChangesAsync(ct);
        return new AttachmentInfo(attachment.Id, name, data.Length, now);
    }

    public async Task<bool> RemoveAsync(int escalationId, int attachmentId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (!await db.Escalations.EditableBy(user).AnyAsync(e => e.Id == escalationId, ct)) return false;
        var attachment = await db.Attachments.SingleOrDefaultAsync(
            a => a.Id == attachmentId && a.EscalationId == escalationId && a.RemovedAt == null, ct);
        if (attachment is null) return false;
        var now = clock.GetUtcNow().UtcDateTime;
        attachment.RemovedAt = now;
        db.Timeline.Add(new TimelineEvent { EscalationId = escalationId, At = now, Actor = user.Name, Kind = TimelineKinds.AttachmentRemoved, Detail = attachment.FileName });
        await db.SaveChangesAsync(ct);
        return true;
    }

    public async Task<EvidenceFile?> OpenAsync(int escalationId, int attachmentId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (!await db.Escalations.ReadableBy(user).AnyAsync(e => e.Id == escalationId, ct)) return null;
        return await db.Attachments.AsNoTracking()
            .Where(a => a.Id == attachmentId && a.EscalationId == escalationId && a.RemovedAt == null)
            .Select(a => new EvidenceFile(a.FileName, a.ContentType, a.Data))
            .SingleOrDefaultAsync(ct);
    }

    private static async Task<byte[]> ReadLimitedAsync(Stream content, string name, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await content.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > MaxFileBytes)
                throw new EvidenceException($"{name} is larger than {MaxFileBytes / (1024 * 1024)} MB.");
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }

    private static string ContentTypeOf(string extension) => extension.ToLowerInvariant() switch
    {
        ".png" => "image/png",
        ".jpg" or ".jpeg" => "image/jpeg",
        ".gif" => "image/gif",
        ".webp" => "image/webp",
        ".pdf" => "application/pdf",
        ".zip" => "application/zip",
        ".json" or ".har" => "application/json",
        ".csv" => "text/csv",
        _ => "text/plain",
    };
}

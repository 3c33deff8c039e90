using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Caching.Memory;

namespace EscalationDesk.Features.Briefs;

// Rendered brief PDFs, by escalation, version and everything else the bytes depend on: the text (which also carries the
// customer, linked escalations the viewer may read, attachments, currency and time in queue), title, author, severity,
// the organisation's zone, the paper size, the marker, the subject and where pages break. The generation time is left out: a copy says when it was made.
// Its own MemoryCache, bounded in bytes (Pdf:CacheMegabytes), so no other cache's entries need a size.
public sealed class BriefPdfCache : IDisposable
{
    private readonly MemoryCache _cache;
    private readonly string _paperSize;

    public BriefPdfCache(PdfOptions options)
    {
        _cache = new MemoryCache(new MemoryCacheOptions { SizeLimit = Math.Max(1, options.CacheMegabytes) * 1024L * 1024L });
        _paperSize = options.PaperSize;
    }

    public async Task<byte[]> GetOrRenderAsync(int escalationId, int version, BriefPdfRequest request, Func<Task<byte[]>> render)
    {
        var key = Key(escalationId, version, request);
        if (_cache.TryGetValue(key, out byte[]? cached) && cached is not null) return cached;
        var data = await render();
        _cache.Set(key, data, new MemoryCacheEntryOptions { Size = data.Length, SlidingExpiration = TimeSpan.FromHours(1) });
        return data;
    }

    private string Key(int escalationId, int version, BriefPdfRequest r)
    {
        var content = string.Join('\u001f', r.Reference, r.Title, r.Author, r.Severity, r.ZoneId, _paperSize, r.Marker, r.Subject,
            string.Join('\u001e', r.Pages ?? [r.Markdown]));
        return $"brief:{escalationId}:v{version}:{Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(content)))}";
    }

    public void Dispose() => _cache.Dispose();
}

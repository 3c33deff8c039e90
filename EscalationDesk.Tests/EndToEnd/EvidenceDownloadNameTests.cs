using System.Net;
using EscalationDesk.Data;
using EscalationDesk.Features.Drafts;
using EscalationDesk.Features.Users;
using EscalationDesk.Features.Wizard;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace EscalationDesk.Tests.EndToEnd;

// Pen test: the download's Content-Disposition carried the stored name as it came, bidirectional controls included.
public sealed class EvidenceDownloadNameTests : IAsyncLifetime
{
    private readonly AppServer _server = new();

    [Fact]
    public async Task The_download_names_the_file_in_ascii_and_in_utf8_without_control_characters()
    {
        var (client, id, attachmentId) = await UploadAsync("Rapport \"été\" \u202Efdp.txt");

        using var response = await client.GetAsync($"/escalations/{id}/evidence/{attachmentId}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var header = string.Join(", ", response.Content.Headers.GetValues("Content-Disposition"));
        Assert.Equal("attachment; filename=\"Rapport __t__ fdp.txt\"; filename*=UTF-8''Rapport%20%22%C3%A9t%C3%A9%22%20fdp.txt", header);
        Assert.Equal("Rapport \"été\" fdp.txt", response.Content.Headers.ContentDisposition!.FileNameStar);
    }

    [Fact]
    public async Task A_name_stored_before_the_fix_downloads_with_a_clean_header()
    {
        var (client, id, attachmentId) = await UploadAsync("log.txt");
        await using (var scope = _server.Services.CreateAsyncScope())
        {
            await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<EscalationDeskDbContext>>().CreateDbContextAsync();
            await db.Attachments.Where(a => a.Id == attachmentId).ExecuteUpdateAsync(u => u.SetProperty(a => a.FileName, "a\r\nSet-Cookie: x=1\u202E.txt"));
        }

        using var response = await client.GetAsync($"/escalations/{id}/evidence/{attachmentId}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.DoesNotContain(response.Headers.TryGetValues("Set-Cookie", out var cookies) ? cookies : [], c => c.StartsWith("x="));
        Assert.Equal("aSet-Cookie: x=1.txt", response.Content.Headers.ContentDisposition!.FileNameStar);
    }

    private async Task<(HttpClient Client, int Id, int AttachmentId)> UploadAsync(string name)
    {
        var agent = await _server.CreateUserAsync(Roles.Agent);
        var client = await _server.SignedInClientAsync(agent);
        await using var scope = await _server.ScopeAsAsync(agent);
        var id = await scope.ServiceProvider.GetRequiredService<DraftsService>().CreateAsync();
        using var log = new MemoryStream("x"u8.ToArray());
        var attachmentId = (await scope.ServiceProvider.GetRequiredService<EvidenceService>().AddAsync(id, name, log)).Id;
        return (client, id, attachmentId);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _server.DisposeAsync();
}

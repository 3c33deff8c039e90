using System.Net;
using EscalationDesk.Data;
using EscalationDesk.Features.Drafts;
using EscalationDesk.Features.Wizard;
using EscalationDesk.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace EscalationDesk.Tests.EndToEnd;

public sealed class ErrorPageTests
{
    [Fact]
    public async Task An_unhandled_error_shows_a_generic_page_with_an_error_id_and_only_the_log_has_the_details()
    {
        var path = Path.Combine(Path.GetTempPath(), $"escalationdesk-error-{Guid.NewGuid():N}.db");
        var log = new LogCapture();
        await using var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
        {
            b.UseEnvironment("Production");
            b.UseSetting("ConnectionStrings:EscalationDesk", $"Data Source={path}");
            b.ConfigureServices(s => s.AddSingleton<ILoggerProvider>(log));
        });
        using var client = factory.CreateClient();
        int id;
        using (var scope = factory.Services.CreateScope())
        {
            id = await scope.ServiceProvider.GetRequiredService<DraftsService>().CreateAsync();
            await scope.ServiceProvider.GetRequiredService<EvidenceService>().AddAsync(id, "a.txt", new MemoryStream("x"u8.ToArray()));
            // A real failure: the evidence table is gone, so the download throws inside the app.
            await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<EscalationDeskDbContext>>().CreateDbContextAsync();
            await db.Database.ExecuteSqlRawAsync("DROP TABLE Attachments");
        }

        using var response = await client.GetAsync($"/escalations/{id}/evidence/1");
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Contains("Something went wrong", html);
        var errorId = System.Text.RegularExpressions.Regex.Match(html, "<code class=\"error-id\">([^<]+)</code>").Groups[1].Value;
        Assert.NotEmpty(errorId);
        Assert.DoesNotContain("no such table", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("SqliteException", html);
        Assert.DoesNotContain("   at ", html);
        Assert.Contains(log.Entries, e => e.Message.Contains(errorId) && e.Exception?.Message.Contains("no such table") == true);
        Assert.Contains("default-src 'self'", response.Headers.GetValues("Content-Security-Policy").Single());
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm" }) File.Delete(path + suffix);
    }
}

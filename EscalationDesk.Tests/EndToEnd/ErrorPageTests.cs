using System.Net;
using EscalationDesk.Data;
using EscalationDesk.Features.Drafts;
using EscalationDesk.Features.Users;
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
    // The page the README promises: what does not exist and what this user may not see answer alike, 404 with the not-found
    // page, also from the prerender of the interactive pages; nothing answers 403.
    [Fact]
    public async Task A_page_the_user_may_not_see_answers_404_with_the_not_found_page_like_a_missing_one()
    {
        await using var server = new AppServer();
        var ana = await server.CreateUserAsync(Roles.Agent);
        var bob = await server.CreateUserAsync(Roles.Agent);
        var factory = server.Services.GetRequiredService<IDbContextFactory<EscalationDeskDbContext>>();
        var now = DateTime.UtcNow;
        var security = await EscalationRows.AddAsync(factory, now, "Ana's breach report", targets: "Security", owner: ana.Name, change: e => e.OwnerId = ana.Id);
        var engineering = await EscalationRows.AddAsync(factory, now, "Ana's open bug", owner: ana.Name, change: e => e.OwnerId = ana.Id);
        int draft;
        await using (var scope = await server.ScopeAsAsync(ana))
            draft = await scope.ServiceProvider.GetRequiredService<DraftsService>().CreateAsync();
        using var bobs = await server.SignedInClientAsync(bob);

        foreach (var url in new[] { $"/escalations/{security}", "/escalations/99999", $"/escalations/{draft}/edit?step=1", "/escalations/99999/edit", "/no-such-page" })
        {
            using var response = await bobs.GetAsync(url);
            var html = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{url}: {(int)response.StatusCode}");
            Assert.Contains("There is nothing at this address that you can open.", html);
            Assert.DoesNotContain("Ana&#x27;s breach", html);
            Assert.DoesNotContain("Ana's breach", html);
        }
        // What Bob may read still opens, and what he may not is never 403.
        Assert.Equal(HttpStatusCode.OK, (await bobs.GetAsync($"/escalations/{engineering}")).StatusCode);
        foreach (var url in new[] { "/admin/users", "/settings", "/dashboard", "/reports/digest.pdf", $"/escalations/{security}/brief.pdf", $"/escalations/{draft}/brief.md" })
            Assert.Equal(HttpStatusCode.NotFound, (await bobs.GetAsync(url)).StatusCode);
    }

    [Fact]
    public async Task An_unhandled_error_shows_a_generic_page_with_an_error_id_and_only_the_log_has_the_details()
    {
        var path = Path.Combine(Path.GetTempPath(), $"escalationdesk-error-{Guid.NewGuid():N}.db");
        var log = new LogCapture();
        await using var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
        {
            b.UseEnvironment("Production");
            b.UseSetting("ConnectionStrings:EscalationDesk", $"Data Source={path}");
            b.UseSetting("EscalationDesk:AllowHttpCookies", "true");
            b.ConfigureServices(s => s.AddSingleton<ILoggerProvider>(log));
        });
        using var client = factory.CreateClient();
        var agent = await AppServer.CreateUserAsync(factory.Services, Roles.Agent);
        await AppServer.PostLoginAsync(client, agent.Email, agent.Password);
        int id;
        await using (var scope = await AppServer.ScopeAsAsync(factory.Services, agent))
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

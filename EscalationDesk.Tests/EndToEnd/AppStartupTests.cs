using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;

namespace EscalationDesk.Tests.EndToEnd;

public sealed class AppStartupTests
{
    [Fact]
    public async Task The_app_creates_and_migrates_a_fresh_database_in_WAL_mode_and_sends_a_first_visitor_to_sign_in_or_set_up()
    {
        var path = Path.Combine(Path.GetTempPath(), $"escalationdesk-startup-{Guid.NewGuid():N}", "nested", "desk.db");
        await using (var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
        {
            b.UseEnvironment("Production");
            b.UseSetting("ConnectionStrings:EscalationDesk", $"Data Source={path}");
        }))
        {
            using var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
            var home = await client.GetAsync("/");
            Assert.Equal(302, (int)home.StatusCode);
            Assert.StartsWith("/account/login", home.Headers.Location!.PathAndQuery);

            var login = await client.GetAsync("/account/login");
            var html = await login.Content.ReadAsStringAsync();
            Assert.Equal(200, (int)login.StatusCode);
            Assert.Contains("Sign in", html);
            Assert.Contains("Create the Admin account", html);
            Assert.Equal(200, (int)(await client.GetAsync("/_content/MudBlazor/MudBlazor.min.css")).StatusCode);
        }

        Assert.True(File.Exists(path));
        await using (var connection = new SqliteConnection($"Data Source={path}"))
        {
            await connection.OpenAsync();
            Assert.Equal("wal", await ScalarAsync(connection, "PRAGMA journal_mode;"));
            Assert.Equal(1L, await ScalarAsync(connection, "SELECT count(*) FROM sqlite_master WHERE name = 'Escalations';"));
            Assert.True((long)(await ScalarAsync(connection, "SELECT count(*) FROM __EFMigrationsHistory;"))! >= 1);
        }
        SqliteConnection.ClearAllPools();
        Directory.Delete(Path.GetDirectoryName(Path.GetDirectoryName(path))!, recursive: true);
    }

    [Theory]
    [InlineData("Oracle", "Data Source=unused.db", "Database:Provider is \"Oracle\"")]
    [InlineData("Postgres", "Host=127.0.0.1;Port=1;Database=desk;Username=desk;Password=x;Timeout=3", "ConnectionStrings:EscalationDesk")]
    [InlineData("Postgres", "", "ConnectionStrings:EscalationDesk is not set")]
    public async Task A_wrong_provider_or_an_unreachable_database_stops_start_up_with_one_line_naming_the_setting(string provider, string connectionString, string names)
    {
        var (code, output, error) = await AppProcess.RunUntilExitAsync(new Dictionary<string, string>
        {
            ["Database__Provider"] = provider, ["ConnectionStrings__EscalationDesk"] = connectionString,
        });

        Assert.NotEqual(0, code);
        var line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        Assert.StartsWith("EscalationDesk cannot start: ", line);
        Assert.Contains(names, line);
        Assert.DoesNotContain("Now listening", output);
    }

    [Fact]
    public async Task Attachments_of_unknown_drafts_are_not_found()
    {
        await using var server = new AppServer();
        using var client = await server.SignedInClientAsync(await server.CreateUserAsync(EscalationDesk.Features.Users.Roles.Agent));
        Assert.Equal(404, (int)(await client.GetAsync("/escalations/12345/evidence/1")).StatusCode);
    }

    private static async Task<object?> ScalarAsync(SqliteConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync();
    }
}

using EscalationDesk.Data;
using EscalationDesk.Data.Sqlite;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;

namespace EscalationDesk.Tests.Data;

// Database:Provider picks the engine in one place; today that is SQLite, and anything else stops start-up.
public sealed class DatabaseProviderTests
{
    private static IConfiguration Configuration(params (string Key, string Value)[] settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings.ToDictionary(s => s.Key, s => (string?)s.Value)).Build();

    [Theory]
    [InlineData(null)]
    [InlineData("Sqlite")]
    [InlineData("sqlite")]
    public void Sqlite_is_the_default_and_a_relative_file_is_under_the_content_root(string? provider)
    {
        var root = Path.Combine(Path.GetTempPath(), "escalationdesk-root");
        var settings = new List<(string, string)> { ("ConnectionStrings:EscalationDesk", "Data Source=App_Data/desk.db") };
        if (provider is not null) settings.Add((DatabaseProviders.Setting, provider));

        var database = DatabaseProviders.FromConfiguration(Configuration([.. settings]), root);

        Assert.IsType<SqliteDatabase>(database);
        Assert.Equal(Path.Combine(root, "App_Data", "desk.db"), database.Location);
    }

    [Fact]
    public async Task An_unknown_provider_stops_start_up_with_one_line_naming_the_setting()
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Production", ContentRootPath = AppContext.BaseDirectory });
        builder.Configuration["Database:Provider"] = "Oracle";
        builder.AddEscalationDesk();
        await using var app = builder.Build();

        var error = Assert.Throws<DatabaseSettingException>(app.MigrateDatabase);

        Assert.StartsWith("Database:Provider is \"Oracle\"", error.Message);
        Assert.DoesNotContain('\n', error.Message);
    }
}

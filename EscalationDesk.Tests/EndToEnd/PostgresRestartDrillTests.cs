using EscalationDesk.Tests.Infrastructure;
using Npgsql;
using static Microsoft.Playwright.Assertions;

namespace EscalationDesk.Tests.EndToEnd;

// The app on a PostgreSQL server of its own, stopped and started again under an open wizard.
[Collection(BrowserCollection.Name)]
public sealed class PostgresRestartDrillTests(BrowserFixture browser)
{
    private const string Broken = "What's broken or needed";

    [TemporaryPostgresFact]
    public async Task While_PostgreSQL_restarts_saves_say_not_saved_nothing_typed_is_lost_and_saving_resumes_by_itself()
    {
        using var cluster = TemporaryPostgresCluster.Create();
        var database = cluster.CreateDatabase("desk");
        await using var app = AppProcess.OnPostgres(database);
        await app.StartAsync();
        await using var context = await browser.Browser.NewContextAsync(new() { BaseURL = app.BaseUrl, ViewportSize = new() { Width = 1280, Height = 900 } });
        context.SetDefaultTimeout(15_000);
        await BrowserArtifacts.KeepOnFailureAsync(nameof(While_PostgreSQL_restarts_saves_say_not_saved_nothing_typed_is_lost_and_saving_resumes_by_itself), [context], async () =>
        {
            var page = await context.NewPageAsync();
            var wizard = new WizardPageObject(page);
            await page.GotoAsync("/");
            await app.SignInIfAskedAsync(page);
            await wizard.OpenDraftsAsync();
            await wizard.StartNewEscalationAsync();
            var id = wizard.DraftId;
            await wizard.Field(Broken).FillAsync("typed before the restart\n");
            await ReliabilityDrillTests.WaitSavedAfterEditAsync(wizard);

            cluster.Stop();
            const string typed = "typed before the restart\ntyped while the database is down\n";
            await wizard.Field(Broken).FillAsync(typed);
            await Expect(page.Locator("[data-save-state]")).ToHaveAttributeAsync("data-save-state", "Failed");
            await Expect(page.GetByText("Not saved — retry")).ToBeVisibleAsync();
            await Task.Delay(3_000);   // retries keep failing while it is down, and keep saying so
            await Expect(page.Locator("[data-save-state]")).ToHaveAttributeAsync("data-save-state", "Failed");
            await Expect(wizard.Field(Broken)).ToHaveValueAsync(typed);

            cluster.Start();
            await Expect(page.Locator("[data-save-state]")).ToHaveAttributeAsync("data-save-state", "Saved", new() { Timeout = 20_000 });
            await using (var connection = new NpgsqlConnection(database))
            {
                await connection.OpenAsync();
                await using var command = new NpgsqlCommand("SELECT \"Content\" FROM \"Escalations\" WHERE \"Id\" = @id", connection);
                command.Parameters.AddWithValue("id", id);
                Assert.Contains("typed while the database is down", (string)(await command.ExecuteScalarAsync())!);
            }
            await wizard.ReloadAsync();
            await Expect(wizard.Field(Broken)).ToHaveValueAsync(typed);
        });
    }
}

// A drill that runs its own PostgreSQL server: skipped, with the reason, where Debian's binaries are missing.
public sealed class TemporaryPostgresFactAttribute : FactAttribute
{
    public TemporaryPostgresFactAttribute()
    {
        if (TemporaryPostgresCluster.Unavailable is { } reason) Skip = reason;
    }
}

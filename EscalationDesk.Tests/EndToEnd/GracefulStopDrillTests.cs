using EscalationDesk.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using static Microsoft.Playwright.Assertions;

namespace EscalationDesk.Tests.EndToEnd;

// systemd stops the service with SIGTERM and kills it after TimeoutStopSec (15 s in the README's unit): with a wizard open and
// a keystroke's save still waiting for its debounce, the app must stop by itself well within that, exit 0, and have saved
// the text.
[Collection(BrowserCollection.Name)]
public sealed class GracefulStopDrillTests(BrowserFixture browser)
{
    private const string Broken = "What's broken or needed";

    [Fact]
    public async Task Sigterm_with_a_wizard_open_stops_within_10_seconds_and_saves_what_was_typed()
    {
        await using var app = await AppProcess.LaunchAsync(new Dictionary<string, string> { ["Metrics:Prometheus"] = "true" });
        await using var context = await browser.Browser.NewContextAsync(new() { BaseURL = app.BaseUrl, ViewportSize = new() { Width = 1280, Height = 900 } });
        context.SetDefaultTimeout(15_000);
        await BrowserArtifacts.KeepOnFailureAsync(nameof(Sigterm_with_a_wizard_open_stops_within_10_seconds_and_saves_what_was_typed), [context], async () =>
        {
            var wizard = new WizardPageObject(await context.NewPageAsync());
            await wizard.Page.GotoAsync("/");
            await app.SignInIfAskedAsync(wizard.Page);
            await wizard.OpenDraftsAsync();
            await wizard.StartNewEscalationAsync();
            var id = wizard.DraftId;
            await wizard.FillSummaryAsync("Stop drill");
            await ReliabilityDrillTests.WaitSavedAfterEditAsync(wizard);

            // The open wizard is a circuit the instance counts.
            using (var http = new HttpClient { BaseAddress = new Uri(app.BaseUrl) })
                Assert.Matches(new System.Text.RegularExpressions.Regex(@"(?m)^escalationdesk_circuits_open(\{[^}]*\})? 1( |$)"), await http.GetStringAsync("/metrics"));

            // Typed, and the stop comes before the autosave's debounce has passed: the save is still pending.
            await wizard.Field(Broken).FillAsync("Typed just before the stop.");
            await Expect(wizard.Page.Locator("[data-save-state]")).ToHaveAttributeAsync("data-save-state", "Pending");
            var (took, exitCode) = await app.TerminateAsync(TimeSpan.FromSeconds(20));

            Assert.True(took < TimeSpan.FromSeconds(10), $"SIGTERM took {took.TotalSeconds:F1} s");
            Assert.Equal(0, exitCode);
            // Saved by the stop itself (GracefulStop), before the server closed the circuit's connection.
            Assert.Contains(app.Output, line => line.Contains("Saved the pending edits of 1 open wizards before stopping", StringComparison.Ordinal));
            var stored = StoredContent(app.DatabasePath, id);
            Assert.True(stored.Contains("Typed just before the stop.", StringComparison.Ordinal),
                $"Not saved (the stop took {took.TotalSeconds:F1} s): {stored}\n{string.Join('\n', app.Output)}");
        });
    }

    private static string StoredContent(string databasePath, int id)
    {
        using var connection = new SqliteConnection($"Data Source={databasePath};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT Content FROM Escalations WHERE Id = $id";
        command.Parameters.AddWithValue("$id", id);
        return command.ExecuteScalar() as string ?? "";
    }
}

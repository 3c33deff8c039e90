using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace EscalationDesk.Tests.EndToEnd;

// Drills that take the server away: the app runs as its own process (AppProcess) so it can be killed and restarted
// on the same database file while a browser has a draft open.
[Collection(BrowserCollection.Name)]
public sealed class ServerFailureDrillTests(BrowserFixture browser)
{
    private const string Broken = "What's broken or needed";

    [Fact]
    public async Task Killing_the_app_during_autosave_keeps_every_acknowledged_save_and_an_intact_database()
    {
        await using var app = await AppProcess.LaunchAsync();
        await using var context = await NewContextAsync(app);
        await BrowserArtifacts.KeepOnFailureAsync(nameof(Killing_the_app_during_autosave_keeps_every_acknowledged_save_and_an_intact_database), [context], async () =>
        {
            var wizard = new WizardPageObject(await context.NewPageAsync());
            await OpenAsync(app, wizard, "/");
            await wizard.StartNewEscalationAsync();
            var id = wizard.DraftId;
            var random = new Random(20261125);
            var acknowledged = "";

            for (var round = 1; round <= 2; round++)
            {
                for (var save = 1; save <= 3; save++)
                {
                    var text = acknowledged + $"round {round}, save {save} acknowledged\n";
                    await wizard.Field(Broken).FillAsync(text);
                    await ReliabilityDrillTests.WaitSavedAfterEditAsync(wizard);
                    acknowledged = text;
                }

                // The next edit is in the autosave window (debounce, then the write) when the process dies.
                var inFlight = acknowledged + $"round {round}, in flight at the kill\n";
                await wizard.Field(Broken).FillAsync(inFlight);
                await Task.Delay(random.Next(250, 700));
                app.Kill();

                Assert.Equal("ok", app.IntegrityCheck());
                await app.StartAsync();
                await OpenAsync(app, wizard, $"/escalations/{id}/edit?step=1");
                var stored = await wizard.Field(Broken).InputValueAsync();
                Assert.True(stored == acknowledged || stored == inFlight,
                    $"Round {round}: after the restart the draft shows{Environment.NewLine}{stored}{Environment.NewLine}but the last acknowledged save was{Environment.NewLine}{acknowledged}");
                acknowledged = stored;
            }
        });
    }

    [Fact]
    public async Task A_draft_open_while_the_server_restarts_shows_everything_acknowledged_after_reload()
    {
        await using var app = await AppProcess.LaunchAsync();
        await using var context = await NewContextAsync(app);
        await BrowserArtifacts.KeepOnFailureAsync(nameof(A_draft_open_while_the_server_restarts_shows_everything_acknowledged_after_reload), [context], async () =>
        {
            var wizard = new WizardPageObject(await context.NewPageAsync());
            var page = wizard.Page;
            await OpenAsync(app, wizard, "/");
            await wizard.StartNewEscalationAsync();
            await wizard.FillSummaryAsync("Restart drill: sync stalls overnight");
            await wizard.FillAsync(Broken, "Nightly sync stops at 02:00 for EU tenants.");
            await ReliabilityDrillTests.WaitSavedAfterEditAsync(wizard);
            await wizard.GoToStepAsync("Assess impact");
            await wizard.FillAsync("Customers affected", "42");
            await ReliabilityDrillTests.WaitSavedAfterEditAsync(wizard);

            app.Kill();
            // While the server is away the page says so rather than pretending all is well.
            await Expect(page.Locator("#components-reconnect-modal")).ToBeVisibleAsync();
            await app.StartAsync();

            try { await page.ReloadAsync(); }
            catch (PlaywrightException) { await page.WaitForLoadStateAsync(); /* the page's reconnect script reloaded it first */ }
            await app.SignInIfAskedAsync(page);
            await wizard.WaitInteractiveAsync();
            await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex(@"step=3$"));
            await Expect(wizard.Field("Customers affected")).ToHaveValueAsync("42");
            await wizard.GoToStepAsync("Understand");
            await Expect(wizard.Field("Summary")).ToHaveValueAsync("Restart drill: sync stalls overnight");
            await Expect(wizard.Field(Broken)).ToHaveValueAsync("Nightly sync stops at 02:00 for EU tenants.");
            await Expect(page.Locator("[data-save-state]")).ToHaveAttributeAsync("data-save-state", "Saved");
        });
    }

    private async Task<IBrowserContext> NewContextAsync(AppProcess app)
    {
        var context = await browser.Browser.NewContextAsync(new() { BaseURL = app.BaseUrl, ViewportSize = new() { Width = 1280, Height = 900 } });
        context.SetDefaultTimeout(15_000);
        return context;
    }

    private static async Task OpenAsync(AppProcess app, WizardPageObject wizard, string url)
    {
        await wizard.Page.GotoAsync(url);
        await app.SignInIfAskedAsync(wizard.Page);
        if (!wizard.Page.Url.EndsWith(url, StringComparison.Ordinal)) await wizard.Page.GotoAsync(url);
        await wizard.WaitInteractiveAsync();
    }
}

using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace EscalationDesk.Tests.EndToEnd;

// The server hangs and dies while a keystroke's save is pending: the page reloads to what the database holds, and must say
// that the last text was lost (in the viewer's zone) and offer it back, not reload silently.
[Collection(BrowserCollection.Name)]
public sealed class UnsavedAfterCrashDrillTests(BrowserFixture browser)
{
    private const string Broken = "What's broken or needed";
    private const string Zone = "Asia/Kolkata";

    [Fact]
    public async Task Text_lost_in_a_crash_is_named_with_its_time_after_the_reload_and_can_be_put_back()
    {
        await using var app = await AppProcess.LaunchAsync();
        await using var context = await browser.Browser.NewContextAsync(new()
        {
            BaseURL = app.BaseUrl, ViewportSize = new() { Width = 1280, Height = 900 }, TimezoneId = Zone,
        });
        context.SetDefaultTimeout(15_000);
        await BrowserArtifacts.KeepOnFailureAsync(nameof(Text_lost_in_a_crash_is_named_with_its_time_after_the_reload_and_can_be_put_back), [context], async () =>
        {
            var wizard = new WizardPageObject(await context.NewPageAsync());
            var page = wizard.Page;
            await page.GotoAsync("/");
            await app.SignInIfAskedAsync(page);
            await wizard.OpenDraftsAsync();
            await wizard.StartNewEscalationAsync();
            var id = wizard.DraftId;
            var lastSavedEditAt = DateTime.UtcNow;
            await wizard.FillSummaryAsync("Crash drill: invoices stuck");
            await wizard.FillAsync(Broken, "Invoices stay in Pending.");
            await ReliabilityDrillTests.WaitSavedAfterEditAsync(wizard);

            // The server hangs as the text is typed (so no save of it can be acknowledged, however slow the machine), then dies.
            app.Freeze();
            var typedAt = DateTime.UtcNow;
            await wizard.Field("Summary").FillAsync("Crash drill: invoices stuck in Pending");
            await wizard.Field(Broken).FillAsync("Invoices stay in Pending since the 02:00 run.");
            await page.WaitForTimeoutAsync(1_500); // past the autosave's debounce: the page has sent what it would send
            app.Kill();
            await Expect(page.Locator("#components-reconnect-modal")).ToBeVisibleAsync();
            await app.StartAsync();
            try { await page.ReloadAsync(); }
            catch (PlaywrightException) { await page.WaitForLoadStateAsync(); /* the reconnect script reloaded it first */ }
            await app.SignInIfAskedAsync(page);
            if (!page.Url.Contains($"/escalations/{id}/edit", StringComparison.Ordinal)) await page.GotoAsync($"/escalations/{id}/edit?step=1");
            await wizard.WaitInteractiveAsync();

            // The database has the last acknowledged text; the page says what was lost and when, on the viewer's clock.
            await Expect(wizard.Field(Broken)).ToHaveValueAsync("Invoices stay in Pending.");
            await Expect(wizard.Field("Summary")).ToHaveValueAsync("Crash drill: invoices stuck");
            var notice = page.GetByTestId("unsaved-edits");
            await Expect(notice).ToContainTextAsync("were not saved");
            await Expect(notice).ToContainTextAsync("Invoices stay in Pending since the 02:00 run.");
            Assert.Equal(["Summary", Broken], (await notice.Locator("dt").AllInnerTextsAsync()).Order());
            var shown = Regex.Match(await notice.InnerTextAsync(), @"Your last changes after (\d\d:\d\d:\d\d) IST were not saved");
            Assert.True(shown.Success, await notice.InnerTextAsync());
            // The time of the first lost keystroke; an edit acknowledged in its last moment before the freeze counts as possibly
            // lost too (wizard.js), so on a slow machine the time may go back to that edit, never before it.
            var zone = TimeZoneInfo.FindSystemTimeZoneById(Zone);
            var actual = TimeSpan.ParseExact(shown.Groups[1].Value, @"hh\:mm\:ss", CultureInfo.InvariantCulture);
            var earliest = TimeZoneInfo.ConvertTimeFromUtc(lastSavedEditAt, zone).TimeOfDay - TimeSpan.FromSeconds(1);
            var latest = TimeZoneInfo.ConvertTimeFromUtc(typedAt, zone).TimeOfDay + TimeSpan.FromSeconds(5);
            Assert.InRange(actual, earliest, latest);

            // Put back: the text returns to its field and is saved like typing.
            await page.GetByRole(AriaRole.Button, new() { Name = "Put back what I typed" }).ClickAsync();
            await Expect(wizard.Field(Broken)).ToHaveValueAsync("Invoices stay in Pending since the 02:00 run.");
            await Expect(wizard.Field("Summary")).ToHaveValueAsync("Crash drill: invoices stuck in Pending");
            await Expect(notice).ToHaveCountAsync(0);
            await ReliabilityDrillTests.WaitSavedAfterEditAsync(wizard);

            // Nothing lost this time: a reload is silent and shows the saved text.
            await wizard.ReloadAsync();
            await Expect(wizard.Field(Broken)).ToHaveValueAsync("Invoices stay in Pending since the 02:00 run.");
            await Expect(wizard.Field("Summary")).ToHaveValueAsync("Crash drill: invoices stuck in Pending");
            // The notice would come right after the first interactive render; give it that moment before saying it did not.
            await page.WaitForTimeoutAsync(1000);
            await Expect(page.GetByTestId("unsaved-edits")).ToHaveCountAsync(0);
        });
    }
}

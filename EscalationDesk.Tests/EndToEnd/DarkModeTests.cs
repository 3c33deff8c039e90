using EscalationDesk.Data;
using EscalationDesk.Features.Drafts;
using EscalationDesk.Features.Users;
using EscalationDesk.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace EscalationDesk.Tests.EndToEnd;

// Dark mode follows the browser's system setting until the user picks with the app bar's toggle; the pick is kept on
// their account. Both palettes pass axe.
[Collection(BrowserCollection.Name)]
public sealed class DarkModeTests(BrowserFixture browser)
{
    [Fact]
    public async Task A_dark_system_setting_makes_the_app_dark_and_the_main_pages_pass_axe_in_light_and_in_dark()
    {
        var admin = await browser.CreateUserAsync(Roles.Admin);
        var escalation = await EscalationRows.AddAsync(browser.Server.Services.GetRequiredService<IDbContextFactory<EscalationDeskDbContext>>(), DateTime.UtcNow,
            $"Dark mode check {Guid.NewGuid():N}"[..24], owner: admin.Name, arr: 120_000, internalDueInHours: -2);
        int draft;
        await using (var scope = await browser.Server.ScopeAsAsync(admin))
            draft = await scope.ServiceProvider.GetRequiredService<DraftsService>().CreateAsync();
        string[] pages = ["/drafts", "/queue", "/dashboard", "/notifications", "/settings", "/admin/users", "/account/profile", $"/escalations/{escalation}",
            .. Enumerable.Range(1, 7).Select(step => $"/escalations/{draft}/edit?step={step}")];

        // The light palette of the other pages is scanned by their own journeys (queue, dashboard, wizard, lifecycle).
        string[] lightPages = ["/drafts", "/admin/users", "/account/profile", $"/escalations/{escalation}"];

        var problems = new List<string>();
        foreach (var scheme in new[] { ColorScheme.Light, ColorScheme.Dark })
        {
            var dark = scheme == ColorScheme.Dark;
            var page = await browser.NewPageAsync(admin, o => o.ColorScheme = scheme);
            await BrowserArtifacts.KeepOnFailureAsync($"{nameof(A_dark_system_setting_makes_the_app_dark_and_the_main_pages_pass_axe_in_light_and_in_dark)}-{scheme}", [page.Context], async () =>
            {
                foreach (var url in dark ? pages : lightPages)
                {
                    await LayoutChecks.OpenAsync(page, url);
                    await ExpectDarkAsync(page, dark);
                    await new WizardPageObject(page).SnapAsync($"{scheme}{System.Text.RegularExpressions.Regex.Replace(url, "[^a-z0-9]+", "-")}");
                    problems.AddRange((await LayoutChecks.AxeProblemsAsync(page)).Select(p => $"{scheme}: {p}"));
                }
                await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Dark mode" })).ToHaveAttributeAsync("aria-pressed", dark ? "true" : "false");
            });
            await page.Context.CloseAsync();

            // Sign-in has no circuit: the system setting reaches it through CSS alone.
            var anonymous = await browser.NewAnonymousPageAsync(o => o.ColorScheme = scheme);
            await anonymous.GotoAsync("/account/login");
            await ExpectDarkAsync(anonymous, dark);
            problems.AddRange((await LayoutChecks.AxeProblemsAsync(anonymous)).Select(p => $"{scheme}: {p}"));
            await anonymous.Context.CloseAsync();
        }

        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    [Fact]
    public async Task The_toggle_is_kept_on_the_account_across_reloads_and_browsers_and_beats_the_system_setting()
    {
        var agent = await browser.CreateUserAsync(Roles.Agent);
        var first = await browser.NewPageAsync(agent, o => o.ColorScheme = ColorScheme.Light);
        await LayoutChecks.OpenAsync(first, "/drafts");
        await ExpectDarkAsync(first, false);
        var toggle = first.GetByRole(AriaRole.Button, new() { Name = "Dark mode" });
        await Expect(toggle).ToHaveAttributeAsync("aria-pressed", "false");
        await toggle.ClickAsync();
        await Expect(toggle).ToHaveAttributeAsync("aria-pressed", "true");
        await ExpectDarkAsync(first, true);

        await LayoutChecks.OpenAsync(first, "/queue");
        await ExpectDarkAsync(first, true);
        await Expect(toggle).ToHaveAttributeAsync("aria-pressed", "true");

        // Another browser, set to light: the account's choice wins.
        var second = await browser.NewPageAsync(agent, o => o.ColorScheme = ColorScheme.Light);
        await LayoutChecks.OpenAsync(second, "/drafts");
        await ExpectDarkAsync(second, true);

        // On a browser set to dark she turns it off, and it stays off.
        var third = await browser.NewPageAsync(agent, o => o.ColorScheme = ColorScheme.Dark);
        await LayoutChecks.OpenAsync(third, "/drafts");
        var thirdToggle = third.GetByRole(AriaRole.Button, new() { Name = "Dark mode" });
        await Expect(thirdToggle).ToHaveAttributeAsync("aria-pressed", "true");
        await thirdToggle.ClickAsync();
        await ExpectDarkAsync(third, false);
        await third.ReloadAsync();
        await LayoutChecks.OpenAsync(third, "/drafts");
        await ExpectDarkAsync(third, false);
        await Expect(thirdToggle).ToHaveAttributeAsync("aria-pressed", "false");

        foreach (var page in new[] { first, second, third }) await page.Context.CloseAsync();
    }

    // Dark: the page's background is near black; light: near white. Polled, as the palette changes after a click.
    private static async Task ExpectDarkAsync(IPage page, bool dark)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        double luminance;
        while ((luminance = await LayoutChecks.BackgroundLuminanceAsync(page)) is var l && (dark ? l > 0.05 : l < 0.9) && DateTime.UtcNow < deadline)
            await Task.Delay(100);
        Assert.True(dark ? luminance <= 0.05 : luminance >= 0.9, $"{page.Url}: background luminance {luminance:0.00}, expected {(dark ? "dark" : "light")}");
    }
}

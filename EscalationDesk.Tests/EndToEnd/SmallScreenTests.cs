using System.Text.RegularExpressions;
using EscalationDesk.Data;
using EscalationDesk.Features.Users;
using EscalationDesk.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace EscalationDesk.Tests.EndToEnd;

// A server of its own, with no account yet: the first-run setup page is still there (the shared server has accounts).
public sealed class FirstRunServer : IDisposable
{
    public AppServer Server { get; } = new();
    public void Dispose() => Server.Dispose();
}

// A phone, 390 px wide: every page scrolls only up and down, the navigation is behind the menu button, and the
// wizard names its current step.
[Collection(BrowserCollection.Name)]
public sealed class SmallScreenTests(BrowserFixture browser, FirstRunServer firstRun) : IClassFixture<FirstRunServer>
{
    private static readonly ViewportSize Phone = new() { Width = 390, Height = 844 };

    [Fact]
    public async Task Every_page_fits_a_phone_and_the_menu_button_opens_the_navigation()
    {
        var server = firstRun.Server;
        var context = await browser.Browser.NewContextAsync(new() { BaseURL = server.BaseUrl, ViewportSize = Phone });
        context.SetDefaultTimeout(15_000);
        var page = await context.NewPageAsync();
        var problems = new List<string>();

        await BrowserArtifacts.KeepOnFailureAsync(nameof(Every_page_fits_a_phone_and_the_menu_button_opens_the_navigation), [context], async () =>
        {
            // First run, then sign-in: static pages without the app's navigation.
            foreach (var url in new[] { "/setup", "/account/login" })
            {
                await page.GotoAsync(url);
                await Expect(page.Locator("h1")).ToBeVisibleAsync();
                await FitsAsync(page, problems);
            }

            var admin = await server.CreateUserAsync(Roles.Admin);
            var escalation = await EscalationRows.AddAsync(server.Services.GetRequiredService<IDbContextFactory<EscalationDeskDbContext>>(), DateTime.UtcNow,
                "Invoices for the whole northern region fail to export as PDF since the upgrade", owner: admin.Name,
                customer: "Consolidated International Logistics Holdings", arr: 480_000);
            await BrowserFixture.SignInAsync(page, admin);

            foreach (var url in new[] { "/", "/drafts", "/queue", "/dashboard", "/notifications", "/settings", "/admin/users", $"/escalations/{escalation}" })
            {
                await LayoutChecks.OpenAsync(page, url);
                await FitsAsync(page, problems);
                await OpenMenuAsync(page);
                await FitsAsync(page, problems);
            }

            // The menu's links go where they say, and the menu closes behind them.
            await LayoutChecks.OpenAsync(page, "/drafts");
            await OpenMenuAsync(page);
            problems.AddRange(await LayoutChecks.AxeProblemsAsync(page));
            await page.GetByRole(AriaRole.Navigation, new() { Name = "Main" }).GetByRole(AriaRole.Link, new() { Name = "Queue", Exact = true }).ClickAsync();
            await Expect(page).ToHaveURLAsync(new Regex("/queue$"));
            await Expect(page.GetByRole(AriaRole.Navigation, new() { Name = "Main" })).ToHaveCountAsync(0);
            await Expect(page.GetByRole(AriaRole.Row).Filter(new() { HasText = "northern region" })).ToBeVisibleAsync();
            // Each row is a card without column headers: the order is chosen above the list.
            await page.GetByRole(AriaRole.Combobox, new() { Name = "Sort by" }).ClickAsync();
            await page.GetByRole(AriaRole.Option, new() { Name = "ARR at risk" }).ClickAsync();
            await Expect(page).ToHaveURLAsync(new Regex("sort=arr"));
            await page.GetByRole(AriaRole.Button, new() { Name = "Ascending: sort descending" }).ClickAsync();
            await Expect(page).ToHaveURLAsync(new Regex("sort=arr&desc=true"));

            // New escalation is in the app bar of every page, an icon on a phone.
            await page.GetByRole(AriaRole.Button, new() { Name = "New escalation" }).ClickAsync();
            await Expect(page).ToHaveURLAsync(new Regex(@"/escalations/\d+/edit\?step=1"));
            var draft = int.Parse(Regex.Match(page.Url, @"/escalations/(\d+)/edit").Groups[1].Value);
            for (var step = 1; step <= 7; step++)
            {
                await LayoutChecks.OpenAsync(page, $"/escalations/{draft}/edit?step={step}");
                await Expect(page.GetByRole(AriaRole.Button, new() { Name = $"Step {step} of 7 · {WizardSteps[step - 1]}" })).ToBeVisibleAsync();
                await Expect(page.GetByRole(AriaRole.Tab, new() { Name = WizardSteps[step - 1] })).ToHaveCountAsync(0);
                await FitsAsync(page, problems);
            }

            // The step button lists the steps: one tap opens another.
            await page.GetByRole(AriaRole.Button, new() { Name = "Step 7 of 7 · Next steps" }).ClickAsync();
            await page.GetByRole(AriaRole.Menuitem, new() { Name = "3. Assess impact" }).ClickAsync();
            await Expect(page).ToHaveURLAsync(new Regex(@"step=3$"));
            await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Step 3 of 7 · Assess impact" })).ToBeVisibleAsync();
            problems.AddRange(await LayoutChecks.AxeProblemsAsync(page));

            Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
        });
        await context.CloseAsync();
    }

    private static readonly string[] WizardSteps = ["Understand", "Gather context", "Assess impact", "Target", "Reproduce", "Brief", "Next steps"];

    private static async Task FitsAsync(IPage page, List<string> problems)
    {
        var menu = await page.GetByRole(AriaRole.Navigation, new() { Name = "Main" }).CountAsync() > 0 ? "-menu" : "";
        await new WizardPageObject(page).SnapAsync($"phone{Regex.Replace(new Uri(page.Url).PathAndQuery, "[^a-z0-9]+", "-")}{menu}");
        if (await LayoutChecks.SidewaysScrollAsync(page) is { } wide) problems.Add($"{new Uri(page.Url).PathAndQuery}: {wide}");
    }

    private static async Task OpenMenuAsync(IPage page)
    {
        var navigation = page.GetByRole(AriaRole.Navigation, new() { Name = "Main" });
        await Expect(navigation).ToHaveCountAsync(0);
        await page.GetByRole(AriaRole.Button, new() { Name = "Menu" }).ClickAsync();
        await Expect(navigation.GetByRole(AriaRole.Link, new() { Name = "My drafts" })).ToBeVisibleAsync();
        await Expect(navigation.GetByRole(AriaRole.Link, new() { Name = "Users" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Sign out" })).ToBeVisibleAsync();
    }
}

using EscalationDesk.Features.Users;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace EscalationDesk.Tests.EndToEnd;

// One user, a cap of two circuits (Circuits:MaxPerUser), tabs opened in one browser as a person opens them.
[Collection(BrowserCollection.Name)]
public sealed class CircuitCapJourneyTests(BrowserFixture browser) : IAsyncLifetime
{
    private const string Message = "You have too many EscalationDesk tabs open (2). Close one and reload this page.";
    private readonly AppServer _server = new(new Dictionary<string, string?> { ["Circuits:MaxPerUser"] = "2" });

    [Fact]
    public async Task A_third_tab_is_refused_with_a_message_and_closing_a_tab_frees_its_slot()
    {
        var agent = await _server.CreateUserAsync(Roles.Agent);
        await using var context = await browser.Browser.NewContextAsync(new() { BaseURL = _server.BaseUrl, ViewportSize = new() { Width = 1280, Height = 900 } });
        context.SetDefaultTimeout(15_000);
        await BrowserArtifacts.KeepOnFailureAsync(nameof(A_third_tab_is_refused_with_a_message_and_closing_a_tab_frees_its_slot), [context], async () =>
        {
            var first = await context.NewPageAsync();
            await BrowserFixture.SignInAsync(first, agent);
            await OpenAsync(first, "/drafts");
            // A refused tab would never become interactive (it has no layout), so OpenAsync proves both were admitted.
            await OpenAsync(await context.NewPageAsync(), "/queue");

            var third = await context.NewPageAsync();
            await third.GotoAsync("/drafts");
            await Expect(third.GetByRole(AriaRole.Alert)).ToContainTextAsync(Message);
            // The refused tab runs no page: My drafts is not there behind the message.
            await Expect(third.GetByRole(AriaRole.Button, new() { Name = "New escalation" })).ToHaveCountAsync(0);
            await Expect(third).ToHaveTitleAsync("Too many tabs · EscalationDesk");

            // Closing a tab tells the server at once (Blazor's disconnect beacon): the refused tab's reload gets its slot.
            await first.CloseAsync();
            await ReloadUntilAdmittedAsync(third);
            await Expect(third.GetByRole(AriaRole.Button, new() { Name = "New escalation" })).ToBeVisibleAsync();
            await Expect(third.GetByText(Message)).ToHaveCountAsync(0);

            // Two open again: another tab is refused.
            var fourth = await context.NewPageAsync();
            await fourth.GotoAsync("/queue");
            await Expect(fourth.GetByRole(AriaRole.Alert)).ToContainTextAsync(Message);
        });
    }

    private static async Task<IPage> OpenAsync(IPage page, string url)
    {
        await page.GotoAsync(url);
        await new WizardPageObject(page).WaitInteractiveAsync();
        return page;
    }

    // The closed tab's circuit ends a moment after the tab: the user's Reload this page, a few times if need be.
    private static async Task ReloadUntilAdmittedAsync(IPage page)
    {
        for (var attempt = 1; ; attempt++)
        {
            var reload = page.GetByRole(AriaRole.Button, new() { Name = "Reload this page" });
            await page.RunAndWaitForNavigationAsync(() => reload.ClickAsync());
            var admitted = page.Locator("[data-interactive=true]");
            var refused = page.GetByTestId("too-many-tabs");
            await Expect(admitted.Or(refused)).ToHaveCountAsync(1);
            if (await admitted.CountAsync() == 1) return;
            Assert.True(attempt < 10, "The closed tab's slot was not freed.");
            await Task.Delay(500);
        }
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _server.DisposeAsync().AsTask();
}

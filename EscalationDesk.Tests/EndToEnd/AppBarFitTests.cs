using EscalationDesk.Features.Users;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace EscalationDesk.Tests.EndToEnd;

// The widest app bar, an Admin's (every page link), on the desktop width the suite uses: one row, nothing cut off, and
// From tickets passes axe.
[Collection(BrowserCollection.Name)]
public sealed class AppBarFitTests(BrowserFixture browser)
{
    [Fact]
    public async Task An_Admins_app_bar_fits_and_From_tickets_passes_axe()
    {
        var admin = await browser.CreateUserAsync(Roles.Admin);
        var page = await browser.NewPageAsync(admin);

        await LayoutChecks.OpenAsync(page, "/tickets/inbound");

        await Expect(page.GetByRole(AriaRole.Navigation, new() { Name = "Main" }).GetByRole(AriaRole.Link, new() { Name = "From tickets" })).ToBeVisibleAsync();
        var sideways = await LayoutChecks.SidewaysScrollAsync(page);
        Assert.True(sideways is null, sideways);
        var bar = await page.Locator(".app-bar").BoundingBoxAsync();
        Assert.True(bar!.Height <= 64, $"app bar {bar.Height}px high");
        Assert.Empty(await LayoutChecks.AxeProblemsAsync(page));
    }
}

using System.Net;
using EscalationDesk.Features.Users;
using EscalationDesk.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace EscalationDesk.Tests.EndToEnd;

// The API tokens page as a person uses it: mistakes shown at the field without losing what was typed, the new token shown
// once (and copied), the list, and revoking with a confirmation — and the token works, then stops, over the real API.
[Collection(BrowserCollection.Name)]
public sealed class ApiTokensJourneyTests(BrowserFixture browser)
{
    [Fact]
    public async Task Create_shows_the_token_once_it_works_on_the_API_and_revoking_it_stops_it()
    {
        var user = await browser.CreateUserAsync(Roles.Agent);
        var page = await browser.NewPageAsync(user);
        await page.Context.GrantPermissionsAsync(["clipboard-read", "clipboard-write"], new() { Origin = browser.Server.BaseUrl });

        // Reached from the profile page.
        await LayoutChecks.OpenAsync(page, "/account/profile");
        await page.GetByRole(AriaRole.Link, new() { Name = "manage your API tokens" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "API tokens", Level = 1 })).ToBeVisibleAsync();
        await Expect(page.Locator(".mud-progress-linear")).ToHaveCountAsync(0);
        Assert.Empty(await LayoutChecks.AxeProblemsAsync(page));
        await Expect(page.GetByText("You have no tokens yet.")).ToBeVisibleAsync();

        // No name: the message is at the field. No scope: the message is at the scopes, and the typed name stays.
        var create = page.GetByRole(AriaRole.Button, new() { Name = "Create token" });
        await create.ClickAsync();
        await Expect(page.GetByText("Name is required.")).ToBeVisibleAsync();
        var name = page.GetByLabel("Name", new() { Exact = true });
        await name.FillAsync("Zendesk sync");
        await page.GetByLabel("read", new() { Exact = true }).UncheckAsync();
        await create.ClickAsync();
        await Expect(page.GetByText("Choose at least one scope: read, write or both.")).ToBeVisibleAsync();
        await Expect(name).ToHaveValueAsync("Zendesk sync");

        await page.GetByLabel("read", new() { Exact = true }).CheckAsync();
        await page.GetByLabel("write", new() { Exact = true }).CheckAsync();
        await create.ClickAsync();
        var shown = page.GetByLabel("Token Zendesk sync");
        await Expect(shown).ToHaveValueAsync(new System.Text.RegularExpressions.Regex("^edk_[0-9A-Za-z]{55}$"));
        var token = await shown.InputValueAsync();
        await Expect(page.GetByText("This is the only time it is shown")).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Copy token" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Copied", Exact = true })).ToBeVisibleAsync();
        Assert.Equal(token, await page.EvaluateAsync<string>("() => navigator.clipboard.readText()"));
        Assert.Empty(await LayoutChecks.AxeProblemsAsync(page));

        // The list: name, scopes, expiry, never used yet, active. The form is empty again for the next token.
        var row = page.GetByRole(AriaRole.Row).Filter(new() { HasText = "Zendesk sync" });
        await Expect(row).ToContainTextAsync("read, write");
        await Expect(row).ToContainTextAsync("Active");
        await Expect(row.Locator("td[data-label='Last used']")).ToHaveTextAsync("Never");
        await Expect(row.Locator("td[data-label='Expires']")).Not.ToHaveTextAsync("Never");
        await Expect(name).ToHaveValueAsync("");

        using var api = browser.Server.AnonymousClient().WithToken(token);
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/api/v1/me")).StatusCode);

        // Once dismissed, or on the next visit, the token is nowhere on the page.
        await page.GetByRole(AriaRole.Button, new() { Name = "I have copied it" }).ClickAsync();
        await Expect(shown).ToHaveCountAsync(0);
        await LayoutChecks.OpenAsync(page, "/account/tokens");
        Assert.DoesNotContain(token[8..], await page.ContentAsync());
        await Expect(row.Locator("td[data-label='Last used']")).Not.ToHaveTextAsync("Never");

        // Revoke asks first; keeping it keeps it working.
        await row.GetByRole(AriaRole.Button, new() { Name = "Revoke Zendesk sync" }).ClickAsync();
        await page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Keep" }).ClickAsync();
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/api/v1/me")).StatusCode);
        await row.GetByRole(AriaRole.Button, new() { Name = "Revoke Zendesk sync" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Dialog)).ToContainTextAsync("stop working at once");
        await page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Revoke" }).ClickAsync();
        await Expect(row).ToContainTextAsync("Revoked");
        await Expect(row.GetByRole(AriaRole.Button, new() { Name = "Revoke Zendesk sync" })).ToHaveCountAsync(0);
        Assert.Equal(HttpStatusCode.Unauthorized, (await api.GetAsync("/api/v1/me")).StatusCode);

        // The name is free again for a new token.
        await name.FillAsync("Zendesk sync");
        await create.ClickAsync();
        await Expect(page.GetByLabel("Token Zendesk sync")).ToHaveValueAsync(new System.Text.RegularExpressions.Regex("^edk_"));
        await page.Context.CloseAsync();
    }
}

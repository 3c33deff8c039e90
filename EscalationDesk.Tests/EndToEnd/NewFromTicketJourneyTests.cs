using EscalationDesk.Features.Users;
using EscalationDesk.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace EscalationDesk.Tests.EndToEnd;

// An app of its own, connected to FakeZendesk through configuration (private targets allowed: the fake is on loopback),
// in the shared chromium.
[Collection(BrowserCollection.Name)]
public sealed class NewFromTicketJourneyTests(BrowserFixture browser)
{
    [Fact]
    public async Task New_from_ticket_with_a_Zendesk_URL_opens_the_wizard_prefilled()
    {
        await using var zendesk = await FakeZendesk.StartNewAsync();
        using var server = new AppServer(new Dictionary<string, string?>
        {
            ["Connectors:Zendesk:BaseUrl"] = zendesk.BaseUrl, ["Connectors:Zendesk:Email"] = FakeZendesk.Email,
            ["Connectors:Zendesk:ApiToken"] = FakeZendesk.Token, ["Webhooks:AllowPrivateTargets"] = "true",
        });
        var agent = await server.CreateUserAsync(Roles.Agent);
        var context = await browser.Browser.NewContextAsync(new() { BaseURL = server.BaseUrl, ViewportSize = new() { Width = 1280, Height = 900 } });
        context.SetDefaultTimeout(15_000);
        var page = await context.NewPageAsync();
        await BrowserFixture.SignInAsync(page, agent);
        var wizard = new WizardPageObject(page);
        await wizard.OpenDraftsAsync();

        await page.GetByRole(AriaRole.Main).GetByRole(AriaRole.Button, new() { Name = "New from ticket" }).ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog);
        await dialog.GetByLabel("Ticket URL or id").FillAsync(zendesk.TicketUrl(FakeZendesk.TicketId));
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Start draft" }).ClickAsync();

        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex(@"/escalations/\d+/edit\?step=1"), new() { Timeout = 15_000 });
        await wizard.WaitInteractiveAsync();
        await Expect(wizard.Field("Summary")).ToHaveValueAsync("Help, my printer is on fire!");
        await Expect(wizard.Field("What's broken or needed")).ToHaveValueAsync("The fire is very colorful. Printing any invoice sets the tray alight.");
        await wizard.GoToStepAsync("Gather context");
        var history = page.GetByTestId("ticket-history");
        await Expect(history.GetByText("Internal: reproduced on firmware 4.2, not on 4.1.")).ToBeVisibleAsync();
        await Expect(history.GetByTestId("ticket-comment")).ToHaveCountAsync(3);
        await Expect(history.GetByText("Internal", new() { Exact = true })).ToHaveCountAsync(1);
        await wizard.SnapAsync("ticket-history");

        // A typed summary survives Refresh from ticket; the new comment shows.
        await wizard.GoToStepAsync("Understand");
        await wizard.FillSummaryAsync("Invoices set the printer on fire");
        await wizard.GoToStepAsync("Gather context");
        zendesk.Comments[FakeZendesk.TicketId].Add(new(1278, FakeZendesk.AgentId, true, "Firmware 4.2.1 is rolling out tonight.", new DateTime(2026, 11, 21, 12, 0, 0, DateTimeKind.Utc)));
        await page.GetByRole(AriaRole.Button, new() { Name = "Refresh from ticket" }).ClickAsync();
        await Expect(page.GetByTestId("ticket-history").GetByTestId("ticket-comment")).ToHaveCountAsync(4);
        await Expect(page.GetByTestId("ticket-history").GetByText("Firmware 4.2.1 is rolling out tonight.")).ToBeVisibleAsync();
        await wizard.GoToStepAsync("Understand");
        await Expect(wizard.Field("Summary")).ToHaveValueAsync("Invoices set the printer on fire");
        await context.CloseAsync();

        // The Admin's Connections page shows the configured Zendesk read-only, and tests it.
        var admin = await server.CreateUserAsync(Roles.Admin);
        context = await browser.Browser.NewContextAsync(new() { BaseURL = server.BaseUrl, ViewportSize = new() { Width = 1280, Height = 900 } });
        page = await context.NewPageAsync();
        await BrowserFixture.SignInAsync(page, admin);
        await page.GotoAsync("/admin/connections");
        await new WizardPageObject(page).WaitInteractiveAsync();
        await Expect(page.GetByText("Set in configuration")).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Test Zendesk connection" }).ClickAsync();
        await Expect(page.GetByTestId("connection-result-Zendesk")).ToHaveTextAsync($"Connected to Zendesk as Jane Doe <{FakeZendesk.Email}>.");
        await new WizardPageObject(page).SnapAsync("connections");
        await context.CloseAsync();
    }
}

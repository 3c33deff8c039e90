using System.Text.RegularExpressions;
using EscalationDesk.Features.Users;
using EscalationDesk.Tests.Infrastructure;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace EscalationDesk.Tests.EndToEnd;

[Collection(BrowserCollection.Name)]
public sealed class LifecycleJourneyTests(BrowserFixture browser)
{
    [Fact]
    public async Task Escalate_post_to_chat_update_the_customer_de_escalate_and_close_with_everything_on_the_timeline()
    {
        await using var hooks = await WebhookListener.StartAsync();
        // Settings (chat webhooks) are the Admin's; an Admin also has every Agent right.
        var wizard = new WizardPageObject(await browser.NewPageAsync(await browser.CreateUserAsync(Roles.Admin)));
        var page = wizard.Page;

        await page.GotoAsync("/settings");
        await wizard.WaitInteractiveAsync();
        await wizard.FillAsync("Engineering webhook URL", hooks.Url("ok"));
        await wizard.ClickAsync("Save Engineering webhook");
        await Expect(page.GetByText("Saved here: http://127.0.0.1")).ToBeVisibleAsync();

        await wizard.OpenDraftsAsync();
        await wizard.StartNewEscalationAsync();
        await wizard.FillSummaryAsync("Invoices PDF render blank for Initech");
        await wizard.GoToStepAsync("Target");
        await wizard.TickAsync("Bug confirmed, needs a code fix → Engineering");
        await wizard.GoToStepAsync("Brief");
        // What Escalate refuses is listed first, and Escalate waits for it.
        var missing = page.GetByRole(AriaRole.List, new() { Name = "Before you can escalate" });
        await Expect(missing).ToContainTextAsync("Say what is needed.");
        await Expect(missing).ToContainTextAsync("Set a deadline.");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Escalate", Exact = true })).ToBeDisabledAsync();

        await wizard.FillAsync("What's needed", "Fix the PDF renderer before invoicing day");
        await wizard.Field("Deadline").FillAsync("2026-12-01T17:00");
        await wizard.EscalateAsync();

        await Expect(page.GetByTestId("status")).ToHaveTextAsync("Escalated");
        await Expect(page.Locator("[data-timer='Internal follow-up']")).ToContainTextAsync("next due");
        var customerTimer = page.Locator("[data-timer='Customer update']");
        var dueBefore = await customerTimer.GetAttributeAsync("data-due");

        await wizard.ClickAsync("Post to chat");
        await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Posted to Engineering's chat" })).ToBeVisibleAsync();
        Assert.Contains("Invoices PDF render blank for Initech", Assert.Single(hooks.Received).Body);

        var escalationUrl = page.Url;
        await page.WaitForTimeoutAsync(1100);
        await wizard.OpenAsync(int.Parse(escalationUrl.Split('/').Last()), 7);
        await wizard.ClickAsync("Write a draft Interim customer response");
        // Written to the customer, with our reference once and not the internal summary.
        await Expect(wizard.Field("Interim customer response")).ToHaveValueAsync(new Regex(@"^Hello,[\s\S]*Our reference for this is ESC-\d+\."));
        await wizard.ClickAsync("Mark Interim customer response as sent");
        await Expect(page.GetByText("Logged as sent by email; the customer timer restarted.")).ToBeVisibleAsync();
        await wizard.SnapAsync("next-steps");
        await page.GotoAsync(escalationUrl);
        await wizard.WaitInteractiveAsync();
        await Expect(page.GetByRole(AriaRole.List, new() { Name = "Communication log" })).ToContainTextAsync("Email");
        await Expect(customerTimer).Not.ToHaveAttributeAsync("data-due", dueBefore!);
        await AssertAccessibleAsync(page);
        await wizard.SnapAsync("escalation-page");
        dueBefore = await customerTimer.GetAttributeAsync("data-due");

        await page.WaitForTimeoutAsync(1100);
        await wizard.ClickAsync("Log customer update");
        await wizard.ChooseAsync("Channel", "Phone");
        await wizard.FillAsync("What was said", "Engineering is on it; next update by 5pm");
        await page.GetByLabel("Log customer update form").GetByRole(AriaRole.Button, new() { Name = "Log customer update" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.List, new() { Name = "Communication log" })).ToContainTextAsync("Phone");
        await Expect(customerTimer).Not.ToHaveAttributeAsync("data-due", dueBefore!);

        await wizard.ClickAsync("De-escalate");
        await wizard.ChooseAsync("Reason to de-escalate", "A workaround unblocks the customer");
        await wizard.TickAsync("Notify the team you escalated to");
        await wizard.TickAsync("Inform the customer of the resolution");
        await page.GetByLabel("De-escalate form").GetByRole(AriaRole.Button, new() { Name = "De-escalate" }).ClickAsync();
        await Expect(page.GetByTestId("status")).ToHaveTextAsync("De-escalated");
        await Expect(page.Locator("[data-timer='Customer update']")).ToContainTextAsync("stopped");

        await wizard.ClickAsync("Close");
        await page.GetByLabel("Close form").GetByRole(AriaRole.Button, new() { Name = "Close" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Learnings is required.");
        await wizard.FillAsync("Learnings", "Add a PDF smoke test to the invoicing release");
        await page.GetByLabel("Close form").GetByRole(AriaRole.Button, new() { Name = "Close" }).ClickAsync();
        await Expect(page.GetByTestId("status")).ToHaveTextAsync("Closed");

        var timeline = page.GetByRole(AriaRole.List, new() { Name = "Timeline" });
        foreach (var step in new[] { "Closed.", "De-escalated: A workaround unblocks the customer", "Customer update by phone", "Posted to Engineering's chat", "Escalated: Medium to Engineering", "Draft created" })
            await Expect(timeline).ToContainTextAsync(step);
        await Expect(timeline.Locator("li").First).ToContainTextAsync("Closed.");

        foreach (var url in new[] { "/", "/settings", "/notifications" })
        {
            await page.GotoAsync(url);
            await wizard.WaitInteractiveAsync();
            await AssertAccessibleAsync(page);
        }
    }

    private static async Task AssertAccessibleAsync(IPage page)
    {
        var result = await page.RunAxe();
        var problems = result.Violations.Where(v => v.Impact is "serious" or "critical")
            .Select(v => $"{page.Url}: {v.Id} {string.Join(" | ", v.Nodes.Take(2).Select(n => n.Html))}").ToList();
        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }
}

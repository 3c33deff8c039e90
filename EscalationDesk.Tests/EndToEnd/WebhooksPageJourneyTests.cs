using System.Text.RegularExpressions;
using EscalationDesk.Data;
using EscalationDesk.Features.Drafts;
using Microsoft.EntityFrameworkCore;
using EscalationDesk.Features.Users;
using EscalationDesk.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace EscalationDesk.Tests.EndToEnd;

// An Admin connects a receiver on the Webhooks page: the secret is shown once, the app's worker delivers a signed event,
// the delivery log shows it and Replay sends it again with its webhook-id; rotate, disable, delete. The page passes axe.
[Collection(BrowserCollection.Name)]
public sealed class WebhooksPageJourneyTests(BrowserFixture browser)
{
    [Fact]
    public async Task An_admin_adds_a_webhook_sees_its_delivery_replays_it_rotates_disables_and_deletes_it()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var admin = await browser.CreateUserAsync(Roles.Admin);
        var page = await browser.NewPageAsync(admin);
        await BrowserArtifacts.KeepOnFailureAsync(nameof(An_admin_adds_a_webhook_sees_its_delivery_replays_it_rotates_disables_and_deletes_it), [page.Context], async () =>
        {
            await LayoutChecks.OpenAsync(page, "/admin/webhooks");
            await page.GetByLabel("Endpoint URL").FillAsync("ftp://files.example.com/x");
            await page.GetByRole(AriaRole.Button, new() { Name = "Add webhook" }).ClickAsync();
            await Expect(page.GetByText("Enter a full http:// or https:// URL.")).ToBeVisibleAsync();

            await page.GetByLabel("Endpoint URL").FillAsync(receiver.Url);
            await page.GetByRole(AriaRole.Button, new() { Name = "Add webhook" }).ClickAsync();
            var secret = page.GetByTestId("webhook-secret");
            await Expect(secret).ToHaveTextAsync(new Regex("^whsec_[A-Za-z0-9+/=]{40,}$"));
            receiver.Secret = await secret.TextContentAsync();
            await Expect(page.GetByRole(AriaRole.Row).Filter(new() { HasText = receiver.Url })).ToContainTextAsync("All events");

            int draft;
            await using (var scope = await browser.Server.ScopeAsAsync(admin))
                draft = await scope.ServiceProvider.GetRequiredService<DraftsService>().CreateAsync();
            var mine = () => receiver.Received.Where(d => d.Data.GetProperty("id").GetInt32() == draft).ToList();
            await WaitUntilAsync(() => mine().Count == 1);
            // The log row is written once the receiver's answer is in.
            var dbFactory = browser.Server.Services.GetRequiredService<IDbContextFactory<EscalationDeskDbContext>>();
            await WaitUntilAsync(() => { using var db = dbFactory.CreateDbContext(); return db.WebhookAttempts.Any(a => a.Status == 200); });

            await page.GetByRole(AriaRole.Button, new() { Name = $"Delivery log of {receiver.Url}" }).ClickAsync();
            var entry = page.GetByRole(AriaRole.Row).Filter(new() { HasText = $"escalation.created · ESC-{draft}" });
            await Expect(entry).ToContainTextAsync("200");
            Assert.Empty(await LayoutChecks.AxeProblemsAsync(page));

            await entry.GetByRole(AriaRole.Button, new() { Name = "Replay" }).ClickAsync();
            await WaitUntilAsync(() => mine().Count == 2);
            Assert.Equal(mine()[0].Id, mine()[1].Id);
            Assert.All(mine(), d => Assert.True(d.Verified, d.Failure));

            await page.GetByRole(AriaRole.Button, new() { Name = $"Rotate secret of {receiver.Url}" }).ClickAsync();
            await Expect(secret).Not.ToHaveTextAsync(receiver.Secret!);
            await Expect(page.GetByText("Old secret signs too")).ToBeVisibleAsync();

            await page.GetByRole(AriaRole.Button, new() { Name = $"Disable {receiver.Url}" }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Row).Filter(new() { HasText = receiver.Url }).First).ToContainTextAsync("Disabled");
            await page.GetByRole(AriaRole.Button, new() { Name = $"Delete {receiver.Url}" }).ClickAsync();
            await page.GetByRole(AriaRole.Button, new() { Name = $"Confirm delete of {receiver.Url}" }).ClickAsync();
            await Expect(page.GetByText("No webhooks yet.")).ToBeVisibleAsync();
        });
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        for (var i = 0; i < 200 && !condition(); i++) await Task.Delay(50);
        Assert.True(condition());
    }
}

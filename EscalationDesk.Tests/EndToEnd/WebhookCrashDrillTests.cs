using EscalationDesk.Tests.Infrastructure;

namespace EscalationDesk.Tests.EndToEnd;

// The app dies (kill -9) after a change is saved and before its webhook got through: the event was written with the change,
// so the restarted app delivers it, signed, with the same webhook-id.
[Collection(BrowserCollection.Name)]
public sealed class WebhookCrashDrillTests(BrowserFixture browser)
{
    [Fact]
    public async Task An_event_saved_before_a_kill_is_delivered_after_the_restart_with_its_webhook_id()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var down = true;
        receiver.Answer = (_, _) => Task.FromResult(down ? 503 : 200);
        await using var app = await AppProcess.LaunchAsync();
        var (exit, output) = await app.RunCommandAsync(["webhooks", "add", "--url", receiver.Url, "--events", "escalation.created"]);
        Assert.True(exit == 0, output);
        receiver.Secret = output.Split('\n').Select(l => l.Trim()).Single(l => l.StartsWith("whsec_", StringComparison.Ordinal));
        // The running app reads the subscriptions again within WebhookOutbox.MaxAge.
        await Task.Delay(EscalationDesk.Features.Webhooks.WebhookOutbox.MaxAge + TimeSpan.FromSeconds(1));

        await using var context = await browser.Browser.NewContextAsync(new() { BaseURL = app.BaseUrl });
        context.SetDefaultTimeout(15_000);
        int id = 0;
        await BrowserArtifacts.KeepOnFailureAsync(nameof(An_event_saved_before_a_kill_is_delivered_after_the_restart_with_its_webhook_id), [context], async () =>
        {
            var wizard = new WizardPageObject(await context.NewPageAsync());
            await wizard.Page.GotoAsync("/");
            await app.SignInIfAskedAsync(wizard.Page);
            await wizard.OpenDraftsAsync();
            await wizard.StartNewEscalationAsync();
            id = wizard.DraftId;
        });
        List<WebhookReceiver.Delivery> Mine() => receiver.Received.Where(d => d.Data.GetProperty("id").GetInt32() == id).ToList();
        await WaitUntilAsync(() => Mine().Count >= 1, TimeSpan.FromSeconds(15));

        app.Kill();
        down = false;
        var before = Mine().Count;
        await app.StartAsync();
        await WaitUntilAsync(() => Mine().Count > before, TimeSpan.FromSeconds(60));

        var mine = Mine();
        Assert.All(mine, d => Assert.True(d.Verified, d.Failure));
        Assert.All(mine, d => Assert.Equal("escalation.created", d.Type));
        Assert.Single(mine.Select(d => d.Id).Distinct());
        Assert.StartsWith("msg_", mine[0].Id);
    }

    private static async Task WaitUntilAsync(Func<bool> condition, TimeSpan within)
    {
        var until = DateTime.UtcNow + within;
        while (!condition() && DateTime.UtcNow < until) await Task.Delay(100);
        Assert.True(condition());
    }
}

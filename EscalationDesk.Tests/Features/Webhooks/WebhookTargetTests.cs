using EscalationDesk.Data;
using EscalationDesk.Features.Judgment;
using EscalationDesk.Features.Webhooks;
using EscalationDesk.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace EscalationDesk.Tests.Features.Webhooks;

// With Webhooks:AllowPrivateTargets false (the default), nothing is posted to this machine or a private network: not the
// outbound webhooks, not the chat webhooks; refused at the field and again at delivery.
public sealed class WebhookTargetTests : IAsyncLifetime
{
    private WebhookRig _rig = default!;

    public async Task InitializeAsync() => _rig = await WebhookRig.StartAsync(allowPrivate: false);

    public async Task DisposeAsync() => await _rig.DisposeAsync();

    [Theory]
    [InlineData("http://127.0.0.1:8080/hook", "127.0.0.1")]
    [InlineData("http://localhost/hook", "localhost")]
    [InlineData("https://10.1.2.3/hook", "10.1.2.3")]
    [InlineData("http://169.254.169.254/latest/meta-data", "169.254.169.254")]
    [InlineData("http://192.168.1.20/hook", "192.168.1.20")]
    [InlineData("http://[::1]/hook", "[::1]")]
    [InlineData("http://[fd00::5]/hook", "[fd00::5]")]
    public async Task A_private_or_loopback_url_is_refused_at_the_field_for_webhooks_and_chat(string url, string host)
    {
        var added = await _rig.Subscriptions.AddAsync(url, ["all"], "Ada Admin");
        Assert.NotNull(added.Error);
        Assert.Contains("private or local address", added.Error);
        Assert.Contains(host.Trim('[', ']'), added.Error);
        Assert.Contains(WebhookTargets.Setting, added.Error);
        Assert.Empty(await _rig.Subscriptions.ListAsync());

        var chat = await _rig.Settings.SaveWebhookAsync(EscalationTarget.Engineering, url);
        Assert.NotNull(chat);
        Assert.Contains("private or local address", chat);
    }

    [Fact]
    public async Task A_public_address_is_accepted()
    {
        var added = await _rig.Subscriptions.AddAsync("https://93.184.215.14/hooks/desk", ["escalation.created", "escalation.closed"], "Ada Admin");
        Assert.Null(added.Error);
        Assert.StartsWith("whsec_", added.Secret);
        var row = Assert.Single(await _rig.Subscriptions.ListAsync());
        Assert.Equal(["escalation.closed", "escalation.created"], row.Events.Order());
        Assert.Null(await _rig.Settings.SaveWebhookAsync(EscalationTarget.Engineering, "https://93.184.215.14/services/T000/B000/xyz"));
    }

    [Fact]
    public async Task A_private_target_that_got_into_the_database_is_refused_at_delivery_and_not_retried()
    {
        await using (var db = _rig.Db.CreateDbContext())
        {
            db.WebhookSubscriptions.Add(new WebhookSubscription { Url = _rig.Receiver.Url, Events = "all", Secret = WebhookSubscriptions.NewSecret(), Enabled = true });
            await db.SaveChangesAsync();
        }
        await _rig.Db.Webhooks!.SubscriptionsChangedAsync(CancellationToken.None);
        await _rig.Scenario.ReadyDraftAsync();
        Assert.Equal(1, await _rig.DeliverAsync());
        _rig.Db.Clock.Advance(TimeSpan.FromHours(1));
        Assert.Equal(0, await _rig.DeliverAsync());

        Assert.Empty(_rig.Receiver.Received);
        var row = Assert.Single(await _rig.OutboxAsync());
        Assert.Equal(WebhookDeliveryState.Failed, row.State);
        Assert.Contains("private or local address (127.0.0.1)", row.LastError);
    }

    [Fact]
    public async Task A_chat_post_to_a_private_target_that_got_into_the_database_is_refused_and_says_why()
    {
        await using var listener = await WebhookListener.StartAsync();
        var id = await _rig.Scenario.EscalatedAsync();
        await using (var db = _rig.Db.CreateDbContext())
        {
            db.ChatWebhooks.Add(new ChatWebhook { Target = nameof(EscalationTarget.Engineering), Url = listener.Url("ok"), UpdatedBy = "test" });
            await db.SaveChangesAsync();
        }
        using var scope = _rig.Services.CreateScope();
        var posting = scope.ServiceProvider.GetRequiredService<EscalationDesk.Features.Chat.ChatService>().PostAsync(id, "https://desk.example.com");
        // The chat client's retries wait on the app's clock, here the fake one.
        for (var i = 0; i < 100 && !posting.IsCompleted; i++)
        {
            await Task.Delay(20);
            _rig.Db.Clock.Advance(TimeSpan.FromSeconds(1));
        }
        var results = await posting;
        var engineering = Assert.Single(results, r => r.Target == EscalationTarget.Engineering);
        Assert.False(engineering.Ok);
        Assert.Contains("private or local address (127.0.0.1)", engineering.Message);
        Assert.Empty(listener.Received);
    }

    [Fact]
    public void The_private_ranges_are_recognised()
    {
        foreach (var a in new[] { "127.0.0.1", "10.0.0.1", "172.16.0.1", "172.31.255.255", "192.168.0.1", "169.254.169.254", "100.64.0.1", "0.0.0.0",
                     "::1", "fe80::1", "fc00::1", "fd12:3456::1", "::ffff:10.0.0.1", "224.0.0.1" })
            Assert.True(WebhookTargets.IsPrivate(System.Net.IPAddress.Parse(a)), a);
        foreach (var a in new[] { "8.8.8.8", "172.32.0.1", "93.184.215.14", "2606:4700::1111", "100.128.0.1" })
            Assert.False(WebhookTargets.IsPrivate(System.Net.IPAddress.Parse(a)), a);
    }
}

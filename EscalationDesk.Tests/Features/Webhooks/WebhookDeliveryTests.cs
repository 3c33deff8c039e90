using EscalationDesk.Data;
using EscalationDesk.Features.Judgment;
using EscalationDesk.Features.Webhooks;
using Microsoft.EntityFrameworkCore;
using EscalationDesk.Tests.Infrastructure;
using StandardWebhooks;

namespace EscalationDesk.Tests.Features.Webhooks;

// The outbox and its worker over real HTTP on loopback: what a receiver sees, verified by the StandardWebhooks library.
public sealed class WebhookDeliveryTests : IAsyncLifetime
{
    private WebhookRig _rig = default!;

    public async Task InitializeAsync() => _rig = await WebhookRig.StartAsync();

    public async Task DisposeAsync() => await _rig.DisposeAsync();

    [Fact]
    public async Task Every_event_of_the_real_services_is_delivered_signed_once_and_in_order()
    {
        await _rig.SubscribeAsync("all");
        var s = _rig.Scenario;
        var id = await s.EscalatedAsync();                                             // created (the draft's edits send nothing), escalated
        var record = (await s.Wizard.LoadAsync(id))!;
        record.Content.Brief.WhatsNeeded = "Find the root cause and a workaround";
        Assert.Equal(EscalationDesk.Features.Wizard.SaveOutcome.Saved, (await s.Wizard.SaveAsync(id, record.Content, 7, record.Version)).Outcome);   // updated
        Assert.True((await s.Lifecycle.ChangeSeverityAsync(id, Severity.Critical, "Every EU customer")).Ok);   // severity_changed
        Assert.True((await s.Lifecycle.AcknowledgeAsync(id)).Ok);
        Assert.True((await s.Lifecycle.LogFollowUpAsync(id, "Gateway team looking")).Ok);                    // updated
        Assert.True((await s.Lifecycle.DeEscalateAsync(id, LifecycleRules.DeEscalationReasons[0].Key, [], "")).Ok);
        Assert.True((await s.Lifecycle.CloseAsync(id, true, true, "Watch the gateway")).Ok);
        var other = await s.EscalatedAsync();
        Assert.True((await s.Lifecycle.ResolveAsync(other, "Fixed the timeout")).Ok);
        var third = await s.EscalatedAsync();
        _rig.Db.Clock.Advance(TimeSpan.FromHours(4));
        await _rig.Reminders.RaiseDueAsync(CancellationToken.None);
        _rig.Db.Clock.Advance(TimeSpan.FromHours(4) + TimeSpan.FromMinutes(1));
        await _rig.Reminders.RaiseDueAsync(CancellationToken.None);

        await _rig.DeliverAsync();

        _rig.Receiver.AssertVerifiedOncePerId();
        var received = _rig.Receiver.Received;
        Assert.Equal(
            ["escalation.created", "escalation.escalated", "escalation.updated", "escalation.severity_changed", "escalation.acknowledged",
             "escalation.updated", "escalation.de_escalated", "escalation.closed"],
            received.Where(d => d.Data.GetProperty("id").GetInt32() == id).Select(d => d.Type));
        // A resolved escalation's timers still run (the customer hears until the loop is closed).
        Assert.Equal(["escalation.created", "escalation.escalated", "escalation.resolved"],
            received.Where(d => d.Data.GetProperty("id").GetInt32() == other && d.Type.StartsWith("escalation.")).Select(d => d.Type));
        // The internal follow-up is overdue when due (its reminder says so); the customer update is due, then overdue.
        Assert.Equal(["escalation.created", "escalation.escalated", "followup.overdue", "followup.due", "followup.overdue"],
            received.Where(d => d.Data.GetProperty("id").GetInt32() == third).Select(d => d.Type));
        Assert.DoesNotContain(received, d => d.Data.GetProperty("id").GetInt32() == id && d.Type.StartsWith("followup."));
        // The body: type, timestamp and the escalation as the API shows it, at the time of the change.
        var closed = received.Last(d => d.Type == "escalation.closed");
        var root = System.Text.Json.JsonDocument.Parse(closed.Body).RootElement;
        Assert.Equal("closed", root.GetProperty("data").GetProperty("status").GetString());
        Assert.True(root.TryGetProperty("timestamp", out _));
        Assert.Equal("escalated", received.First(d => d.Type == "escalation.escalated").Data.GetProperty("status").GetString());
        Assert.All(await _rig.OutboxAsync(), d => Assert.Equal(WebhookDeliveryState.Delivered, d.State));
        Assert.Equal(0, await _rig.DeliverAsync());
    }

    [Fact]
    public async Task A_subscription_gets_only_the_events_it_asked_for_and_none_without_subscriptions()
    {
        var before = await _rig.Scenario.EscalatedAsync();
        Assert.Empty(await _rig.OutboxAsync());
        await _rig.SubscribeAsync("escalation.resolved");
        var id = await _rig.Scenario.EscalatedAsync();
        Assert.True((await _rig.Scenario.Lifecycle.ResolveAsync(id, "Fixed")).Ok);
        Assert.True((await _rig.Scenario.Lifecycle.ResolveAsync(before, "Fixed too")).Ok);
        await _rig.DeliverAsync();
        Assert.Equal(["escalation.resolved", "escalation.resolved"], _rig.Receiver.Received.Select(d => d.Type));
        _rig.Receiver.AssertVerifiedOncePerId();
    }

    [Theory]
    [InlineData(500)]
    [InlineData(503)]
    [InlineData(429)]
    public async Task A_failing_answer_is_retried_on_the_schedule_then_the_event_fails(int status)
    {
        _rig.Receiver.Answer = (_, _) => Task.FromResult(status);
        await _rig.SubscribeAsync("escalation.created");
        await _rig.Scenario.ReadyDraftAsync();
        var clock = _rig.Db.Clock;
        var start = clock.GetUtcNow();

        Assert.Equal(1, await _rig.DeliverAsync());   // at once
        foreach (var wait in WebhookWorker.Retries)
        {
            clock.Advance(wait - TimeSpan.FromSeconds(1));
            Assert.Equal(0, await _rig.DeliverAsync());
            clock.Advance(TimeSpan.FromSeconds(1));
            Assert.Equal(1, await _rig.DeliverAsync());
        }
        clock.Advance(TimeSpan.FromDays(2));
        Assert.Equal(0, await _rig.DeliverAsync());

        var received = _rig.Receiver.Received;
        Assert.Equal(7, received.Count);
        Assert.All(received, d => Assert.True(d.Verified, d.Failure));
        Assert.Single(received.Select(d => d.Id).Distinct());   // every retry is the same webhook-id
        var row = Assert.Single(await _rig.OutboxAsync());
        Assert.Equal(WebhookDeliveryState.Failed, row.State);
        Assert.Equal(7, row.Attempts);
        Assert.Equal(status, row.LastStatus);
        // 0, 5 s, 5 min, 30 min, 2 h, 5 h, 10 h after each other.
        var log = await _rig.Subscriptions.LogAsync(row.SubscriptionId);
        var times = log.OrderBy(a => a.Attempt).Select(a => a.At).ToList();
        Assert.Equal(start.UtcDateTime, times[0]);
        Assert.Equal(WebhookWorker.Retries, times.Zip(times.Skip(1), (a, b) => b - a));
        Assert.Equal([1, 2, 3, 4, 5, 6, 7], log.OrderBy(a => a.Attempt).Select(a => a.Attempt));
    }

    [Theory]
    [InlineData(400)]
    [InlineData(410)]
    [InlineData(404)]
    public async Task A_client_error_is_not_retried(int status)
    {
        _rig.Receiver.Answer = (_, _) => Task.FromResult(status);
        await _rig.SubscribeAsync("escalation.created");
        await _rig.Scenario.ReadyDraftAsync();
        Assert.Equal(1, await _rig.DeliverAsync());
        _rig.Db.Clock.Advance(TimeSpan.FromDays(1));
        Assert.Equal(0, await _rig.DeliverAsync());
        var row = Assert.Single(await _rig.OutboxAsync());
        Assert.Equal(WebhookDeliveryState.Failed, row.State);
        Assert.Equal(status, row.LastStatus);
        Assert.Single(_rig.Receiver.Received);
    }

    [Fact]
    public async Task No_answer_within_five_seconds_is_a_timeout_retried_after_five_seconds_with_the_same_webhook_id()
    {
        _rig.Receiver.Answer = async (n, ct) =>
        {
            if (n == 1) await Task.Delay(Timeout.Infinite, ct);
            return 200;
        };
        await _rig.SubscribeAsync("escalation.created");
        await _rig.Scenario.ReadyDraftAsync();
        var clock = _rig.Db.Clock;
        var delivering = _rig.DeliverAsync();
        await WaitUntilAsync(() => _rig.Receiver.Received.Count == 1);
        clock.Advance(TimeSpan.FromSeconds(4));
        await Task.Delay(200);
        Assert.False(delivering.IsCompleted);
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(1, await delivering.WaitAsync(TimeSpan.FromSeconds(10)));
        var row = Assert.Single(await _rig.OutboxAsync());
        Assert.Equal(WebhookDeliveryState.Pending, row.State);
        Assert.Equal("No answer within 5 s", row.LastError);
        Assert.Equal(5_000, row.LastDurationMs);
        Assert.Equal(clock.GetUtcNow().UtcDateTime + TimeSpan.FromSeconds(5), row.NextAttemptAt);

        clock.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(1, await _rig.DeliverAsync());
        var received = _rig.Receiver.Received;
        Assert.Equal(2, received.Count);
        Assert.Equal(received[0].Id, received[1].Id);
        Assert.All(received, d => Assert.True(d.Verified, d.Failure));
        Assert.Equal(WebhookDeliveryState.Delivered, Assert.Single(await _rig.OutboxAsync()).State);
    }

    [Fact]
    public async Task A_later_event_of_an_escalation_waits_while_an_earlier_one_is_retried_others_go_on()
    {
        var failFirst = true;
        _rig.Receiver.Answer = (n, _) =>
        {
            var first = failFirst;
            failFirst = false;
            return Task.FromResult(first ? 500 : 200);
        };
        await _rig.SubscribeAsync("all");
        var id = await _rig.Scenario.ReadyDraftAsync();                   // created: its first attempt fails
        Assert.Equal(1, await _rig.DeliverAsync());
        Assert.True((await _rig.Scenario.Escalate.EscalateAsync(id)).Ok);   // escalated waits for created
        var other = await _rig.Scenario.ReadyDraftAsync();                // another escalation's event goes at once
        await _rig.DeliverAsync();
        Assert.Equal(["escalation.created", "escalation.created"], _rig.Receiver.Received.Select(d => d.Type));
        Assert.Equal(other, _rig.Receiver.Received[1].Data.GetProperty("id").GetInt32());

        _rig.Db.Clock.Advance(TimeSpan.FromSeconds(5));
        await _rig.DeliverAsync();
        var mine = _rig.Receiver.Received.Where(d => d.Data.GetProperty("id").GetInt32() == id).Select(d => d.Type).ToList();
        Assert.Equal(["escalation.created", "escalation.created", "escalation.escalated"], mine);
        Assert.All(_rig.Receiver.Received, d => Assert.True(d.Verified, d.Failure));
    }

    [Fact]
    public async Task A_receiver_failing_for_three_days_is_disabled_and_every_admin_is_notified()
    {
        var ada = await _rig.AddAdminAsync("Ada");
        var bob = await _rig.AddAdminAsync("Bob");
        _rig.Receiver.Answer = (_, _) => Task.FromResult(500);
        var subscription = await _rig.SubscribeAsync("all");
        var clock = _rig.Db.Clock;
        var start = clock.GetUtcNow();
        var id = await _rig.Scenario.EscalatedAsync();
        // Every retry of both events, until they fail (about 17.6 hours).
        for (var i = 0; i < 100; i++)
        {
            await _rig.DeliverAsync();
            clock.Advance(TimeSpan.FromMinutes(30));
        }
        Assert.All(await _rig.OutboxAsync(), d => Assert.Equal(WebhookDeliveryState.Failed, d.State));
        Assert.True((await _rig.SubscriptionAsync(subscription)).Enabled);   // not yet three days

        clock.SetUtcNow(start + TimeSpan.FromDays(3) + TimeSpan.FromMinutes(1));
        Assert.True((await _rig.Scenario.Lifecycle.LogFollowUpAsync(id, "Still looking")).Ok);
        Assert.Equal(1, await _rig.DeliverAsync());

        var disabled = await _rig.SubscriptionAsync(subscription);
        Assert.False(disabled.Enabled);
        Assert.Contains("3 days", disabled.DisabledReason);
        await using var db = _rig.Db.CreateDbContext();
        var notified = await db.Notifications.AsNoTracking().Where(n => n.Kind == "webhook-disabled").ToListAsync();
        Assert.Equal(new[] { ada, bob }.Order(), notified.Select(n => n.OwnerId).Order());
        Assert.All(notified, n => Assert.Contains(_rig.Receiver.Url, n.Message));
        // Disabled: nothing more is sent, new events wait.
        var count = _rig.Receiver.Received.Count;
        Assert.True((await _rig.Scenario.Lifecycle.LogFollowUpAsync(id, "And again")).Ok);
        clock.Advance(TimeSpan.FromHours(1));
        Assert.Equal(0, await _rig.DeliverAsync());
        Assert.Equal(count, _rig.Receiver.Received.Count);
    }

    [Fact]
    public async Task A_success_in_between_restarts_the_failure_window()
    {
        var fail = true;
        _rig.Receiver.Answer = (_, _) => Task.FromResult(fail ? 500 : 200);
        var subscription = await _rig.SubscribeAsync("all");
        var clock = _rig.Db.Clock;
        var id = await _rig.Scenario.EscalatedAsync();
        await _rig.DeliverAsync();
        Assert.NotNull((await _rig.SubscriptionAsync(subscription)).FailingSince);
        fail = false;
        clock.Advance(TimeSpan.FromSeconds(5));
        await _rig.DeliverAsync();
        Assert.Null((await _rig.SubscriptionAsync(subscription)).FailingSince);
        fail = true;
        clock.Advance(TimeSpan.FromDays(3));
        Assert.True((await _rig.Scenario.Lifecycle.LogFollowUpAsync(id, "Looking")).Ok);
        await _rig.DeliverAsync();
        Assert.True((await _rig.SubscriptionAsync(subscription)).Enabled);
    }

    [Fact]
    public async Task During_a_rotation_both_secrets_sign_the_new_one_first_and_after_a_day_only_the_new()
    {
        var subscription = await _rig.SubscribeAsync("escalation.created");
        var old = _rig.Receiver.Secret!;
        var rotated = await _rig.Subscriptions.RotateAsync(subscription);
        Assert.StartsWith("whsec_", rotated.Secret);
        Assert.NotEqual(old, rotated.Secret);
        _rig.Receiver.Secret = rotated.Secret;
        await _rig.Scenario.ReadyDraftAsync();
        await _rig.DeliverAsync();

        var d = Assert.Single(_rig.Receiver.Received);
        Assert.True(d.Verified, d.Failure);
        var signatures = d.Signature.Split(' ');
        Assert.Equal(2, signatures.Length);
        var at = DateTimeOffset.FromUnixTimeSeconds(long.Parse(d.Timestamp));
        Assert.Equal(new StandardWebhook(rotated.Secret!).Sign(d.Id, at, d.Body), signatures[0]);
        Assert.Equal(new StandardWebhook(old).Sign(d.Id, at, d.Body), signatures[1]);
        // A receiver still on the old secret verifies the second signature: the same check, with its secret.
        Assert.Equal(signatures[1], Verified(old, d));

        _rig.Db.Clock.Advance(WebhookSubscriptions.RotationOverlap + TimeSpan.FromMinutes(1));
        await _rig.Scenario.ReadyDraftAsync();
        await _rig.DeliverAsync();
        var later = _rig.Receiver.Received[^1];
        Assert.True(later.Verified, later.Failure);
        Assert.Single(later.Signature.Split(' '));
    }

    [Fact]
    public async Task The_signature_is_the_documented_formula_and_the_headers_are_standard()
    {
        await _rig.SubscribeAsync("escalation.created");
        await _rig.Scenario.ReadyDraftAsync();
        await _rig.DeliverAsync();
        var d = Assert.Single(_rig.Receiver.Received);
        // README: base64(HMAC-SHA256(base64-decoded secret without "whsec_", "{webhook-id}.{webhook-timestamp}.{body}")).
        var key = Convert.FromBase64String(_rig.Receiver.Secret!["whsec_".Length..]);
        var mac = System.Security.Cryptography.HMACSHA256.HashData(key, System.Text.Encoding.UTF8.GetBytes($"{d.Id}.{d.Timestamp}.{d.Body}"));
        Assert.Equal("v1," + Convert.ToBase64String(mac), d.Signature);
        Assert.Matches("^msg_[0-9a-f]{32}$", d.Id);
        Assert.InRange(long.Parse(d.Timestamp), DateTimeOffset.UtcNow.AddMinutes(-1).ToUnixTimeSeconds(), DateTimeOffset.UtcNow.ToUnixTimeSeconds());
    }

    private static string Verified(string secret, WebhookReceiver.Delivery d)
    {
        var expected = new StandardWebhook(secret).Sign(d.Id, DateTimeOffset.FromUnixTimeSeconds(long.Parse(d.Timestamp)), d.Body);
        return d.Signature.Split(' ').Single(s => s == expected);
    }

    [Fact]
    public async Task A_replay_sends_the_event_again_with_its_webhook_id_and_the_log_shows_each_attempt()
    {
        var subscription = await _rig.SubscribeAsync("escalation.created");
        await _rig.Scenario.ReadyDraftAsync();
        await _rig.DeliverAsync();
        var row = Assert.Single(await _rig.OutboxAsync());
        _rig.Db.Clock.Advance(TimeSpan.FromHours(1));
        Assert.Null((await _rig.Subscriptions.ReplayAsync(subscription, row.Id)).Error);
        Assert.Equal(1, await _rig.DeliverAsync());

        var received = _rig.Receiver.Received;
        Assert.Equal(2, received.Count);
        Assert.Equal(received[0].Id, received[1].Id);
        Assert.Equal(received[0].Body, received[1].Body);
        Assert.All(received, d => Assert.True(d.Verified, d.Failure));
        var log = await _rig.Subscriptions.LogAsync(subscription);
        Assert.Equal(2, log.Count);
        Assert.All(log, a => Assert.Equal(200, a.Status));
        Assert.All(log, a => Assert.Equal("escalation.created", a.Type));
        Assert.Equal(_rig.Db.Clock.GetUtcNow().UtcDateTime, log[0].At);
    }

    [Fact]
    public async Task The_outbox_row_is_part_of_the_change_a_rolled_back_change_leaves_none()
    {
        await _rig.SubscribeAsync("all");
        var id = await _rig.Scenario.EscalatedAsync();
        var before = (await _rig.OutboxAsync()).Count;
        await using (var db = _rig.Db.CreateDbContext())
        {
            await using var tx = await db.Database.BeginTransactionAsync();
            var e = await db.Escalations.SingleAsync(x => x.Id == id);
            e.Status = EscalationStatus.Acknowledged;
            e.Version++;
            db.Timeline.Add(new TimelineEvent { EscalationId = id, At = _rig.Db.Clock.GetUtcNow().UtcDateTime, Actor = "Ana", Kind = TimelineKinds.StatusChanged, Detail = "Acknowledged" });
            await db.SaveChangesAsync();
            Assert.Equal(before + 1, await db.WebhookDeliveries.CountAsync());
            await tx.RollbackAsync();
        }
        Assert.Equal(before, (await _rig.OutboxAsync()).Count);
        // A command refused for a conflict writes nothing either.
        var record = (await _rig.Scenario.Wizard.LoadAsync(id))!;
        record.Content.Brief.WhatsNeeded = "Changed in another tab";
        Assert.Equal(EscalationDesk.Features.Wizard.SaveOutcome.Conflict, (await _rig.Scenario.Wizard.SaveAsync(id, record.Content, 7, record.Version - 1)).Outcome);
        Assert.Equal(before, (await _rig.OutboxAsync()).Count);
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        for (var i = 0; i < 200 && !condition(); i++) await Task.Delay(50);
        Assert.True(condition());
    }
}

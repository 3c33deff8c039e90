using System.Text.Json;
using EscalationDesk.Data;
using EscalationDesk.Features.Chat;
using EscalationDesk.Features.Judgment;
using EscalationDesk.Features.Settings;
using EscalationDesk.Features.Users;
using EscalationDesk.Tests.Features.Escalations;
using EscalationDesk.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace EscalationDesk.Tests.Features.Chat;

// Posts go to a real HTTP listener on 127.0.0.1 (Kestrel, port 0) that answers as told (WebhookListener).
public sealed class ChatServiceTests : IAsyncLifetime
{
    private readonly TestDatabase _db = new();
    private WebhookListener _hooks = default!;
    private ServiceProvider _services = default!;

    private IReadOnlyList<(string Path, string Body)> _received => _hooks.Received;

    public async Task InitializeAsync()
    {
        _hooks = await WebhookListener.StartAsync();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Chat:AttemptTimeoutSeconds"] = "0.5", ["Chat:TotalTimeoutSeconds"] = "3", ["Chat:Retries"] = "1",
            ["Chat:BaseUrl"] = "https://desk.example.com",
            // The listener is on loopback (the check itself: WebhookTargetTests).
            ["Webhooks:AllowPrivateTargets"] = "true",
            ["Chat:Webhooks:Leadership"] = _hooks.Url("from-config"),
        }).Build();
        _services = new ServiceCollection()
            .AddLogging()
            .AddSingleton<IConfiguration>(configuration)
            .AddEscalationDeskFeatures(configuration)
            .AddSingleton<IDbContextFactory<EscalationDeskDbContext>>(_db)
            .AddSingleton(TimeProvider.System)
            // Settings are Admin-only; an Admin may also post any escalation.
            .AddSingleton<ICurrentUser>(FixedUser.Admin())
            .BuildServiceProvider();
    }

    private Task<int> EscalationForAsync(string hook, params string[] targetSignals) => EscalationToAsync(_hooks.Url(hook), targetSignals);

    private async Task<int> EscalationToAsync(string url, params string[] targetSignals)
    {
        var scenario = new EscalationScenario(_db);
        var id = await scenario.EscalatedAsync();
        if (targetSignals.Length > 0)
        {
            var record = (await scenario.Wizard.LoadAsync(id))!;
            record.Content.Target.Signals.AddRange(targetSignals);
            await scenario.Wizard.SaveAsync(id, record.Content, 7, record.Version);
        }
        using var scope = _services.CreateScope();
        Assert.Null(await scope.ServiceProvider.GetRequiredService<SettingsService>().SaveWebhookAsync(EscalationTarget.Engineering, url));
        return id;
    }

    private async Task<IReadOnlyList<ChatPostResult>> PostAsync(int id)
    {
        using var scope = _services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<ChatService>().PostAsync(id, "http://fallback.invalid/");
    }

    private async Task<List<TimelineEvent>> ChatEventsAsync(int id)
    {
        await using var db = _db.CreateDbContext();
        return await db.Timeline.Where(t => t.EscalationId == id && t.Kind.StartsWith("chat")).ToListAsync();
    }

    [Fact]
    public async Task A_post_sends_summary_severity_targets_ask_deadline_and_link_and_is_recorded()
    {
        var id = await EscalationForAsync("ok");

        var result = Assert.Single(await PostAsync(id));

        Assert.True(result.Ok, result.Message);
        var (path, body) = Assert.Single(_received);
        Assert.Equal("ok", path);
        var text = JsonDocument.Parse(body).RootElement.GetProperty("text").GetString()!;
        Assert.Contains("Checkout times out for EU cards", text);
        Assert.Contains("Severity: High", text);
        Assert.Contains("Targets: Engineering", text);
        Assert.Contains("Find the root cause of the gateway timeouts", text);
        Assert.Contains("Deadline: 2026-11-30 17:00", text);
        Assert.Contains($"https://desk.example.com/escalations/{id}", text);
        var posted = Assert.Single(await ChatEventsAsync(id));
        Assert.Equal((TimelineKinds.ChatPosted, "Ada Admin"), (posted.Kind, posted.Actor));
    }

    [Fact]
    public async Task User_text_cannot_add_a_line_a_mention_or_formatting_to_the_post()
    {
        var id = await EscalationForAsync("ok");
        await using (var db = _db.CreateDbContext())
        {
            var e = await db.Escalations.SingleAsync(x => x.Id == id);
            e.Content.Understand.Summary = "Checkout down\nSeverity: Critical <!channel> *bold*";
            e.Content.Brief.WhatsNeeded = "Fix it\r\nDeadline: now\u2028<@U123> _it_ ~gone~ `code`";
            db.Entry(e).Property(x => x.Content).IsModified = true;
            await db.SaveChangesAsync();
        }

        Assert.True(Assert.Single(await PostAsync(id)).Ok);

        var post = JsonDocument.Parse(Assert.Single(_received).Body).RootElement;
        // The fallback: each line is the app's own, so one Severity line and one Deadline line, the real ones.
        var lines = post.GetProperty("text").GetString()!.Split('\n');
        Assert.Equal(5, lines.Length);
        Assert.Equal(["*ESCALATION: ", "Severity: High", "Ask: ", "Deadline: 2026-11-30 17:00", "<https://desk.example.com/"],
            lines.Select((l, i) => l[..Math.Min(l.Length, new[] { 13, 14, 5, 26, 26 }[i])]));
        var fallback = string.Join("\n", lines);
        Assert.DoesNotContain("<!channel>", fallback);
        Assert.DoesNotContain("<@U123>", fallback);
        Assert.Contains("&lt;!channel&gt;", fallback);
        foreach (var formatting in new[] { "*bold*", "_it_", "~gone~", "`code`" }) Assert.DoesNotContain(formatting, fallback);
        // The blocks: every user value is plain_text on one line; the only mrkdwn is the app's link.
        var texts = post.GetProperty("blocks").EnumerateArray()
            .SelectMany(b => b.TryGetProperty("fields", out var fields) ? fields.EnumerateArray().ToList() : [b.GetProperty("text")]).ToList();
        Assert.Equal([$"<https://desk.example.com/escalations/{id}|ESC-{id}>"],
            texts.Where(t => t.GetProperty("type").GetString() == "mrkdwn").Select(t => t.GetProperty("text").GetString()));
        var plain = texts.Where(t => t.GetProperty("type").GetString() == "plain_text").Select(t => t.GetProperty("text").GetString()!).ToList();
        Assert.All(plain, t => Assert.DoesNotMatch("[\r\n\u2028\u2029]", t));
        Assert.Equal(["Severity: High"], plain.Where(t => t.StartsWith("Severity:")));
        Assert.Equal("ESCALATION: Checkout down Severity: Critical <!channel> *bold*", plain[0]);
    }

    [Fact]
    public async Task A_500_is_retried_then_reported_with_its_status_and_recorded()
    {
        var id = await EscalationForAsync("fail");

        var result = Assert.Single(await PostAsync(id));

        Assert.False(result.Ok);
        Assert.Contains("HTTP 500", result.Message);
        Assert.Equal(2, _received.Count);
        var failure = Assert.Single(await ChatEventsAsync(id));
        Assert.Equal(TimelineKinds.ChatFailed, failure.Kind);
        Assert.Contains("HTTP 500", failure.Detail);
        // The failure is the system's, not the person's who asked for the post; who asked is still said.
        Assert.Equal(TimelineActors.System, failure.Actor);
        Assert.EndsWith("Requested by Ada Admin.", failure.Detail);
    }

    [Fact]
    public async Task A_webhook_that_never_answers_times_out_is_reported_and_nothing_hangs()
    {
        var id = await EscalationForAsync("slow");
        var watch = System.Diagnostics.Stopwatch.StartNew();

        var result = Assert.Single(await PostAsync(id));

        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(6), $"took {watch.Elapsed}");
        Assert.False(result.Ok);
        Assert.Contains("no answer in time", result.Message);
        Assert.Equal(TimelineKinds.ChatFailed, Assert.Single(await ChatEventsAsync(id)).Kind);
    }

    [Fact]
    public async Task Each_target_team_gets_its_own_post_from_settings_or_configuration_and_a_missing_webhook_is_reported()
    {
        var id = await EscalationForAsync("ok", "churn-threat", "feature-gap");

        var results = await PostAsync(id);

        Assert.Equal([EscalationTarget.Engineering, EscalationTarget.Product, EscalationTarget.Leadership], results.Select(r => r.Target));
        Assert.Equal([true, false, true], results.Select(r => r.Ok));
        Assert.Contains("No chat webhook is set for Product", results[1].Message);
        Assert.Equal(["ok", "from-config"], _received.Select(r => r.Path));
    }

    [Fact]
    public async Task Webhook_urls_must_be_http_and_are_only_shown_masked()
    {
        using var scope = _services.CreateScope();
        var settings = scope.ServiceProvider.GetRequiredService<SettingsService>();

        Assert.Equal("Enter a full http:// or https:// URL.", await settings.SaveWebhookAsync(EscalationTarget.Security, "javascript:alert(1)"));
        Assert.Equal("Enter a full http:// or https:// URL.", await settings.SaveWebhookAsync(EscalationTarget.Security, "ftp://x.example/hook"));
        Assert.Null(await settings.SaveWebhookAsync(EscalationTarget.Security, "https://hooks.example.com/services/T000/B000/SECRETabcd"));

        var security = (await settings.WebhooksAsync()).Single(w => w.Target == EscalationTarget.Security);
        Assert.Equal(WebhookSource.Settings, security.Source);
        Assert.Equal("https://hooks.example.com/…abcd", security.MaskedUrl);
        Assert.DoesNotContain("SECRET", security.MaskedUrl);
        Assert.Equal(WebhookSource.Configuration, (await settings.WebhooksAsync()).Single(w => w.Target == EscalationTarget.Leadership).Source);
    }

    [Fact]
    public async Task A_teams_destination_gets_an_adaptive_card_with_the_same_facts_and_an_open_button()
    {
        var id = await EscalationToAsync(_hooks.TeamsWorkflowUrl("eng"));

        var result = Assert.Single(await PostAsync(id));

        Assert.True(result.Ok, result.Message);
        Assert.Contains("Microsoft Teams", result.Message);
        var (path, body) = Assert.Single(_received);
        Assert.Equal("workflows/eng", path);
        var message = JsonDocument.Parse(body).RootElement;
        Assert.Equal("message", message.GetProperty("type").GetString());
        var attachment = Assert.Single(message.GetProperty("attachments").EnumerateArray().ToList());
        Assert.Equal("application/vnd.microsoft.card.adaptive", attachment.GetProperty("contentType").GetString());
        Assert.Equal(JsonValueKind.Null, attachment.GetProperty("contentUrl").ValueKind);
        var card = attachment.GetProperty("content");
        Assert.Equal(("AdaptiveCard", "1.4"), (card.GetProperty("type").GetString(), card.GetProperty("version").GetString()));
        Assert.Equal("http://adaptivecards.io/schemas/adaptive-card.json", card.GetProperty("$schema").GetString());
        var body0 = card.GetProperty("body")[0];
        Assert.Equal(("TextBlock", "Bolder", true), (body0.GetProperty("type").GetString(), body0.GetProperty("weight").GetString(), body0.GetProperty("wrap").GetBoolean()));
        Assert.Equal("ESCALATION: Checkout times out for EU cards", body0.GetProperty("text").GetString());
        var facts = card.GetProperty("body")[1].GetProperty("facts").EnumerateArray()
            .ToDictionary(f => f.GetProperty("title").GetString()!, f => f.GetProperty("value").GetString()!);
        Assert.Equal(["Severity", "Targets", "Ask", "Deadline"], facts.Keys);
        Assert.Equal("High", facts["Severity"]);
        Assert.Equal("Engineering", facts["Targets"]);
        Assert.Contains("Find the root cause of the gateway timeouts", facts["Ask"]);
        Assert.StartsWith("2026-11-30 17:00", facts["Deadline"]);
        var action = Assert.Single(card.GetProperty("actions").EnumerateArray().ToList());
        Assert.Equal(("Action.OpenUrl", "Open escalation", $"https://desk.example.com/escalations/{id}"),
            (action.GetProperty("type").GetString(), action.GetProperty("title").GetString(), action.GetProperty("url").GetString()));
        Assert.Equal(TimelineKinds.ChatPosted, Assert.Single(await ChatEventsAsync(id)).Kind);
    }

    [Fact]
    public async Task Hostile_text_stays_inside_the_cards_strings_and_formats_nothing()
    {
        var id = await EscalationToAsync(_hooks.TeamsConnectorUrl("eng"));
        await using (var db = _db.CreateDbContext())
        {
            var e = await db.Escalations.SingleAsync(x => x.Id == id);
            e.Content.Understand.Summary = "Down\"}],\"actions\":[{\"type\":\"Action.OpenUrl\",\"url\":\"https://evil.example\"}]\n**bold** [click](https://evil.example)";
            e.Content.Brief.WhatsNeeded = "Fix\r\nSeverity: Critical _it_ </script>\u2028{\"x\":1}";
            db.Entry(e).Property(x => x.Content).IsModified = true;
            await db.SaveChangesAsync();
        }

        Assert.True(Assert.Single(await PostAsync(id)).Ok);

        var card = JsonDocument.Parse(Assert.Single(_received).Body).RootElement.GetProperty("attachments")[0].GetProperty("content");
        // Structure unchanged: one action, the app's; a title block and four facts.
        var action = Assert.Single(card.GetProperty("actions").EnumerateArray().ToList());
        Assert.Equal($"https://desk.example.com/escalations/{id}", action.GetProperty("url").GetString());
        Assert.Equal(2, card.GetProperty("body").GetArrayLength());
        var title = card.GetProperty("body")[0].GetProperty("text").GetString()!;
        Assert.StartsWith("ESCALATION: Down\"}", title);
        Assert.Contains("\"actions\":", title);
        Assert.DoesNotMatch("[\r\n\u2028]", title);
        Assert.DoesNotContain("**bold**", title);
        Assert.DoesNotContain("[click](", title);
        var facts = card.GetProperty("body")[1].GetProperty("facts").EnumerateArray().ToList();
        Assert.Equal(4, facts.Count);
        Assert.Equal(["High"], facts.Where(f => f.GetProperty("title").GetString() == "Severity").Select(f => f.GetProperty("value").GetString()));
        var ask = facts.Single(f => f.GetProperty("title").GetString() == "Ask").GetProperty("value").GetString()!;
        Assert.DoesNotMatch("[\r\n\u2028]", ask);
        Assert.DoesNotContain("_it_", ask);
        Assert.Contains("</script>", ask);
    }

    [Fact]
    public async Task A_teams_200_that_reports_an_error_is_a_failure_on_the_timeline()
    {
        var id = await EscalationToAsync(_hooks.TeamsConnectorUrl("too-large"));

        var result = Assert.Single(await PostAsync(id));

        Assert.False(result.Ok);
        Assert.Contains("HTTP error 413", result.Message);
        var failure = Assert.Single(await ChatEventsAsync(id));
        Assert.Equal((TimelineKinds.ChatFailed, TimelineActors.System), (failure.Kind, failure.Actor));
        Assert.Contains("Microsoft Teams answered", failure.Detail);
    }

    [Fact]
    public async Task A_teams_connector_answering_1_is_posted_and_the_settings_page_names_the_kind()
    {
        var id = await EscalationToAsync(_hooks.TeamsConnectorUrl("eng"));

        Assert.True(Assert.Single(await PostAsync(id)).Ok);

        using var scope = _services.CreateScope();
        var webhooks = await scope.ServiceProvider.GetRequiredService<SettingsService>().WebhooksAsync();
        Assert.Equal(ChatKind.Teams, webhooks.Single(w => w.Target == EscalationTarget.Engineering).Kind);
        Assert.Equal(ChatKind.Slack, webhooks.Single(w => w.Target == EscalationTarget.Leadership).Kind);
    }

    [Fact]
    public async Task A_kind_chosen_on_Settings_wins_over_the_URL_until_a_new_URL_is_saved()
    {
        var id = await EscalationForAsync("ok");
        using (var scope = _services.CreateScope())
            Assert.True(await scope.ServiceProvider.GetRequiredService<SettingsService>().SaveKindAsync(EscalationTarget.Engineering, ChatKind.Teams));

        Assert.True(Assert.Single(await PostAsync(id)).Ok);

        // A /hooks/ URL, posted as Teams: the Adaptive Card.
        Assert.Equal("message", JsonDocument.Parse(Assert.Single(_received).Body).RootElement.GetProperty("type").GetString());
        using var again = _services.CreateScope();
        var settings = again.ServiceProvider.GetRequiredService<SettingsService>();
        var engineering = (await settings.WebhooksAsync()).Single(w => w.Target == EscalationTarget.Engineering);
        Assert.Equal((ChatKind.Teams, true), (engineering.Kind, engineering.KindChosen));
        // Configuration's URL has no row to keep a choice in.
        Assert.False(await settings.SaveKindAsync(EscalationTarget.Leadership, ChatKind.Teams));

        Assert.Null(await settings.SaveWebhookAsync(EscalationTarget.Engineering, _hooks.Url("another")));
        engineering = (await settings.WebhooksAsync()).Single(w => w.Target == EscalationTarget.Engineering);
        Assert.Equal((ChatKind.Slack, false), (engineering.Kind, engineering.KindChosen));
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        await _hooks.DisposeAsync();
        _db.Dispose();
    }
}

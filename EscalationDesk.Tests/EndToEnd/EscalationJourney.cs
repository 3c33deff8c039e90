using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Serialization;
using EscalationDesk.Data;
using EscalationDesk.Features.Users;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using EscalationDesk.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace EscalationDesk.Tests.EndToEnd;

public sealed record Repro(string StartingState, string[] Steps, string Expected, string Actual, string Environment, string Frequency,
    string Evidence, string RuledOut);

public sealed record TriedStep(string Step, string Result);

public sealed record Link(string Reference, string Note);

public sealed record SeverityChoice(string Severity, string Reason);

public sealed record EarlierReport(string Summary, string Customer);

// A lifecycle action on the escalation page: acknowledge, follow-up, customer-update, change-severity, de-escalate, resolve, close.
public sealed record LifecycleAction(string Do, string? Text = null, string? Channel = null, string? Severity = null, string? Reason = null,
    string[]? Actions = null);

// One escalation from the first click to the queue, as data (journeys.json): what the agent types and ticks, and what
// the app must answer. "{tag}" in the data becomes a word unique to the run.
public sealed record JourneyPlan
{
    public string Tag { get; init; } = "";

    // Earlier escalations of other customers, written to the database before the journey starts
    public EarlierReport[] Earlier { get; init; } = [];

    // 1 Understand
    public required string Summary { get; init; }
    public required string WhatsBroken { get; init; }
    public required string Customer { get; init; }
    public string Plan { get; init; } = "Business";
    public required string WhosAffected { get; init; }
    public required TriedStep[] Tried { get; init; }
    public required string WhyNow { get; init; }
    public string[] HandleItems { get; init; } = [];
    public string[] EscalateItems { get; init; } = [];
    public required string Recommendation { get; init; }
    public string? EscalateAnywayReason { get; init; }

    // 2 Gather context; with earlier reports, link them from Similar reports and confirm the pattern
    public required Link RelatedTicket { get; init; }

    // 3 Assess impact
    public required int CustomersAffected { get; init; }
    public required string Depth { get; init; }
    public required decimal ArrAtRisk { get; init; }
    public string Sla { get; init; } = "Not at risk";
    public string[] SeveritySignals { get; init; } = [];
    public required string SuggestedSeverity { get; init; }
    public SeverityChoice? SeverityOverride { get; init; }
    public string Severity => SeverityOverride?.Severity ?? SuggestedSeverity;

    // 4 Target: signal labels as shown ("… → Team"); the teams primary first
    public required string[] TargetSignals { get; init; }
    public required string[] Teams { get; init; }
    public string TeamText => string.Join(", ", Teams);

    // 5 Reproduce: a full repro, or skipped with a reason
    public Repro? Repro { get; init; }
    public string? SkipReason { get; init; }

    // 6 Brief
    public required string Ask { get; init; }
    public required string WhatsNeeded { get; init; }
    public required string CustomerExpectation { get; init; }
    public required string EscalationRisk { get; init; }
    public string[] AlsoInBrief { get; init; } = [];

    // After the brief
    public required LifecycleAction[] Lifecycle { get; init; }
    public required string FinalStatus { get; init; }
    public string? QueueStatus { get; init; }
    public required string QueueTarget { get; init; }
    public string? QueueSeverityAfterLifecycle { get; init; }
    public string QueueSeverity => QueueSeverityAfterLifecycle ?? Severity;
    public int QueueRows => Earlier.Length + 1;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow };

    public static JourneyPlan Load(string name, string tag)
    {
        var text = File.ReadAllText(RepoFiles.Find(Path.Combine("EscalationDesk.Tests", "EndToEnd", "journeys.json"))).Replace("{tag}", tag);
        var plans = JsonSerializer.Deserialize<Dictionary<string, JourneyPlan>>(text, Json)!;
        return plans[name] with { Tag = tag };
    }
}

// Click-to-confirmation times of a journey's actions, for the load drill's report.
public sealed class ActionTimings
{
    private readonly List<(string Action, double Ms)> _entries = [];

    public IReadOnlyList<(string Action, double Ms)> Entries => _entries;

    public async Task TimeAsync(string action, Func<Task> act)
    {
        var clock = Stopwatch.StartNew();
        await act();
        _entries.Add((action, clock.Elapsed.TotalMilliseconds));
    }

    public string Report() =>
        string.Join(Environment.NewLine, _entries.Select(e => $"{e.Ms,8:F0} ms  {e.Action}")) +
        $"{Environment.NewLine}{_entries.Count} actions, median {Percentile(0.5):F0} ms, p95 {Percentile(0.95):F0} ms, total {_entries.Sum(e => e.Ms) / 1000:F1} s";

    public double Percentile(double q)
    {
        var sorted = _entries.Select(e => e.Ms).Order().ToList();
        return sorted.Count == 0 ? 0 : sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(q * sorted.Count) - 1)];
    }
}

// The shared steps of every journey: Settings → the seven steps → downloads → escalate → chat → lifecycle → queue.
public sealed class EscalationJourney(BrowserFixture browser, JourneyPlan plan, IPage? page = null)
{
    public ActionTimings Timings { get; } = new();
    public int Id { get; private set; }

    public async Task RunAsync()
    {
        await AddEarlierReportsAsync();
        await using var hooks = await WebhookListener.StartAsync();
        // Webhooks are an Admin's setting; the journey itself is an Agent's.
        await SetWebhooksAsync(new WizardPageObject(await browser.NewPageAsync(await browser.CreateUserAsync(Roles.Admin))), hooks);
        var wizard = new WizardPageObject(page ?? await browser.NewPageAsync());

        await wizard.OpenDraftsAsync();
        await Timings.TimeAsync("start a new escalation", wizard.StartNewEscalationAsync);
        await UnderstandAsync(wizard);
        await Timings.TimeAsync("next to step 2", () => wizard.NextToAsync(2));
        await GatherContextAsync(wizard);
        await Timings.TimeAsync("next to step 3", () => wizard.NextToAsync(3));
        await AssessImpactAsync(wizard);
        await Timings.TimeAsync("next to step 4", () => wizard.NextToAsync(4));
        await TargetAsync(wizard);
        await Timings.TimeAsync("next to step 5", () => wizard.NextToAsync(5));
        await ReproduceAsync(wizard);
        await Timings.TimeAsync("next to step 6", () => wizard.NextToAsync(6));
        await BriefAsync(wizard);
        await Timings.TimeAsync("escalate", async () => Id = await wizard.EscalateAsync());

        await NextStepsAsync(wizard, hooks);
        await LifecycleAsync(new EscalationPageObject(wizard.Page));
        await QueueAsync(new QueuePageObject(wizard.Page));
    }

    private static string Money(decimal amount) => amount.ToString("N0", System.Globalization.CultureInfo.InvariantCulture);

    private static string HookName(string team) => team.Replace(" ", "").ToLowerInvariant();

    private async Task SetWebhooksAsync(WizardPageObject wizard, WebhookListener hooks)
    {
        await wizard.Page.GotoAsync("/settings");
        await wizard.WaitInteractiveAsync();
        foreach (var team in plan.Teams)
        {
            await wizard.FillAsync($"{team} webhook URL", hooks.Url(HookName(team)));
            await wizard.ClickAsync($"Save {team} webhook");
            await Expect(wizard.Page.GetByText($"Saved here: {hooks.BaseUrl}/…")).ToHaveCountAsync(plan.Teams.TakeWhile(t => t != team).Count() + 1);
        }
    }

    private async Task UnderstandAsync(WizardPageObject wizard)
    {
        await wizard.FillSummaryAsync(plan.Summary);
        await wizard.FillAsync("What's broken or needed", plan.WhatsBroken);
        await Timings.TimeAsync("create the customer", () => wizard.CreateCustomerAsync(plan.Customer, plan.Plan));
        await wizard.FillAsync("Who's affected", plan.WhosAffected);
        await wizard.Field("Started").FillAsync(DateTime.Now.AddDays(-2).ToString("yyyy-MM-dd'T'HH:mm"));
        foreach (var tried in plan.Tried) await wizard.AddTriedStepAsync(tried.Step, tried.Result);
        await wizard.FillAsync("Why escalate now", plan.WhyNow);
        await wizard.TickAllAsync(plan.HandleItems.Concat(plan.EscalateItems));
        await Expect(wizard.Page.Locator("[data-recommendation]")).ToContainTextAsync($"Recommendation: {plan.Recommendation}");
        if (plan.EscalateAnywayReason is { } reason) await wizard.FillAsync("Reason to escalate anyway", reason);
        await Timings.TimeAsync("save step 1", wizard.WaitSavedAsync);
    }

    private async Task GatherContextAsync(WizardPageObject wizard)
    {
        await wizard.AddLinkAsync("Related tickets", plan.RelatedTicket.Reference, plan.RelatedTicket.Note);
        if (plan.Earlier.Length == 0)
        {
            await Timings.TimeAsync("save step 2", wizard.WaitSavedAsync);
            return;
        }
        var suggested = wizard.Page.GetByRole(AriaRole.List, new() { Name = "Suggested similar reports" });
        foreach (var summary in plan.Earlier.Select(e => e.Summary))
            await Timings.TimeAsync("link a similar report", async () =>
            {
                await suggested.GetByRole(AriaRole.Listitem).Filter(new() { HasText = summary }).GetByRole(AriaRole.Button, new() { Name = "Link" }).ClickAsync();
                await Expect(wizard.Page.GetByRole(AriaRole.List, new() { Name = "Linked similar reports" })).ToContainTextAsync(summary);
            });
        await Timings.TimeAsync("save step 2", wizard.WaitSavedAsync);
        await Expect(wizard.Page.GetByText("this issue spans 3 or more customers")).ToBeVisibleAsync();

        // The pattern is suggested, not ticked: the agent confirms it on Understand, then comes back.
        await wizard.BackAsync();
        await Expect(wizard.StepLandmark(1)).ToBeVisibleAsync();
        await wizard.ClickAsync("Tick “Same issue reported by 3+ customers”");
        await Expect(wizard.Page.GetByLabel("Same issue reported by 3+ customers")).ToBeCheckedAsync();
        await Expect(wizard.Page.Locator("[data-recommendation]")).ToContainTextAsync("Same issue reported by 3+ customers");
        await Timings.TimeAsync("next to step 2", () => wizard.NextToAsync(2));
    }

    private async Task AssessImpactAsync(WizardPageObject wizard)
    {
        await wizard.FillAsync("Customers affected", plan.CustomersAffected.ToString());
        await wizard.ChooseAsync("Growing", "Yes");
        await wizard.ChooseAsync("Depth", plan.Depth);
        await wizard.FillAsync("ARR at risk", plan.ArrAtRisk.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await wizard.ChooseAsync("SLA status", plan.Sla);
        await wizard.TickAllAsync(plan.SeveritySignals);
        await Expect(wizard.Page.Locator("[data-suggested-severity]")).ToContainTextAsync($"Suggested severity: {plan.SuggestedSeverity}");
        if (plan.SeverityOverride is { } chosen)
        {
            await wizard.SetSeverityAsync(chosen.Severity, chosen.Reason);
            await Expect(wizard.Page.GetByText($"You chose {chosen.Severity} over the suggested {plan.SuggestedSeverity}: leads see your reason.")).ToBeVisibleAsync();
        }
        await Expect(wizard.Page.GetByRole(AriaRole.Radiogroup, new() { Name = "Severity", Exact = true }).GetByLabel(plan.Severity, new() { Exact = true }))
            .ToBeCheckedAsync();
        await Timings.TimeAsync("save step 3", wizard.WaitSavedAsync);
    }

    private async Task TargetAsync(WizardPageObject wizard)
    {
        await wizard.TickAllAsync(plan.TargetSignals);
        await Expect(wizard.Page.Locator("[data-primary-target]")).ToContainTextAsync($"Target team: {plan.TeamText} (primary: {plan.Teams[0]})");
        var bypass = wizard.Page.GetByText("Security escalations bypass the tiers and go now");
        await Expect(bypass).ToHaveCountAsync(plan.Teams[0] == "Security" ? 1 : 0);
        await Timings.TimeAsync("save step 4", wizard.WaitSavedAsync);
    }

    private async Task ReproduceAsync(WizardPageObject wizard)
    {
        if (plan.Repro is not { } r)
        {
            await wizard.SkipReproductionAsync(plan.SkipReason!);
            await Timings.TimeAsync("save step 5", wizard.WaitSavedAsync);
            await Expect(wizard.Field("Expected")).ToHaveCountAsync(0);
            return;
        }
        await wizard.FillAsync("Starting state", r.StartingState);
        foreach (var step in r.Steps) await wizard.AddReproStepAsync(step);
        await wizard.FillAsync("Expected", r.Expected);
        await wizard.FillAsync("Actual", r.Actual);
        await wizard.FillAsync("Environment", r.Environment);
        await wizard.ChooseAsync("Frequency", r.Frequency);
        await wizard.FillAsync("Evidence", r.Evidence);
        await wizard.FillAsync("Ruled out", r.RuledOut);
        await Expect(wizard.Page.GetByText("Repro checks pass: steps are concrete and nothing is missing.")).ToBeVisibleAsync();
        await Timings.TimeAsync("save step 5", wizard.WaitSavedAsync);
    }

    private async Task BriefAsync(WizardPageObject wizard)
    {
        await wizard.ChooseAsync("Specific ask", plan.Ask);
        await wizard.FillAsync("What's needed", plan.WhatsNeeded);
        await wizard.Field("Deadline").FillAsync(DateTime.Now.AddDays(3).ToString("yyyy-MM-dd'T'17:00"));
        await wizard.FillAsync("Customer expectation", plan.CustomerExpectation);
        await wizard.FillAsync("Escalation risk", plan.EscalationRisk);
        await Timings.TimeAsync("save step 6", wizard.WaitSavedAsync);

        var markdown = "";
        await Timings.TimeAsync("download Markdown", async () => markdown = await wizard.DownloadMarkdownAsync());
        Assert.StartsWith($"## ESCALATION: {plan.Summary}", markdown);
        foreach (var line in BriefFormat.Concat([$"**Severity:** {plan.Severity}", $"**Target team:** {plan.TeamText}"]))
            Assert.Contains(line, markdown);
        foreach (var value in JourneyValues()) Assert.Contains(value, markdown);

        var pdf = "";
        await Timings.TimeAsync("download PDF", async () => pdf = await wizard.DownloadPdfAsync());
        foreach (var text in new[] { $"ESCALATION: {plan.Summary}", "Impact", "Issue Description", "What's Been Tried", "Reproduction Steps",
                     "Customer Communication", "What's Needed", "Supporting Context", plan.Severity, plan.TeamText, plan.Customer, plan.WhatsNeeded, "Page 1 of" })
            Assert.Contains(text, pdf);

        // The customer's rendering, chosen beside the buttons: what they reported, and nothing internal.
        await wizard.ChooseAudienceAsync("Customer");
        var customer = "";
        await Timings.TimeAsync("download customer Markdown", async () => customer = await wizard.DownloadMarkdownAsync());
        Assert.Contains("### What We Know", customer);
        Assert.Contains(plan.WhatsBroken, customer);
        foreach (var secret in new[] { Money(plan.ArrAtRisk), plan.WhatsNeeded, plan.EscalationRisk, "### Impact" })
            Assert.DoesNotContain(secret, customer);
        await wizard.ChooseAudienceAsync("Standard");
    }

    private static readonly string[] BriefFormat =
    [
        "**Reported by:**", "**Date:**", "### Impact", "- **Customers affected:**", "- **Workflow impact:**", "- **Revenue at risk:**",
        "- **Time in queue:**", "### Issue Description", "### What's Been Tried", "### Reproduction Steps", "### Customer Communication",
        "### What's Needed", "- **Deadline:**", "### Supporting Context",
    ];

    // What this journey typed, as the brief must carry it (values chosen free of Markdown punctuation).
    private IEnumerable<string> JourneyValues()
    {
        yield return plan.Customer;
        yield return plan.WhatsBroken;
        yield return plan.Tried[0].Step;
        yield return plan.WhatsNeeded;
        yield return plan.CustomerExpectation;
        yield return plan.RelatedTicket.Note;
        yield return $"{Money(plan.ArrAtRisk)} ARR";
        if (plan.Repro is { } r)
        {
            yield return $"Expected: {r.Expected}";
            yield return $"Actual: {r.Actual}";
            yield return $"Environment: {r.Environment}";
            yield return $"1. {r.Steps[0]}";
        }
        else yield return $"Not a bug, so no reproduction: {plan.SkipReason}";
        foreach (var extra in plan.AlsoInBrief.Concat(plan.Earlier.Select(e => e.Summary))) yield return extra;
    }

    private async Task NextStepsAsync(WizardPageObject wizard, WebhookListener hooks)
    {
        await wizard.OpenAsync(Id, 7);
        await Expect(wizard.StepLandmark(7)).ToBeEnabledAsync();
        var page = new EscalationPageObject(wizard.Page);
        await Timings.TimeAsync("post to chat", () => page.PostToChatAsync(plan.Teams));
        Assert.Equal(plan.Teams.Select(HookName).Order(), hooks.Received.Select(r => r.Path).Order());
        Assert.All(hooks.Received, r => Assert.Contains(plan.Summary, r.Body));

        await wizard.ClickAsync("Write a draft Interim customer response");
        // The draft tells the problem in the customer's words (What's broken or needed), not the internal summary.
        await Expect(wizard.Field("Interim customer response")).ToHaveValueAsync(new System.Text.RegularExpressions.Regex(System.Text.RegularExpressions.Regex.Escape(plan.WhatsBroken.Trim())));
        await Timings.TimeAsync("send the interim response", async () =>
        {
            await wizard.ClickAsync("Mark Interim customer response as sent");
            await Expect(wizard.Page.GetByText("Logged as sent by email; the customer timer restarted.")).ToBeVisibleAsync();
        });
    }

    private async Task LifecycleAsync(EscalationPageObject escalation)
    {
        await Timings.TimeAsync("open the escalation", () => escalation.OpenAsync(Id));
        await Expect(escalation.Status).ToHaveTextAsync("Escalated");
        await Expect(escalation.Severity).ToHaveTextAsync(plan.Severity);
        // Snapshots: one as it was escalated, one of what was posted to chat, and one saved here.
        await Expect(escalation.Snapshots).ToContainTextAsync($"ESC-{Id} v1 · Escalated");
        var saved = plan.Teams.Length > 0 ? 3 : 2;
        if (plan.Teams.Length > 0) await Expect(escalation.Snapshots).ToContainTextAsync($"ESC-{Id} v2 · Posted to chat");
        Assert.Equal($"Saved as ESC-{Id} v{saved}.", (await escalation.SaveSnapshotAsync()).Trim());
        await Expect(escalation.ChangesSinceSnapshot).ToHaveTextAsync($"No changes since v{saved}.");
        foreach (var action in plan.Lifecycle) await Timings.TimeAsync(action.Do, () => ActAsync(escalation, action));
        await Expect(escalation.Status).ToHaveTextAsync(plan.FinalStatus);
        await Expect(escalation.ChangesSinceSnapshot).ToContainTextAsync($"Status Escalated → {plan.FinalStatus}");
        await Expect(escalation.Timeline).ToContainTextAsync($"Escalated: {plan.Severity} to {plan.TeamText}");
        foreach (var team in plan.Teams) await Expect(escalation.Timeline).ToContainTextAsync($"Posted to {team}'s chat");
    }

    private static Task ActAsync(EscalationPageObject escalation, LifecycleAction a) => a.Do switch
    {
        "acknowledge" => escalation.AcknowledgeAsync(),
        "follow-up" => escalation.LogFollowUpAsync(a.Text!),
        "customer-update" => escalation.LogCustomerUpdateAsync(a.Channel!, a.Text!),
        "change-severity" => escalation.ChangeSeverityAsync(a.Severity!, a.Text!),
        "de-escalate" => escalation.DeEscalateAsync(a.Reason!, a.Actions ?? [], a.Text!),
        "resolve" => escalation.ResolveAsync(a.Text!),
        "close" => escalation.CloseAsync(a.Text!),
        _ => throw new ArgumentException($"Unknown lifecycle action '{a.Do}'."),
    };

    // Earlier escalations of other customers, as the Similar reports index holds them, for the pattern journey.
    private async Task AddEarlierReportsAsync()
    {
        var dbFactory = browser.Server.Services.GetRequiredService<IDbContextFactory<EscalationDeskDbContext>>();
        foreach (var earlier in plan.Earlier)
        {
            var account = new Account { Name = earlier.Customer, Plan = "Business", CreatedAt = DateTime.UtcNow, UpdatedAt = DateTime.UtcNow };
            await using (var db = await dbFactory.CreateDbContextAsync())
            {
                db.Accounts.Add(account);
                await db.SaveChangesAsync();
            }
            await EscalationRows.AddAsync(dbFactory, DateTime.UtcNow, earlier.Summary, accountId: account.Id, customer: earlier.Customer);
        }
    }

    private async Task QueueAsync(QueuePageObject queue)
    {
        await Timings.TimeAsync("open the queue", queue.OpenAsync);
        if (plan.QueueStatus is { } status) await Timings.TimeAsync("filter the queue", () => queue.FilterStatusAsync(status));
        await Timings.TimeAsync("filter the queue", () => queue.FilterSeverityAsync(plan.QueueSeverity));
        await Timings.TimeAsync("filter the queue", () => queue.FilterTargetAsync(plan.QueueTarget));
        await Timings.TimeAsync("filter the queue", () => queue.SearchAsync(plan.Tag));
        await Expect(queue.Rows).ToHaveCountAsync(plan.QueueRows);
        var row = queue.Rows.Filter(new() { HasText = plan.Summary });
        foreach (var cell in new[] { plan.Customer, plan.QueueSeverity, plan.TeamText, plan.FinalStatus, Money(plan.ArrAtRisk) })
            await Expect(row).ToContainTextAsync(cell);
    }
}

using EscalationDesk.Features.Accounts;
using EscalationDesk.Features.Drafts;
using EscalationDesk.Features.Judgment;
using EscalationDesk.Features.Wizard;
using EscalationDesk.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace EscalationDesk.Tests.Features.Wizard;

public sealed class WizardServiceTests : IDisposable
{
    private readonly TestDatabase _db = new();
    private readonly FixedUser _agent = new("Ana Agent");
    private WizardService Wizard => new(_db, _agent, _db.Clock, _db.Search);

    private Task<int> NewDraftAsync() => new DraftsService(_db, _agent, _db.Clock, _db.Search).CreateAsync();

    [Fact]
    public async Task Every_step_is_saved_and_comes_back_on_resume()
    {
        var id = await NewDraftAsync();
        var draft = (await Wizard.LoadAsync(id))!;
        var c = draft.Content;
        c.Understand.Summary = "SSO login loop for Enterprise";
        c.Understand.Started = new DateTime(2026, 11, 20, 8, 30, 0);
        c.Understand.Tried.Add(new TriedItem { Step = "Cleared cookies", Result = "Same loop" });
        c.Understand.EscalateItems.Add("bug-confirmed");
        c.Context.RelatedTickets.Add(new LinkItem { Reference = "ZD-1234", Note = "first report" });
        c.Impact.CustomersAffected = 12;
        c.Impact.ArrAtRisk = 250_000m;
        c.Impact.Depth = ImpactDepth.Blocked;
        c.Impact.SeveritySignals.Add("production-down");
        c.Target.Signals.Add("bug-needs-fix");
        c.Reproduce.Steps.Add(new ReproStepItem { Text = "Open /login as admin@acme.test" });
        c.Reproduce.Frequency = ReproFrequency.Always;
        c.Brief.SpecificAsk = SpecificAsk.PrioritizeFix;
        c.Brief.Deadline = new DateTime(2026, 11, 26, 17, 0, 0);
        c.NextSteps.InterimResponse = "We are on it.";

        var saved = await Wizard.SaveAsync(id, c, 5, draft.Version);

        Assert.Equal(SaveOutcome.Saved, saved.Outcome);
        var resumed = (await Wizard.LoadAsync(id))!;
        Assert.Equal(5, resumed.CurrentStep);
        Assert.Equal(c.ToJson(), resumed.Content.ToJson());
        Assert.Equal("Same loop", resumed.Content.Understand.Tried.Single().Result);
        Assert.Equal(250_000m, resumed.Content.Impact.ArrAtRisk);
    }

    [Fact]
    public async Task A_save_based_on_an_old_version_is_refused_as_a_conflict_and_changes_nothing()
    {
        var id = await NewDraftAsync();
        var tabA = (await Wizard.LoadAsync(id))!;
        var tabB = (await Wizard.LoadAsync(id))!;
        tabA.Content.Understand.Summary = "From tab A";
        tabB.Content.Understand.Summary = "From tab B";

        var first = await Wizard.SaveAsync(id, tabA.Content, 1, tabA.Version);
        var second = await Wizard.SaveAsync(id, tabB.Content, 1, tabB.Version);

        Assert.Equal(SaveOutcome.Saved, first.Outcome);
        Assert.Equal(SaveOutcome.Conflict, second.Outcome);
        Assert.Equal("From tab A", (await Wizard.LoadAsync(id))!.Content.Understand.Summary);
    }

    [Fact]
    public async Task Text_over_its_limit_is_kept_but_text_over_the_ceiling_is_cut_to_it()
    {
        var id = await NewDraftAsync();
        var draft = (await Wizard.LoadAsync(id))!;
        var tooLongSummary = new string('s', TextLimits.Summary + 30);
        draft.Content.Understand.Summary = tooLongSummary;
        draft.Content.Understand.WhatsBroken = new string('x', 1_000_000);
        draft.Content.Understand.Tried.Add(new TriedItem { Step = new string('t', 50_000) });

        await Wizard.SaveAsync(id, draft.Content, 1, draft.Version);

        var stored = (await Wizard.LoadAsync(id))!.Content.Understand;
        Assert.Equal(tooLongSummary, stored.Summary);
        Assert.Equal(TextLimits.Ceiling(TextLimits.Long), stored.WhatsBroken.Length);
        Assert.Equal(TextLimits.Ceiling(TextLimits.Short), stored.Tried.Single().Step.Length);
    }

    [Fact]
    public async Task Saving_copies_summary_customer_severity_and_primary_target_into_columns()
    {
        var account = await new AccountService(_db, _db.Clock, new FixedUser("Ana Agent")).CreateAsync(new AccountInput { Name = "Acme" });
        var id = await NewDraftAsync();
        var draft = (await Wizard.LoadAsync(id))!;
        draft.Content.Understand.Summary = "  Data export drops rows  ";
        draft.Content.Understand.AccountId = account.Id;
        draft.Content.Impact.ChosenSeverity = Severity.High;
        draft.Content.Target.ChosenPrimary = EscalationTarget.Engineering;
        draft.Content.Impact.ArrAtRisk = 12_500m;
        draft.Content.Context.LinkedSimilar.AddRange([7, 8]);

        await Wizard.SaveAsync(id, draft.Content, 2, draft.Version);

        await using var db = _db.CreateDbContext();
        var row = await db.Escalations.SingleAsync(e => e.Id == id);
        Assert.Equal("Data export drops rows", row.Summary);
        Assert.Equal(account.Id, row.AccountId);
        Assert.Equal(Severity.High, row.Severity);
        Assert.Equal(EscalationTarget.Engineering, row.PrimaryTarget);
        Assert.Equal("Acme", row.CustomerName);
        Assert.Equal(12_500, row.ArrAtRisk);
        Assert.Equal(2, row.LinkedSimilarCount);
    }

    [Fact]
    public async Task Until_the_agent_chooses_the_suggested_severity_and_recommended_primary_are_stored()
    {
        var id = await NewDraftAsync();
        var draft = (await Wizard.LoadAsync(id))!;
        draft.Content.Impact.SeveritySignals.Add("data-at-risk");
        draft.Content.Target.Signals.AddRange(["feature-gap", "data-exposure"]);

        await Wizard.SaveAsync(id, draft.Content, 4, draft.Version);

        await using var db = _db.CreateDbContext();
        var row = await db.Escalations.SingleAsync(e => e.Id == id);
        Assert.Equal(Severity.Critical, row.Severity);
        Assert.Equal(EscalationTarget.Security, row.PrimaryTarget);
    }

    [Fact]
    public async Task A_customer_that_does_not_exist_is_not_linked()
    {
        var id = await NewDraftAsync();
        var draft = (await Wizard.LoadAsync(id))!;
        draft.Content.Understand.AccountId = 4242;

        Assert.Equal(SaveOutcome.Saved, (await Wizard.SaveAsync(id, draft.Content, 1, draft.Version)).Outcome);
        Assert.Null((await Wizard.LoadAsync(id))!.Content.Understand.AccountId);
    }

    [Fact]
    public async Task Saving_a_discarded_draft_reports_it_gone()
    {
        var id = await NewDraftAsync();
        var draft = (await Wizard.LoadAsync(id))!;
        await new DraftsService(_db, _agent, _db.Clock, _db.Search).DiscardAsync(id);

        var result = await Wizard.SaveAsync(id, draft.Content, 1, draft.Version);

        Assert.Equal(SaveOutcome.NotFound, result.Outcome);
    }

    [Fact]
    public async Task Previous_escalations_of_the_same_customer_are_listed_without_the_current_one()
    {
        var acme = await new AccountService(_db, _db.Clock, new FixedUser("Ana Agent")).CreateAsync(new AccountInput { Name = "Acme" });
        var first = await NewDraftAsync();
        var second = await NewDraftAsync();
        foreach (var id in new[] { first, second })
        {
            var d = (await Wizard.LoadAsync(id))!;
            d.Content.Understand.AccountId = acme.Id;
            await Wizard.SaveAsync(id, d.Content, 1, d.Version);
        }

        var previous = await Wizard.PreviousEscalationsAsync(acme.Id, second);

        Assert.Equal([first], previous.Select(p => p.Id));
    }

    public void Dispose() => _db.Dispose();
}

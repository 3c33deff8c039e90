using EscalationDesk.Data.Sqlite;
using EscalationDesk.Features.Accounts;
using EscalationDesk.Features.Drafts;
using EscalationDesk.Features.Judgment;
using EscalationDesk.Features.Similar;
using EscalationDesk.Features.Wizard;
using EscalationDesk.Tests.Infrastructure;

namespace EscalationDesk.Tests.Features.Similar;

public sealed class SimilarReportsTests : IDisposable
{
    private readonly TestDatabase _db = new();
    private readonly FixedUser _agent = new("Ana Agent");
    private WizardService Wizard => new(_db, _agent, _db.Clock, _db.Search);
    private DraftsService Drafts => new(_db, _agent, _db.Clock, _db.Search);

    private async Task<int> ReportAsync(string summary, string details = "", int? accountId = null, string errors = "")
    {
        var id = await Drafts.CreateAsync();
        var draft = (await Wizard.LoadAsync(id))!;
        draft.Content.Understand.Summary = summary;
        draft.Content.Understand.WhatsBroken = details;
        draft.Content.Understand.AccountId = accountId;
        draft.Content.Reproduce.ErrorMessages = errors;
        await Wizard.SaveAsync(id, draft.Content, 1, draft.Version);
        return id;
    }

    private async Task<int> CustomerAsync(string name) => (await new AccountService(_db, _db.Clock, new FixedUser("Ana Agent")).CreateAsync(new AccountInput { Name = name })).Id;

    private async Task<DraftFacts> FactsAsync(int id) => await Wizard.FactsAsync(id, (await Wizard.LoadAsync(id))!.Content);

    [Fact]
    public async Task The_closest_reports_come_first_and_unrelated_ones_not_at_all()
    {
        var close = await ReportAsync("CSV export truncates rows", "Export stops at 10000 rows, CSV truncated", errors: "ExportLimitExceeded");
        var partial = await ReportAsync("Export button slow", "The export page takes a minute to load");
        await ReportAsync("SSO login loop", "Okta redirect never completes");
        var mine = await ReportAsync("Export CSV truncated at 10000 rows", "CSV export truncates", errors: "ExportLimitExceeded");

        var suggestions = (await FactsAsync(mine)).Suggestions;

        Assert.Equal([close, partial], suggestions.Select(s => s.Id));
    }

    [Fact]
    public async Task Edits_keep_the_index_in_step_and_discarded_drafts_drop_out()
    {
        var other = await ReportAsync("Webhook retries flood the endpoint");
        var mine = await ReportAsync("Invoice totals rounded wrongly");
        Assert.Empty((await FactsAsync(mine)).Suggestions);

        var draft = (await Wizard.LoadAsync(mine))!;
        draft.Content.Understand.Summary = "Webhook retries never stop";
        await Wizard.SaveAsync(mine, draft.Content, 1, draft.Version);
        Assert.Equal([other], (await FactsAsync(mine)).Suggestions.Select(s => s.Id));

        await Drafts.DiscardAsync(other);
        Assert.Empty((await FactsAsync(mine)).Suggestions);
    }

    [Fact]
    public async Task Linked_and_dismissed_suggestions_are_remembered_and_no_longer_suggested()
    {
        var first = await ReportAsync("Dashboard charts blank after upgrade");
        var second = await ReportAsync("Charts blank on dashboard");
        var mine = await ReportAsync("Blank dashboard charts");
        var draft = (await Wizard.LoadAsync(mine))!;
        draft.Content.Context.LinkedSimilar.Add(first);
        draft.Content.Context.DismissedSimilar.Add(second);
        await Wizard.SaveAsync(mine, draft.Content, 2, draft.Version);

        var facts = await FactsAsync(mine);

        Assert.Empty(facts.Suggestions);
        Assert.Equal([first], facts.Linked.Select(l => l.Id));
        Assert.Equal([second], (await Wizard.LoadAsync(mine))!.Content.Context.DismissedSimilar);
    }

    [Fact]
    public async Task Linked_reports_spanning_three_customers_suggest_the_pattern_but_three_from_one_customer_do_not()
    {
        var (acme, globex, initech) = (await CustomerAsync("Acme"), await CustomerAsync("Globex"), await CustomerAsync("Initech"));
        var fromAcme = await ReportAsync("Audit log missing entries", accountId: acme);
        var fromAcmeAgain = await ReportAsync("Audit log has gaps", accountId: acme);
        var fromGlobex = await ReportAsync("Audit log entries missing", accountId: globex);
        var mine = await ReportAsync("Audit log incomplete", accountId: acme);

        async Task<Assessment> LinkAsync(params int[] ids)
        {
            var draft = (await Wizard.LoadAsync(mine))!;
            draft.Content.Context.LinkedSimilar = [.. ids];
            await Wizard.SaveAsync(mine, draft.Content, 2, draft.Version);
            var content = (await Wizard.LoadAsync(mine))!.Content;
            return Assessment.Of(content, (await Wizard.FactsAsync(mine, content)).Judgment);
        }

        Assert.False((await LinkAsync(fromAcme, fromAcmeAgain)).SuggestPattern);
        Assert.False((await LinkAsync(fromAcme, fromGlobex)).SuggestPattern);
        var fromInitech = await ReportAsync("Audit log drops events", accountId: initech);
        Assert.True((await LinkAsync(fromAcme, fromGlobex, fromInitech)).SuggestPattern);
    }

    [Theory]
    [InlineData("Export \"fails\" OR NOT * NEAR(x)", "\"export\" OR \"fails\" OR \"near\"")]
    [InlineData("the and for", "")]
    public void User_text_is_never_read_as_search_syntax(string text, string query)
    {
        Assert.Equal(query, SqliteFullTextSearch.MatchAny(SearchWords.Significant(text)));
    }

    [Fact]
    public async Task Hostile_text_in_a_report_does_not_break_the_search()
    {
        await ReportAsync("Quote \" and ' and ) ( * : ^ in text");
        var mine = await ReportAsync("quote text \" ) NEAR");
        Assert.Single((await FactsAsync(mine)).Suggestions);
    }

    public void Dispose() => _db.Dispose();
}

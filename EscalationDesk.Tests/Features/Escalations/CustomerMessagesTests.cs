using System.Text.RegularExpressions;
using EscalationDesk.Features.Escalations;
using EscalationDesk.Features.Judgment;
using EscalationDesk.Features.Wizard;

namespace EscalationDesk.Tests.Features.Escalations;

// The customer drafts read as a person wrote them to the customer: by name, about their problem, without our internals.
public sealed class CustomerMessagesTests
{
    private const string Contacts = "Jo Lee (CTO), jo.lee@globex.example\nSam Ortiz (Finance)";
    private static readonly DateTime NextUpdate = new(2026, 12, 4, 17, 0, 0, DateTimeKind.Utc);

    private static DraftContent Record()
    {
        var c = new DraftContent();
        c.Understand.Summary = "P1 gateway 504s on EU card auth (3DS)";
        c.Understand.WhatsBroken = "Customers in Germany cannot pay by card; checkout spins and then times out";
        c.Understand.Tried.AddRange([new TriedItem { Step = "Cleared the cache", Result = "No change" }, new TriedItem { Step = "Retried with another card" },
            new TriedItem { Step = "Checked the status page" }]);
        c.Impact.SeveritySignals.Add("production-down");
        c.Impact.ChosenSeverity = Severity.Critical;
        c.Target.Signals.Add("bug-needs-fix");
        return c;
    }

    public static TheoryData<string, string> Drafts => new()
    {
        { "interim response", CustomerMessages.Interim(Record(), Contacts, NextUpdate, "UTC", 42) },
        { "status update", CustomerMessages.StatusUpdate(Record(), Contacts, NextUpdate, null, "UTC", 42) },
        { "status update with news", CustomerMessages.StatusUpdate(Record(), Contacts, NextUpdate, "We found the cause and a fix is being tested", "UTC", 42) },
    };

    [Theory]
    [MemberData(nameof(Drafts))]
    public void A_draft_greets_the_contact_and_tells_the_problem_in_the_customers_words(string kind, string draft)
    {
        Assert.True(draft.StartsWith("Hello Jo,\n\n"), $"{kind}: {draft}");
        Assert.Contains("Customers in Germany cannot pay by card; checkout spins and then times out.", draft);
        Assert.DoesNotContain("gateway 504s", draft);
        Assert.Contains("by Friday 4 December at 17:00 UTC", draft);
        Assert.EndsWith("Best regards", draft);
    }

    [Theory]
    [MemberData(nameof(Drafts))]
    public void A_draft_has_no_internal_counts_severities_teams_or_ids_beyond_one_reference(string kind, string draft)
    {
        Assert.DoesNotMatch(new Regex(@"\b(tried|tested|attempted)\s+\d", RegexOptions.IgnoreCase), draft);
        Assert.DoesNotMatch(new Regex(@"\b\d+\s+(things?|steps?|attempts?|items?)\b", RegexOptions.IgnoreCase), draft);
        foreach (var word in Enum.GetValues<Severity>().Select(s => s.Text()).Concat(Enum.GetValues<EscalationTarget>().Select(t => t.Text())))
            Assert.False(draft.Contains(word, StringComparison.OrdinalIgnoreCase), $"{kind} says \"{word}\": {draft}");
        Assert.Single(Regex.Matches(draft, "ESC-"));
        Assert.Contains("Our reference for this is ESC-42.", draft);
    }

    [Fact]
    public void The_interim_response_says_what_was_tried_in_words()
    {
        var draft = CustomerMessages.Interim(Record(), Contacts, NextUpdate, "UTC", 42);

        Assert.Contains("So far we have tried the following: Cleared the cache; Retried with another card; Checked the status page.", draft);
    }

    [Fact]
    public void Without_a_contact_or_a_description_the_draft_still_reads_as_a_letter()
    {
        var draft = CustomerMessages.Interim(new DraftContent { Understand = { Summary = "Internal title" } }, null, null, "UTC");

        Assert.StartsWith("Hello,\n\n", draft);
        Assert.DoesNotContain("Internal title", draft);
        Assert.DoesNotContain("ESC-", draft);
        Assert.Contains("I will write to you again as soon as we know more.", draft);
    }

    [Theory]
    [InlineData("Jo Lee (CTO)", "Jo")]
    [InlineData("  \nMaria Schmidt - Head of IT; Tom", "Maria")]
    [InlineData("Dr. Ana Ruiz <ana@example.com>", "Dr. Ana Ruiz")]
    [InlineData("ops@example.com", null)]
    [InlineData("", null)]
    public void The_greeting_is_the_first_key_contacts_name(string contacts, string? name)
    {
        Assert.Equal(name, CustomerMessages.ContactName(contacts));
    }
}

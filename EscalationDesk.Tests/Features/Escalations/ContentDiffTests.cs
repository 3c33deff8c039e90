using EscalationDesk.Features.Escalations;
using EscalationDesk.Features.Judgment;
using EscalationDesk.Features.Wizard;

namespace EscalationDesk.Tests.Features.Escalations;

// The timeline's words for a field edit, for each kind of field: the product's labels and names, no code names, no "(empty)"
// and no ISO stamps.
public sealed class ContentDiffTests
{
    public static TheoryData<string, Action<DraftContent>, Action<DraftContent>, string> Edits => new()
    {
        { "text, first filled in", _ => { }, c => c.Understand.WhatsBroken = "Checkout fails", "What's broken or needed added" },
        { "text, changed", c => c.Understand.Summary = "Checkout fails", c => c.Understand.Summary = "Checkout fails for EU cards", "Summary changed" },
        { "text, cleared", c => c.Brief.WhatsNeeded = "A fix", c => c.Brief.WhatsNeeded = "", "What's needed cleared" },
        { "number, set", _ => { }, c => c.Impact.CustomersAffected = 1, "Customers affected set to 1" },
        { "number, changed", c => c.Impact.CustomersAffected = 1, c => c.Impact.CustomersAffected = 1200, "Customers affected changed from 1 to 1,200" },
        { "money, set", _ => { }, c => c.Impact.ArrAtRisk = 480_000m, "ARR at risk set to 480,000" },
        { "number, cleared", c => c.Impact.UsersAffected = 5, c => c.Impact.UsersAffected = null, "Users affected cleared" },
        { "choice, set", _ => { }, c => c.Brief.SpecificAsk = SpecificAsk.PrioritizeFix, "Specific ask: Prioritize fix" },
        { "choice, changed", c => c.Impact.SlaStatus = SlaStatus.NotAtRisk, c => c.Impact.SlaStatus = SlaStatus.AtRisk, "SLA status: At risk" },
        { "choice, of the frequency", _ => { }, c => c.Reproduce.Frequency = ReproFrequency.OnlyUnderCertainConditions, "Frequency: Only under certain conditions" },
        { "date, set", _ => { }, c => c.Brief.Deadline = new DateTime(2026, 12, 4, 17, 0, 0), "Deadline set to 4 Dec 17:00" },
        { "date, changed", c => c.Impact.HardDeadline = new DateTime(2026, 12, 4, 17, 0, 0), c => c.Impact.HardDeadline = new DateTime(2026, 12, 5, 9, 30, 0),
            "Hard deadline changed from 4 Dec 17:00 to 5 Dec 09:30" },
        { "list, first item", _ => { }, c => c.Understand.Tried.Add(new TriedItem { Step = "Cleared the cache" }), "What's been tried added" },
        { "list, another item", c => c.Understand.Tried.Add(new TriedItem { Step = "Cleared the cache" }),
            c => c.Understand.Tried.Add(new TriedItem { Step = "Restarted" }), "What's been tried changed" },
        { "list, emptied", c => c.Context.RelatedTickets.Add(new LinkItem { Reference = "T-1" }), c => c.Context.RelatedTickets.Clear(), "Related tickets cleared" },
        { "list of choices", _ => { }, c => c.Target.ChosenTargets = [EscalationTarget.Engineering], "Targets added" },
        { "yes/no, set", _ => { }, c => c.Impact.Growing = true, "Growing: yes" },
        { "yes/no, changed", c => c.Impact.CouldBecomePublic = true, c => c.Impact.CouldBecomePublic = false, "Could become public: no" },
    };

    [Theory]
    [MemberData(nameof(Edits))]
    public void A_field_edit_reads_in_the_products_words(string kind, Action<DraftContent> before, Action<DraftContent> after, string expected)
    {
        var old = new DraftContent();
        before(old);
        var now = old.Clone();
        after(now);

        var description = ContentDiff.Describe(ContentDiff.Changes(old, now));

        Assert.True(expected == description, $"{kind}: {description}");
        Assert.DoesNotContain("(empty)", description);
        Assert.DoesNotMatch(@"\d{4}-\d{2}-\d{2}T", description);
    }

    [Fact]
    public void Several_fields_read_in_the_order_of_the_steps_and_no_code_names_show()
    {
        var old = new DraftContent();
        var now = old.Clone();
        now.Brief.SpecificAsk = SpecificAsk.ApproveException;
        now.Impact.Depth = ImpactDepth.Blocked;
        now.Understand.Summary = "Checkout fails";

        var description = ContentDiff.Describe(ContentDiff.Changes(old, now));

        Assert.Equal("Summary added; Depth: Blocked; Specific ask: Approve an exception", description);
    }

    [Fact]
    public void Saves_folded_into_one_event_keep_the_first_old_and_the_latest_new_value_and_drop_what_was_put_back()
    {
        var first = new DraftContent();
        var second = first.Clone();
        second.Impact.CustomersAffected = 3;
        second.Impact.Growing = true;
        var third = second.Clone();
        third.Impact.CustomersAffected = 40;
        third.Impact.Growing = null;

        var merged = ContentDiff.Merge(ContentDiff.Changes(first, second), ContentDiff.Changes(second, third));

        Assert.Equal("Customers affected set to 40", ContentDiff.Describe(merged));
    }
}

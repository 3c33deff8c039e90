using EscalationDesk.Data;
using EscalationDesk.Features.Briefs;
using EscalationDesk.Features.Judgment;
using EscalationDesk.Features.Wizard;
using Markdig;
using Markdig.Syntax;
using UglyToad.PdfPig;

namespace EscalationDesk.Tests.Features.Briefs;

// One composed brief, rendered for each reader: the template's sections reordered for Engineering and Leadership, and a
// customer's brief made of customer-safe facts only.
public sealed class BriefAudienceTests
{
    private static readonly PdfSharpBriefPdf Pdf = new(new PdfOptions());

    private static List<string> Headings(string markdown) =>
        Markdown.Parse(markdown).Descendants<HeadingBlock>().Where(h => h.Level == 3)
            .Select(h => string.Concat(h.Inline!.Descendants<Markdig.Syntax.Inlines.LiteralInline>().Select(l => l.Content.ToString()))).ToList();

    private static List<string> PdfPages(BriefSource source, BriefAudience audience)
    {
        using var pdf = PdfDocument.Open(Pdf.Render(BriefService.PdfRequest(source, BriefMarkdown.Compose(source, audience))));
        return pdf.GetPages().Select(p => string.Join(" ", p.GetWords().Select(w => w.Text))).ToList();
    }

    private static readonly string[] Template =
        ["Impact", "Issue Description", "What's Been Tried", "Reproduction Steps", "Customer Communication", "What's Needed", "Supporting Context"];

    [Fact]
    public void Standard_is_the_template_and_the_default()
    {
        var source = BriefSamples.Full();
        Assert.Equal(BriefMarkdown.Render(source), BriefMarkdown.Render(source, BriefAudience.Standard));
        Assert.Equal(Template, Headings(BriefMarkdown.Render(source)));
    }

    [Fact]
    public void Engineering_reads_the_reproduction_first_and_impact_after_with_every_section_kept()
    {
        var markdown = BriefMarkdown.Render(BriefSamples.Full(), BriefAudience.Engineering);
        var headings = Headings(markdown);

        Assert.Equal("Reproduction Steps", headings[0]);
        Assert.True(headings.IndexOf("Issue Description") < headings.IndexOf("Impact"));
        Assert.Equal(Template.Order(), headings.Order());
        Assert.StartsWith("## ESCALATION: CSV export drops rows above 10,000 for Acme", markdown);
        Assert.Contains("Environment: Chrome 131 on macOS 15, plan Enterprise", markdown);
    }

    [Fact]
    public void Leadership_has_impact_the_ask_and_its_deadline_on_page_one_and_the_details_after()
    {
        var source = BriefSamples.Full() with { ZoneId = "Europe/Amsterdam" };
        var markdown = BriefMarkdown.Render(source, BriefAudience.Leadership);

        Assert.Equal("Executive Summary", Headings(markdown)[0]);
        var summary = BriefMarkdown.Compose(source, BriefAudience.Leadership).Section("executive")!.Body;
        Assert.Equal("High: CSV export drops rows above 10,000 for Acme for Acme Corp, USD 250,000 ARR at risk, decision needed by 2026-11-28 18:00 CET (Europe/Amsterdam).", summary.Split("\n")[0]);
        Assert.Contains("- **SLA:** At risk", summary);
        Assert.Contains("- **Decision or ask:** Prioritize fix: Lift or page the 10,000-row cap before month-end.", summary);
        Assert.Contains("- **If nothing is done:** CFO will call our CEO if month-end slips.; critical in: Month-end close", summary);

        var pages = PdfPages(source, BriefAudience.Leadership);
        Assert.True(pages.Count >= 2);
        Assert.Contains("Executive Summary", pages[0]);
        Assert.Contains("250,000", pages[0]);
        Assert.DoesNotContain("Reproduction Steps", pages[0]);
        Assert.Contains("Reproduction Steps", string.Join(" ", pages.Skip(1)));
    }

    // Every internal field holds its own marker; none may reach the customer, in Markdown or in the PDF.
    private static readonly (string Field, Action<DraftContent> Set)[] InternalFields =
    [
        ("ARR", c => c.Impact.ArrAtRisk = 987_654.32m),
        ("pending deals", c => c.Impact.PendingDealsAmount = 876_543m),
        ("deals note", c => c.Impact.PendingDealsNote = "ZZDEALNOTE"),
        ("internal discussion", c => c.Context.InternalDiscussions.Add(new() { Reference = "https://chat.internal/ZZTHREAD", Note = "ZZTHREADNOTE" })),
        ("related bug", c => c.Context.RelatedBugs.Add(new() { Reference = "ZZBUG-1", Note = "ZZBUGNOTE" })),
        ("known issue", c => c.Context.KnownIssues.Add(new() { Reference = "ZZKB-1", Note = "ZZKBNOTE" })),
        ("related ticket", c => c.Context.RelatedTickets.Add(new() { Reference = "https://desk.internal/ZZTICKET", Note = "ZZTICKETNOTE" })),
        ("tried result", c => c.Understand.Tried.Add(new() { Step = "Cleared the cache", Result = "ZZRESULT" })),
        ("who's affected", c => c.Understand.WhosAffected = "ZZWHO Globex and Initech"),
        ("why escalate now", c => c.Understand.WhyEscalateNow = "ZZWHYNOW"),
        ("escalate anyway reason", c => c.Understand.EscalateAnywayReason = "ZZANYWAY"),
        ("severity reason", c => c.Impact.SeverityReason = "ZZSEVREASON"),
        ("time until critical", c => c.Impact.TimeUntilCritical = "ZZCRITICAL"),
        ("contractual obligations", c => c.Impact.ContractualObligations = "ZZCONTRACT"),
        ("target reason", c => c.Target.PrimaryReason = "ZZPRIMARY"),
        ("what's needed", c => c.Brief.WhatsNeeded = "ZZNEEDED"),
        ("other ask", c => c.Brief.OtherAsk = "ZZOTHERASK"),
        ("customer expectation", c => c.Brief.CustomerExpectation = "ZZEXPECT"),
        ("escalation risk", c => c.Brief.EscalationRisk = "ZZRISK"),
        ("environment", c => c.Reproduce.Environment = "ZZENV"),
        ("error messages", c => c.Reproduce.ErrorMessages = "ZZERROR"),
        ("ruled out", c => c.Reproduce.RuledOut = "ZZRULEDOUT"),
        ("repro steps", c => c.Reproduce.Steps.Add(new() { Text = "ZZSTEP" })),
        ("starting state", c => c.Reproduce.StartingState = "ZZSTART"),
        ("skip reason", c => c.Reproduce.SkipReason = "ZZSKIP"),
        ("next steps", c => { c.NextSteps.InterimResponse = "ZZINTERIM"; c.NextSteps.StatusUpdate = "ZZSTATUSDRAFT"; }),
    ];

    private static BriefSource Internal(DraftContent content) =>
        new(45, content, "Acme Corp", "Ana Agent", BriefSamples.CreatedAt, [new LinkedEscalation(7, "ZZOTHERSUMMARY", "Globex")], ["ZZATTACH.log"],
            "USD", BriefSamples.AsOf, Status: EscalationStatus.Resolved,
            Ending: new Outcome { Resolution = "ZZRESOLUTION", Learnings = "ZZLEARNING", DeEscalationNote = "ZZDENOTE" });

    [Fact]
    public void The_customer_brief_shows_no_internal_field_one_by_one_in_markdown_and_pdf()
    {
        foreach (var (field, set) in InternalFields)
        {
            var content = BriefSamples.FullContent();
            set(content);
            var source = Internal(content);
            var markdown = BriefMarkdown.Render(source, BriefAudience.Customer);
            var pdf = string.Join(" ", PdfPages(source, BriefAudience.Customer));
            foreach (var text in new[] { markdown, pdf })
            {
                Assert.False(text.Contains("ZZ", StringComparison.Ordinal), $"{field} reached the customer: {text}");
                foreach (var secret in new[] { "987", "876", "250,000", "40,000", "Globex", "ENG-1234", "KB-88", "#support-escalations", "Ana Agent",
                             "High", "Engineering", "export-log", "CFO" })
                    Assert.False(text.Contains(secret, StringComparison.Ordinal), $"{field}: \"{secret}\" reached the customer");
            }
        }
    }

    [Fact]
    public void The_customer_brief_says_what_we_know_what_we_do_and_when_they_hear_next_in_their_zone()
    {
        var content = BriefSamples.FullContent();
        var source = new BriefSource(46, content, "Acme Corp", "Ana Agent", BriefSamples.CreatedAt, [], [], "USD", BriefSamples.AsOf,
            ZoneId: "Europe/Amsterdam", Status: EscalationStatus.Acknowledged,
            NextCustomerUpdate: new DateTime(2026, 11, 25, 8, 0, 0, DateTimeKind.Utc), CustomerZoneId: "Asia/Tokyo");
        var markdown = BriefMarkdown.Render(source, BriefAudience.Customer);

        Assert.Equal(["What We Know", "What We Are Doing", "Next Update"], Headings(markdown));
        Assert.Contains("**Our reference:** ESC-46", markdown);
        Assert.Contains("Exports of the Transactions report stop at exactly 10,000 rows.", markdown);
        Assert.Contains("- Re-ran the export with a smaller date range", markdown);
        Assert.Contains("Told them engineering is looking at it today.", markdown);
        Assert.Contains("We will update you by 2026-11-25 17:00 JST", markdown);
        Assert.DoesNotContain("CET", markdown);
    }

    [Theory]
    [MemberData(nameof(Hostile))]
    public void Hostile_text_in_what_the_customer_sees_adds_no_structure(string hostile)
    {
        var source = BriefSamples.With(HostileText.Everywhere(hostile)) with { Status = EscalationStatus.Escalated };
        var markdown = BriefMarkdown.Render(source, BriefAudience.Customer);
        var document = Markdown.Parse(markdown);

        Assert.Equal(["What We Know", "What We Are Doing", "Next Update"], Headings(markdown));
        Assert.Single(document.Descendants<HeadingBlock>().Where(h => h.Level == 2));
        Assert.Empty(document.Descendants<Markdig.Syntax.Inlines.HtmlInline>());
        Assert.Empty(document.Descendants<HtmlBlock>());
        Assert.Empty(document.Descendants<Markdig.Syntax.Inlines.LinkInline>());
        Assert.NotEmpty(PdfPages(source, BriefAudience.Customer));
    }

    public static TheoryData<string> Hostile() => new(HostileText.Corpus);

    [Fact]
    public void A_drafts_pdf_says_DRAFT_on_every_page_and_an_escalated_ones_does_not()
    {
        var content = BriefSamples.FullContent();
        content.Understand.WhatsBroken = string.Join("\n", Enumerable.Repeat("A long account of what is broken and why it matters to the customer.", 120));
        var draft = BriefSamples.With(content);

        var pages = PdfPages(draft, BriefAudience.Standard);
        Assert.True(pages.Count >= 3);
        Assert.All(pages, page => Assert.Contains("DRAFT", page));
        Assert.All(PdfPages(draft, BriefAudience.Customer), page => Assert.Contains("DRAFT", page));
        Assert.DoesNotContain(PdfPages(draft with { Status = EscalationStatus.Escalated }, BriefAudience.Standard), page => page.Contains("DRAFT"));
    }

    [Fact]
    public void A_resolved_brief_shows_its_status_resolution_and_learnings_after_the_template()
    {
        var source = BriefSamples.Full() with
        {
            Status = EscalationStatus.Resolved, Ending = new Outcome { Resolution = "Cap lifted in 4.12", Learnings = "Test exports at scale" },
        };
        foreach (var audience in new[] { BriefAudience.Standard, BriefAudience.Engineering, BriefAudience.Leadership })
        {
            var markdown = BriefMarkdown.Render(source, audience);
            Assert.Equal("Outcome", Headings(markdown)[^1]);
            Assert.Contains("- **Status:** Resolved\n- **Resolution:** Cap lifted in 4.12\n- **Learnings:** Test exports at scale\n", markdown);
        }
        Assert.Equal(Template, Headings(BriefMarkdown.Render(BriefSamples.Full() with { Status = EscalationStatus.Acknowledged })));
        var customer = BriefMarkdown.Render(source, BriefAudience.Customer);
        Assert.Contains("We have resolved this problem.", customer);
        Assert.DoesNotContain("Test exports at scale", customer);
    }
}

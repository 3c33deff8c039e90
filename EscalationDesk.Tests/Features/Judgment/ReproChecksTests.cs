using EscalationDesk.Features.Judgment;
using EscalationDesk.Features.Wizard;

namespace EscalationDesk.Tests.Features.Judgment;

public sealed class ReproChecksTests
{
    private static ReproduceStep Complete() => new()
    {
        Steps = [new() { Text = "Sign in as admin@acme.test" }, new() { Text = "Click Export on the Dashboard page" }],
        Expected = "A CSV with 12,000 rows", Actual = "The CSV stops at 10,000 rows", Environment = "Chrome 131, Enterprise plan",
        Frequency = ReproFrequency.Always, ErrorMessages = "none shown",
    };

    [Fact]
    public void A_complete_repro_has_no_warnings() => Assert.Empty(ReproChecks.Check(Complete(), 0));

    [Theory]
    [InlineData("Expected")]
    [InlineData("Actual")]
    [InlineData("Environment")]
    [InlineData("Frequency")]
    [InlineData("Evidence")]
    [InlineData("Steps")]
    public void Each_missing_part_is_warned_at_its_field(string field)
    {
        var repro = Complete();
        switch (field)
        {
            case "Expected": repro.Expected = ""; break;
            case "Actual": repro.Actual = " "; break;
            case "Environment": repro.Environment = ""; break;
            case "Frequency": repro.Frequency = null; break;
            case "Evidence": repro.ErrorMessages = ""; break;
            case "Steps": repro.Steps.Clear(); break;
        }

        var finding = Assert.Single(ReproChecks.Check(repro, 0));
        Assert.Equal(field, finding.Field);
        Assert.Equal(5, finding.Step);
    }

    [Fact]
    public void An_attachment_counts_as_evidence()
    {
        var repro = Complete();
        repro.ErrorMessages = "";
        Assert.Empty(ReproChecks.Check(repro, attachmentCount: 1));
    }

    [Theory]
    [InlineData("Enter some data in the form 3", "some data")]
    [InlineData("Try to export the report", "try to")]
    [InlineData("Export doesn't work for user 7", "doesn't work")]
    [InlineData("Export doesn’t work for user 7", "doesn't work")]
    [InlineData("Open Reports, Users etc.", "etc.")]
    [InlineData("Click something on page 2", "something")]
    public void Vague_phrases_are_named(string step, string phrase)
    {
        var repro = Complete();
        repro.Steps = [new() { Text = step }];

        var finding = Assert.Single(ReproChecks.Check(repro, 0));
        Assert.Equal("Step 1", finding.Field);
        Assert.Contains($"“{phrase}”", finding.Message);
    }

    [Theory]
    [InlineData("click the button", false)]
    [InlineData("open the settings page and save", false)]
    [InlineData("Click Export in the top-right", true)]
    [InlineData("enter 42 in the quantity field", true)]
    [InlineData("search for \"overdue invoices\"", true)]
    [InlineData("go to /settings/billing", true)]
    public void A_step_without_a_concrete_value_is_warned(string step, bool concrete)
    {
        var repro = Complete();
        repro.Steps = [new() { Text = step }];
        Assert.Equal(concrete, ReproChecks.Check(repro, 0).Count == 0);
    }

    [Fact]
    public void A_skipped_repro_only_needs_a_reason()
    {
        Assert.Equal("Reason for skipping", Assert.Single(ReproChecks.Check(new ReproduceStep { Skipped = true }, 0)).Field);
        Assert.Empty(ReproChecks.Check(new ReproduceStep { Skipped = true, SkipReason = "Feature request, not a defect" }, 0));
    }
}

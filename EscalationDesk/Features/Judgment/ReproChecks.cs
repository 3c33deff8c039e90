using System.Text.RegularExpressions;
using EscalationDesk.Features.Wizard;

namespace EscalationDesk.Features.Judgment;

// PRODUCT.md §1 step 5: warnings, never blockers.
public static partial class ReproChecks
{
    public const int Step = 5;
    public static readonly IReadOnlyList<string> VaguePhrases = ["some data", "try to", "doesn't work", "etc.", "something"];

    public static IReadOnlyList<Finding> Check(ReproduceStep repro, int attachmentCount)
    {
        if (repro.Skipped)
            return string.IsNullOrWhiteSpace(repro.SkipReason)
                ? [new Finding(Step, "Reason for skipping", "Reproduction is skipped without a reason.")]
                : [];

        var findings = new List<Finding>();
        var steps = repro.Steps.Where(s => !string.IsNullOrWhiteSpace(s.Text)).ToList();
        if (steps.Count == 0) findings.Add(new(Step, "Steps", "No reproduction steps."));
        for (var i = 0; i < repro.Steps.Count; i++)
        {
            var text = repro.Steps[i].Text;
            if (string.IsNullOrWhiteSpace(text)) continue;
            var vague = VaguePhrases.FirstOrDefault(p => text.Contains(p, StringComparison.OrdinalIgnoreCase)
                || text.Replace('’', '\'').Contains(p, StringComparison.OrdinalIgnoreCase));
            if (vague is not null)
                findings.Add(new(Step, $"Step {i + 1}", $"Step {i + 1} is vague (“{vague}”): name the exact button, page or value."));
            else if (!HasConcreteValue(text))
                findings.Add(new(Step, $"Step {i + 1}", $"Step {i + 1} has no concrete value: add the exact name, number, id or text used."));
        }
        if (string.IsNullOrWhiteSpace(repro.Expected)) findings.Add(new(Step, "Expected", "No Expected result."));
        if (string.IsNullOrWhiteSpace(repro.Actual)) findings.Add(new(Step, "Actual", "No Actual result."));
        if (string.IsNullOrWhiteSpace(repro.Environment)) findings.Add(new(Step, "Environment", "No Environment."));
        if (repro.Frequency is null) findings.Add(new(Step, "Frequency", "No Frequency."));
        if (string.IsNullOrWhiteSpace(repro.ErrorMessages) && attachmentCount == 0)
            findings.Add(new(Step, "Evidence", "No Evidence: paste the exact error or attach a screenshot or log."));
        return findings;
    }

    // A concrete value: a number, quoted text, a path, URL or address, or a proper name (a capitalised word after the first).
    public static bool HasConcreteValue(string step) => ConcreteValue().IsMatch(step);

    [GeneratedRegex(@"\d|""[^""]+""|“[^”]+”|`[^`]+`|[/@#]|\S\s+\p{Lu}")]
    private static partial Regex ConcreteValue();
}

using System.ComponentModel.DataAnnotations;
using EscalationDesk.Features.Judgment;
using EscalationDesk.Features.Wizard;

namespace EscalationDesk.Features.Escalations;

public static class EscalationReadiness
{
    // What escalating needs: PRODUCT.md §1 and issue 4/7, plus the reasons overrides require and the field limits.
    // Escalate refuses while any is missing; the Brief step lists exactly these as blockers.
    public static IReadOnlyList<Finding> MissingToEscalate(DraftContent c)
    {
        var a = Assessment.Of(c, JudgmentFacts.None);
        var missing = new List<Finding>();
        if (string.IsNullOrWhiteSpace(c.Understand.Summary)) missing.Add(new(1, "Summary", "Summary is required."));
        if (a.Targets.Primary is null) missing.Add(new(4, "Primary target", "Choose a primary target."));
        if (string.IsNullOrWhiteSpace(c.Brief.WhatsNeeded)) missing.Add(new(6, "What's needed", "Say what is needed."));
        if (c.Brief.Deadline is null) missing.Add(new(6, "Deadline", "Set a deadline."));
        missing.AddRange(a.Readiness.Where(f => f.Field.StartsWith("Reason", StringComparison.Ordinal)));
        var steps = new object[] { c.Understand, c.Context, c.Impact, c.Target, c.Reproduce, c.Brief, c.NextSteps };
        for (var i = 0; i < steps.Length; i++) missing.AddRange(Invalid(steps[i], i + 1));
        return missing.DistinctBy(f => (f.Step, f.Field, f.Message)).ToList();
    }

    // The rest of the readiness list: what is worth doing but does not stop escalating. A field a blocker names is
    // listed once, as the blocker.
    public static IReadOnlyList<Finding> Advice(IReadOnlyList<Finding> readiness, IReadOnlyList<Finding> blockers)
    {
        var blocked = blockers.Select(b => (b.Step, b.Field)).ToHashSet();
        return readiness.Where(f => !blocked.Contains((f.Step, f.Field))).ToList();
    }

    private static IEnumerable<Finding> Invalid(object model, int step)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(model, new ValidationContext(model), results, validateAllProperties: true);
        foreach (var item in model.GetType().GetProperties().Select(p => p.GetValue(model)).OfType<System.Collections.IEnumerable>().Where(v => v is not string))
            foreach (var element in item)
                if (element is not null && element.GetType().Namespace == typeof(DraftContent).Namespace)
                    Validator.TryValidateObject(element, new ValidationContext(element), results, validateAllProperties: true);
        return results.Select(r => new Finding(step, r.MemberNames.FirstOrDefault() ?? "", r.ErrorMessage ?? "Invalid value."));
    }
}

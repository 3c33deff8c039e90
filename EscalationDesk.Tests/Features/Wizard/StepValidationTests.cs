using System.ComponentModel.DataAnnotations;
using EscalationDesk.Features.Wizard;

namespace EscalationDesk.Tests.Features.Wizard;

public sealed class StepValidationTests
{
    private static List<string> Errors(object model, string property)
    {
        var results = new List<ValidationResult>();
        var value = model.GetType().GetProperty(property)!.GetValue(model);
        Validator.TryValidateProperty(value, new ValidationContext(model) { MemberName = property }, results);
        return results.Select(r => r.ErrorMessage!).ToList();
    }

    [Fact]
    public void Summary_is_required_and_at_most_120_characters()
    {
        Assert.Equal(["Summary is required."], Errors(new UnderstandStep(), nameof(UnderstandStep.Summary)));
        Assert.Empty(Errors(new UnderstandStep { Summary = new string('a', 120) }, nameof(UnderstandStep.Summary)));
        Assert.Equal(["Summary must be at most 120 characters."],
            Errors(new UnderstandStep { Summary = new string('a', 121) }, nameof(UnderstandStep.Summary)));
    }

    [Fact]
    public void Long_texts_name_their_field_and_limit()
    {
        var model = new UnderstandStep { WhatsBroken = new string('a', TextLimits.Long + 1) };
        Assert.Equal(["What's broken or needed must be at most 20,000 characters."], Errors(model, nameof(UnderstandStep.WhatsBroken)));
    }

    [Fact]
    public void Negative_counts_and_amounts_are_rejected_with_the_field_name()
    {
        var impact = new ImpactStep { CustomersAffected = -1, ArrAtRisk = -5m };
        Assert.Equal(["Customers affected must be zero or more."], Errors(impact, nameof(ImpactStep.CustomersAffected)));
        Assert.Equal(["ARR at risk must be zero or more."], Errors(impact, nameof(ImpactStep.ArrAtRisk)));
        Assert.Empty(Errors(new ImpactStep { ArrAtRisk = 0m }, nameof(ImpactStep.ArrAtRisk)));
    }
}

namespace EscalationDesk.Features.Briefs;

// Who a brief is rendered for. Standard is PRODUCT.md §2's template, the default wherever a brief is made.
public enum BriefAudience { Standard, Engineering, Leadership, Customer }

public static class BriefAudiences
{
    public static readonly IReadOnlyList<BriefAudience> All = Enum.GetValues<BriefAudience>();

    public static string Text(this BriefAudience audience) => audience.ToString();

    // As in a download's query: `?audience=leadership`. Missing means Standard; anything else is refused.
    public static bool TryParse(string? value, out BriefAudience audience)
    {
        audience = BriefAudience.Standard;
        if (string.IsNullOrWhiteSpace(value)) return true;
        return Enum.TryParse(value.Trim(), ignoreCase: true, out audience) && Enum.IsDefined(audience) && !int.TryParse(value, out _);
    }

    public static string Query(this BriefAudience audience) => audience.ToString().ToLowerInvariant();

    public static string Description(this BriefAudience audience) => audience switch
    {
        BriefAudience.Engineering => "Reproduction, environment and evidence first; impact after",
        BriefAudience.Leadership => "Impact, the decision asked for and its deadline on page one; details after",
        BriefAudience.Customer => "What we know, what we are doing and when we write next; nothing internal",
        _ => "The escalation brief template, in full",
    };
}

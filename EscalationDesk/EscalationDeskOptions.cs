namespace EscalationDesk;

// The "EscalationDesk" section of the settings (appsettings.json, or EscalationDesk__Currency in the environment).
public sealed class EscalationDeskOptions
{
    public const string Section = "EscalationDesk";
    public const string DefaultCurrency = "USD";

    // Beside every amount of money: the ARR fields of the wizard and of a customer, the brief, the digest.
    // A blank setting means the default.
    public string Currency { get; set => field = string.IsNullOrWhiteSpace(value) ? DefaultCurrency : value.Trim(); } = DefaultCurrency;
}

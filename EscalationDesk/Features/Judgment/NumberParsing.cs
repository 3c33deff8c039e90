using System.Globalization;
using System.Text.RegularExpressions;

namespace EscalationDesk.Features.Judgment;

// What a number field understood: a value (null for an empty field) or a message to show at the field.
public sealed record NumberReading(decimal? Value, string? Error)
{
    public bool Understood => Error is null;
}

// Money and counts as support agents type them, read the same whatever the server's or browser's culture: comma, space
// or no separator between thousands, a dot before decimals, an optional k / M / bn suffix and currency in front.
// Anything else is refused with a message, never read as the digits it starts with ("480 or so" is not 480).
public static partial class NumberParsing
{
    public const string AmountExamples = "480000, 480,000, 480 000, 480k or 1.2M";
    public const string CountExamples = "1200, 1,200 or 1.2k";
    public const decimal MaxAmount = 1_000_000_000_000m;

    private static readonly IReadOnlyDictionary<string, decimal> Suffixes = new Dictionary<string, decimal>(StringComparer.OrdinalIgnoreCase)
    {
        [""] = 1m, ["k"] = 1_000m, ["m"] = 1_000_000m, ["bn"] = 1_000_000_000m, ["b"] = 1_000_000_000m,
    };

    // Thousands groups must be whole groups of three with one kind of separator: "4,80" or "1,234 567" could mean
    // something else in another locale, so they are refused rather than guessed.
    [GeneratedRegex(@"^(?<sign>-)?\s*(?<int>\d{1,3}(?<sep>[,\u0020\u00A0\u202F])\d{3}(?:\k<sep>\d{3})*|\d+)(?:\.(?<frac>\d+))?\s?(?<suffix>k|m|bn|b)?$",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Number();

    public static NumberReading Amount(string? text, string label, string currency)
    {
        var invalid = $"{label}: not an amount. Enter digits, e.g. {AmountExamples}.";
        if (!TryRead(WithoutCurrency(text, currency), out var value, out var empty)) return new(null, invalid);
        if (empty) return new(null, null);
        if (value < 0) return new(null, $"{label} must be zero or more.");
        if (value > MaxAmount) return new(null, $"{label} must be at most {currency} {FormatAmount(MaxAmount)}.");
        if (decimal.Round(value, 2) != value) return new(null, $"{label}: at most two decimals (cents).");
        return new(value, null);
    }

    public static NumberReading Count(string? text, string label)
    {
        var invalid = $"{label}: not a number. Enter a whole number, e.g. {CountExamples}.";
        if (!TryRead(text, out var value, out var empty)) return new(null, invalid);
        if (empty) return new(null, null);
        if (value < 0) return new(null, $"{label} must be zero or more.");
        if (decimal.Truncate(value) != value) return new(null, $"{label} must be a whole number.");
        if (value > int.MaxValue) return new(null, $"{label} must be at most {FormatCount(int.MaxValue)}.");
        return new(value, null);
    }

    // Whole amounts without decimals, others with cents: "480,000", "480,000.50".
    public static string FormatAmount(decimal value) =>
        value.ToString(decimal.Truncate(value) == value ? "#,0" : "#,0.00", CultureInfo.InvariantCulture);

    public static string FormatCount(decimal value) => value.ToString("#,0", CultureInfo.InvariantCulture);

    private static bool TryRead(string? text, out decimal value, out bool empty)
    {
        value = 0;
        empty = string.IsNullOrWhiteSpace(text);
        if (empty) return true;
        var match = Number().Match(text!.Trim());
        if (!match.Success) return false;
        var separator = match.Groups["sep"].Value;
        var digits = separator.Length > 0 ? match.Groups["int"].Value.Replace(separator, "") : match.Groups["int"].Value;
        var number = match.Groups["frac"].Success ? $"{digits}.{match.Groups["frac"].Value}" : digits;
        if (!decimal.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var parsed)) return false;
        try { value = parsed * Suffixes[match.Groups["suffix"].Value]; }
        catch (OverflowException) { return false; }
        if (match.Groups["sign"].Success) value = -value;
        return true;
    }

    // "$480,000" and "USD 480,000" are the same amount as "480,000"; only the settings' currency (or its sign) is dropped.
    private static string? WithoutCurrency(string? text, string currency)
    {
        var trimmed = text?.Trim();
        if (string.IsNullOrEmpty(trimmed)) return trimmed;
        var negative = trimmed.StartsWith('-');
        var rest = negative ? trimmed[1..].TrimStart() : trimmed;
        foreach (var prefix in new[] { currency, CurrencySign(currency) })
            if (prefix.Length > 0 && rest.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            {
                rest = rest[prefix.Length..].TrimStart();
                break;
            }
        return negative ? "-" + rest : rest;
    }

    private static string CurrencySign(string currency) => currency.ToUpperInvariant() switch
    {
        "USD" or "CAD" or "AUD" or "NZD" => "$",
        "EUR" => "€",
        "GBP" => "£",
        "JPY" => "¥",
        _ => "",
    };
}

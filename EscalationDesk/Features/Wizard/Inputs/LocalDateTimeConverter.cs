using System.Globalization;
using MudBlazor;

namespace EscalationDesk.Features.Wizard.Inputs;

// The browser's datetime-local value ("2026-12-01T17:00", seconds optional), read the same whatever the server's culture.
public sealed class LocalDateTimeConverter : IReversibleConverter<DateTime?, string?>
{
    private static readonly string[] Formats = ["yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF"];

    public string? Convert(DateTime? input) => input?.ToString(Formats[0], CultureInfo.InvariantCulture);

    public DateTime? ConvertBack(string? input)
    {
        if (string.IsNullOrWhiteSpace(input)) return null;
        if (DateTime.TryParseExact(input.Trim(), Formats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var value)) return value;
        throw new FormatException("Enter a valid date and time.");
    }
}

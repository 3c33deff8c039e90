using EscalationDesk.Features.Judgment;

namespace EscalationDesk.Tests.Features.Judgment;

public sealed class NumberParsingTests
{
    public static TheoryData<string, decimal?> Amounts => new()
    {
        { "480000", 480_000m },
        { "480,000", 480_000m },
        { "480 000", 480_000m },
        { "480\u00A0000", 480_000m },
        { "480k", 480_000m },
        { "480K", 480_000m },
        { "480 k", 480_000m },
        { "1.2M", 1_200_000m },
        { "1.5m", 1_500_000m },
        { "2bn", 2_000_000_000m },
        { "$480,000", 480_000m },
        { "USD 480,000", 480_000m },
        { "usd480000", 480_000m },
        { "480000.50", 480_000.50m },
        { "1,234,567.89", 1_234_567.89m },
        { " 12 ", 12m },
        { "0", 0m },
        { "", null },
        { "   ", null },
    };

    [Theory]
    [MemberData(nameof(Amounts))]
    public void Amounts_as_agents_type_them_are_understood(string text, decimal? expected)
    {
        var reading = NumberParsing.Amount(text, "ARR at risk", "USD");
        Assert.True(reading.Understood, reading.Error);
        Assert.Equal(expected, reading.Value);
    }

    public static TheoryData<string, string> RefusedAmounts => new()
    {
        { "480 or so", "ARR at risk: not an amount. Enter digits, e.g. 480000, 480,000, 480 000, 480k or 1.2M." },
        { "12abc", "ARR at risk: not an amount." },
        { "1.2.3", "ARR at risk: not an amount." },
        { "4,80", "ARR at risk: not an amount." },
        { "480,00,0", "ARR at risk: not an amount." },
        { "1,234 567", "ARR at risk: not an amount." },
        { "1.2x", "ARR at risk: not an amount." },
        { "€480", "ARR at risk: not an amount." },
        { "-5", "ARR at risk must be zero or more." },
        { "$-5", "ARR at risk must be zero or more." },
        { "-$5", "ARR at risk must be zero or more." },
        { "480000.505", "ARR at risk: at most two decimals (cents)." },
        { "2000bn", "ARR at risk must be at most USD 1,000,000,000,000." },
    };

    [Theory]
    [MemberData(nameof(RefusedAmounts))]
    public void Anything_else_is_refused_with_a_message_not_read_as_its_first_digits(string text, string message)
    {
        var reading = NumberParsing.Amount(text, "ARR at risk", "USD");
        Assert.False(reading.Understood);
        Assert.Null(reading.Value);
        Assert.StartsWith(message, reading.Error);
    }

    [Fact]
    public void Only_the_settings_currency_is_dropped_in_front()
    {
        Assert.Equal(480_000m, NumberParsing.Amount("€480k", "ARR", "EUR").Value);
        Assert.Equal(480_000m, NumberParsing.Amount("EUR 480k", "ARR", "EUR").Value);
        Assert.False(NumberParsing.Amount("$480k", "ARR", "EUR").Understood);
    }

    public static TheoryData<string, int?> Counts => new()
    {
        { "12", 12 },
        { "1,200", 1200 },
        { "1 200", 1200 },
        { "1.2k", 1200 },
        { "1.25K", 1250 },
        { "2m", 2_000_000 },
        { "0", 0 },
        { "", null },
    };

    [Theory]
    [MemberData(nameof(Counts))]
    public void Counts_are_understood(string text, int? expected)
    {
        var reading = NumberParsing.Count(text, "Customers affected");
        Assert.True(reading.Understood, reading.Error);
        Assert.Equal(expected, reading.Value);
    }

    public static TheoryData<string, string> RefusedCounts => new()
    {
        { "twelve", "Customers affected: not a number. Enter a whole number, e.g. 1200, 1,200 or 1.2k." },
        { "12abc", "Customers affected: not a number." },
        { "1.2.3", "Customers affected: not a number." },
        { "$12", "Customers affected: not a number." },
        { "1.5", "Customers affected must be a whole number." },
        { "1.2345k", "Customers affected must be a whole number." },
        { "-3", "Customers affected must be zero or more." },
        { "3bn", "Customers affected must be at most 2,147,483,647." },
    };

    [Theory]
    [MemberData(nameof(RefusedCounts))]
    public void Fractions_negatives_and_words_are_refused_as_counts(string text, string message)
    {
        var reading = NumberParsing.Count(text, "Customers affected");
        Assert.False(reading.Understood);
        Assert.StartsWith(message, reading.Error);
    }

    [Theory]
    [InlineData(480_000, "480,000")]
    [InlineData(480_000.5, "480,000.50")]
    [InlineData(12, "12")]
    [InlineData(0, "0")]
    public void Amounts_are_shown_back_in_one_format_that_reads_back_the_same(decimal value, string shown)
    {
        Assert.Equal(shown, NumberParsing.FormatAmount(value));
        Assert.Equal(value, NumberParsing.Amount(shown, "ARR", "USD").Value);
    }
}

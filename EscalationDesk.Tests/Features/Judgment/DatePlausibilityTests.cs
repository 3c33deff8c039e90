using EscalationDesk.Features.Judgment;

namespace EscalationDesk.Tests.Features.Judgment;

public sealed class DatePlausibilityTests
{
    private static readonly DateTime Now = new(2026, 11, 24, 9, 0, 0);

    public static TheoryData<DateTime?, DateKind, string?> Rows => new()
    {
        { null, DateKind.Past, null },
        { new DateTime(2026, 11, 20, 9, 0, 0), DateKind.Past, null },
        { new DateTime(2000, 1, 1), DateKind.Past, null },
        { new DateTime(1999, 12, 31, 23, 59, 0), DateKind.Past, "This is before 2000: is the year right?" },
        { new DateTime(206, 11, 20), DateKind.Past, "This is before 2000: is the year right?" },
        // Later today on a wall clock east of UTC is still now; tomorrow is not.
        { new DateTime(2026, 11, 24, 22, 0, 0), DateKind.Past, null },
        { new DateTime(2026, 11, 25, 12, 0, 0), DateKind.Past, "This is in the future: is the date right?" },
        { new DateTime(2027, 11, 20), DateKind.Past, "This is in the future: is the date right?" },
        { new DateTime(2026, 11, 28, 17, 0, 0), DateKind.Deadline, null },
        { new DateTime(2026, 11, 1), DateKind.Deadline, null },
        { new DateTime(2027, 11, 24, 9, 0, 0), DateKind.Deadline, null },
        { new DateTime(2027, 11, 26), DateKind.Deadline, "This is more than a year ahead: is the year right?" },
        { new DateTime(2062, 11, 28), DateKind.Deadline, "This is more than a year ahead: is the year right?" },
        { new DateTime(1926, 11, 28), DateKind.Deadline, "This is before 2000: is the year right?" },
    };

    [Theory]
    [MemberData(nameof(Rows))]
    public void Unlikely_dates_are_questioned(DateTime? value, DateKind kind, string? question) =>
        Assert.Equal(question, DatePlausibility.Question(value, kind, Now));
}

using EscalationDesk.Features.Similar;

namespace EscalationDesk.Tests.Features.Similar;

// The telling words of a look-up, the same rule on every engine: rarest first, never a word in over a tenth of the reports,
// and no more words once the chosen ones appear in more reports than the engine's postings budget (but always two).
public sealed class SearchWordsTests
{
    private static readonly string[] Words = ["invoice", "rounding", "ledgersync", "pdf", "export"];

    private static IReadOnlyList<string> Telling(long budget, params long[] documents) =>
        SearchWords.Telling(Words, documents.Select((d, i) => new WordCount(i + 1, d)), totalReports: 100_000, budget);

    [Fact]
    public void Rarest_words_come_first_and_words_in_over_a_tenth_of_the_reports_are_left_out()
    {
        Assert.Equal(["ledgersync", "rounding", "invoice", "pdf"], Telling(SearchWords.PostingsBudget, 900, 40, 3, 1_200, 10_001));
    }

    [Fact]
    public void A_smaller_budget_stops_sooner_but_keeps_at_least_two_words()
    {
        Assert.Equal(["ledgersync", "rounding", "export", "invoice"], Telling(2_000, 900, 40, 3, 1_200, 500));
        Assert.Equal(["ledgersync", "rounding", "export", "invoice", "pdf"], Telling(5_000, 900, 40, 3, 1_200, 500));
        Assert.Equal(["invoice", "rounding"], Telling(2_000, 1_900, 1_950, 0, 8_000, 9_000));
    }
}

using System.Text.RegularExpressions;
using EscalationDesk.Features.Judgment;
using EscalationDesk.Features.Wizard;

namespace EscalationDesk.Features.Similar;

public sealed record SimilarReport(int Id, string Summary, int? AccountId, string? Customer, EscalationStatus Status);

// How many indexed reports hold the word at WordIndex (from 1) of a look-up's words.
public sealed record WordCount(long WordIndex, long Documents);

// The words full-text search looks for, the same for every database engine (IEscalationSearch).
public static partial class SearchWords
{
    public const int MaxWords = 64;

    private static readonly HashSet<string> StopWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "the", "and", "for", "are", "but", "not", "you", "all", "any", "can", "had", "her", "was", "one", "our", "out", "has", "his",
        "how", "its", "may", "new", "now", "old", "see", "two", "who", "did", "get", "got", "let", "say", "she", "too", "use", "with",
        "this", "that", "from", "they", "them", "then", "than", "when", "what", "have", "been", "were", "will", "would", "there",
        "their", "into", "some", "only", "also", "just", "like", "after", "before", "does", "doesn", "about", "because", "could",
        "should", "customer", "customers", "user", "users", "issue", "problem", "error", "while", "which",
    };

    // Letters and digits only, lower case, each once. From 3 letters stop words are left out (similar reports); the queue
    // asks for minLength 1 and keeps every word the lead typed.
    public static IReadOnlyList<string> Significant(string text, int minLength = 3) =>
        Words().Matches(text.ToLowerInvariant()).Select(m => m.Value)
            .Where(w => w.Length >= minLength && (minLength < 3 || !StopWords.Contains(w)))
            .Distinct().Take(MaxWords).ToList();

    // The details indexed beside the summary. An engine that indexes rows in bulk reads the same three fields from the content.
    public static string Details(DraftContent c) =>
        string.Join("\n", c.Understand.WhatsBroken, c.Reproduce.ErrorMessages, c.Reproduce.Actual);

    // The words that tell a report apart, the same choice on every engine: those the index holds, rarest first, leaving out
    // words so common (over a tenth of all reports) that they say nothing, and stopping once the chosen words appear in more
    // than the engine's postings budget (PostingsBudget unless the engine asks for less). Ranking is then bounded work however
    // large the index grows, and rare words are what the ranking weighs most anyway. counts: each word's number of indexed
    // reports, by its place in words (from 1).
    public static IReadOnlyList<string> Telling(IReadOnlyList<string> words, IEnumerable<WordCount> counts, long totalReports,
        long postingsBudget = PostingsBudget)
    {
        var common = Math.Max(MinCommonDocuments, totalReports / 10);
        var chosen = new List<string>();
        long postings = 0;
        foreach (var count in counts.Where(c => c.Documents > 0 && c.Documents <= common).OrderBy(c => c.Documents).ThenBy(c => c.WordIndex))
        {
            var word = words[(int)count.WordIndex - 1];
            if (chosen.Contains(word)) continue;
            if (chosen.Count >= MaxTerms || (chosen.Count >= MinTerms && postings + count.Documents > postingsBudget)) break;
            chosen.Add(word);
            postings += count.Documents;
        }
        return chosen;
    }

    public const int MaxTerms = 8;
    public const int MinTerms = 2;
    public const long PostingsBudget = 5_000;
    private const long MinCommonDocuments = 50;

    [GeneratedRegex(@"[\p{L}\p{N}]+")]
    private static partial Regex Words();
}

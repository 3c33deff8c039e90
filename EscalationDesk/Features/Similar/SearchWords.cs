using System.Text.RegularExpressions;
using EscalationDesk.Features.Judgment;
using EscalationDesk.Features.Wizard;

namespace EscalationDesk.Features.Similar;

public sealed record SimilarReport(int Id, string Summary, int? AccountId, string? Customer, EscalationStatus Status);

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

    [GeneratedRegex(@"[\p{L}\p{N}]+")]
    private static partial Regex Words();
}

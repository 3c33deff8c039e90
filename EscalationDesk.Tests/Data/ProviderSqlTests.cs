using System.Text.RegularExpressions;
using EscalationDesk.Tests.Infrastructure;

namespace EscalationDesk.Tests.Data;

// SQL written for SQLite lives in its provider classes under Data/, so a second engine is a second class there.
public sealed partial class ProviderSqlTests
{
    [Fact]
    public void No_feature_contains_SQLite_specific_SQL()
    {
        var features = RepoFiles.Find(Path.Combine("EscalationDesk", "Features"));
        var found = Directory.EnumerateFiles(features, "*.*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".cs", StringComparison.Ordinal) || f.EndsWith(".razor", StringComparison.Ordinal))
            .SelectMany(f => File.ReadLines(f).Select((line, i) => (File: Path.GetRelativePath(features, f), Line: i + 1, Text: line)))
            .Where(l => SqliteWords().IsMatch(l.Text) || Match().IsMatch(l.Text))
            .Select(l => $"{l.File}:{l.Line}: {l.Text.Trim()}")
            .ToList();

        Assert.True(found.Count == 0, "SQLite SQL in Features/ (move it behind IDatabaseProvider or IEscalationSearch):\n" + string.Join("\n", found));
    }

    [GeneratedRegex(@"\b(pragma|fts5\w*|sqlite_master|json_each|json_extract|rowid)\b", RegexOptions.IgnoreCase)]
    private static partial Regex SqliteWords();

    // FTS5's operator, in capitals as SQL is written here (the English "match" is fine).
    [GeneratedRegex(@"\bMATCH\b")]
    private static partial Regex Match();
}

using System.Diagnostics;
using EscalationDesk.Benchmarks;

// A small harness (not a test): builds a database of N escalations and measures the queries that must stay fast.
// Usage: dotnet run -c Release --project EscalationDesk.Benchmarks -- [similar] [--count N] [--queries Q]
var count = ArgValue(args, "--count", 100_000);
var queries = ArgValue(args, "--queries", 200);

Console.WriteLine($"Machine: {Environment.ProcessorCount} cores, .NET {Environment.Version}, {DateTime.UtcNow:yyyy-MM-dd}");
await using var bench = await SimilarReportsBenchmark.CreateAsync(count);
Console.WriteLine($"Seeded {count:N0} escalations in {bench.SeedTime.TotalSeconds:F1} s");
var timings = await bench.RunAsync(queries);
Report("Similar reports (FTS5 search + linked details)", timings);

static void Report(string name, List<double> ms)
{
    ms.Sort();
    double P(double q) => ms[Math.Min(ms.Count - 1, (int)Math.Ceiling(q * ms.Count) - 1)];
    Console.WriteLine($"{name}: n={ms.Count} median={P(0.5):F2} ms p95={P(0.95):F2} ms max={ms[^1]:F2} ms");
}

static int ArgValue(string[] args, string name, int fallback)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length && int.TryParse(args[i + 1], out var v) ? v : fallback;
}

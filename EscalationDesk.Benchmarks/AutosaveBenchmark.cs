using System.Diagnostics;
using EscalationDesk.Features.Drafts;
using EscalationDesk.Features.Users;
using EscalationDesk.Features.Wizard;

namespace EscalationDesk.Benchmarks;

// Durable autosaves: WizardService.SaveAsync as the wizard calls it while an agent types, each writer on its own draft, each
// save awaited (committed: SQLite in WAL with its default synchronous FULL, PostgreSQL with synchronous_commit on) before
// the next. Every engine gets a new database with the same drafts; the writers then save for a fixed time.
public static class AutosaveBenchmark
{
    public static async Task RunAsync(IReadOnlyList<BenchEngine> engines, IReadOnlyList<int> writerCounts, TimeSpan duration, Action<string, List<double>> report)
    {
        foreach (var engine in engines)
        {
            await using var database = await TemporaryDatabase.CreateAsync(engine);
            var writers = new List<(WizardService Wizard, int Id, DraftContent Content)>();
            for (var i = 0; i < writerCounts.Max(); i++)
            {
                var agent = new BenchmarkAgent(i);
                var id = await new DraftsService(database, agent, TimeProvider.System, database.Database.Search).CreateAsync();
                writers.Add((new WizardService(database, agent, TimeProvider.System, database.Database.Search), id,
                    SimilarReportsBenchmark.Sample(new Random(i))));
            }
            var versions = writers.Select(_ => 1).ToArray();
            foreach (var count in writerCounts)
            {
                // A second of warm-up (connections, EF's compiled queries), then the measured run.
                await RunWritersAsync(writers.Take(count).ToList(), versions, TimeSpan.FromSeconds(1));
                var (timings, elapsed) = await RunWritersAsync(writers.Take(count).ToList(), versions, duration);
                Console.WriteLine($"autosave {engine.Name}, {count} writer(s): {timings.Count / elapsed.TotalSeconds:F1} saves/s over {elapsed.TotalSeconds:F1} s");
                report($"autosave {engine.Name}, {count} writer(s): one save", timings);
            }
        }
    }

    private static async Task<(List<double> Timings, TimeSpan Elapsed)> RunWritersAsync(
        List<(WizardService Wizard, int Id, DraftContent Content)> writers, int[] versions, TimeSpan duration)
    {
        var timings = new List<double>();
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(writers.Select((writer, i) => Task.Run(async () =>
        {
            var mine = new List<double>();
            while (clock.Elapsed < duration)
            {
                // One more word typed, as between two autosaves.
                writer.Content.Understand.WhatsBroken += $" w{versions[i]}";
                var watch = Stopwatch.StartNew();
                var result = await writer.Wizard.SaveAsync(writer.Id, writer.Content, 2, versions[i]);
                mine.Add(watch.Elapsed.TotalMilliseconds);
                if (result.Outcome != SaveOutcome.Saved) throw new InvalidOperationException($"Save of draft {writer.Id}: {result.Outcome}");
                versions[i] = result.Version;
            }
            lock (timings) timings.AddRange(mine);
        })));
        return (timings, clock.Elapsed);
    }

    private sealed class BenchmarkAgent(int number) : ICurrentUser
    {
        public string Id => $"benchmark-agent-{number}";
        public string Name => $"Benchmark Agent {number}";
        public bool IsInRole(string role) => role == Roles.Agent;
    }
}

using System.Diagnostics;
using System.Text.Json;

namespace EscalationDesk.Benchmarks;

// Reliability drill 8: concurrent GETs from a second process on loopback against the queue and the export endpoints
// (queue.csv, brief.md, brief.pdf, digest.pdf), bounded in time and in count. With --until-input-closes it also stops
// when its standard input closes, so a test can keep it running for exactly as long as a browser journey takes.
// Prints one JSON line: counts, non-2xx statuses and errors per path, and latencies.
public static class LoadDrill
{
    public sealed record Options(string BaseUrl, TimeSpan Duration, int Concurrency, int MaxRequests, string? Cookie, IReadOnlyList<int> Ids,
        bool UntilInputCloses);

    private sealed record Outcome(string Path, int? Status, string? Error, double Ms);

    public static async Task<int> RunAsync(Options o)
    {
        var paths = new List<string> { "/queue", "/queue.csv", "/reports/digest.pdf" };
        foreach (var id in o.Ids) paths.AddRange([$"/escalations/{id}/brief.md", $"/escalations/{id}/brief.pdf"]);

        using var handler = new SocketsHttpHandler { UseCookies = false, AllowAutoRedirect = false, MaxConnectionsPerServer = o.Concurrency };
        using var http = new HttpClient(handler) { BaseAddress = new Uri(o.BaseUrl), Timeout = TimeSpan.FromSeconds(30) };
        if (o.Cookie is { Length: > 0 } cookie) http.DefaultRequestHeaders.Add("Cookie", cookie);

        using var stop = new CancellationTokenSource(o.Duration);
        var stoppedBy = "time";
        if (o.UntilInputCloses)
            _ = Task.Run(async () =>
            {
                await Console.In.ReadToEndAsync();
                stoppedBy = "input";
                await stop.CancelAsync();
            });

        var issued = 0;
        var clock = Stopwatch.StartNew();
        Console.WriteLine($"started {paths.Count} paths, {o.Concurrency} workers");
        var workers = Enumerable.Range(0, o.Concurrency).Select(_ => Task.Run(async () =>
        {
            var outcomes = new List<Outcome>();
            while (!stop.IsCancellationRequested)
            {
                var n = Interlocked.Increment(ref issued);
                if (n > o.MaxRequests)
                {
                    stoppedBy = "count";
                    break;
                }
                var path = paths[n % paths.Count];
                var started = Stopwatch.GetTimestamp();
                try
                {
                    using var response = await http.GetAsync(path, stop.Token);
                    await response.Content.ReadAsByteArrayAsync(stop.Token);
                    outcomes.Add(new(path, (int)response.StatusCode, null, Stopwatch.GetElapsedTime(started).TotalMilliseconds));
                }
                catch (OperationCanceledException) when (stop.IsCancellationRequested)
                {
                    break; // cut off by the end of the drill, not a failure of the app
                }
                catch (Exception ex)
                {
                    outcomes.Add(new(path, null, $"{ex.GetType().Name}: {ex.Message}", Stopwatch.GetElapsedTime(started).TotalMilliseconds));
                }
            }
            return outcomes;
        })).ToList();
        var all = (await Task.WhenAll(workers)).SelectMany(x => x).ToList();

        var report = new
        {
            seconds = Math.Round(clock.Elapsed.TotalSeconds, 1),
            stoppedBy,
            requests = all.Count,
            non2xx = all.Count(x => x.Status is < 200 or >= 300),
            errors = all.Count(x => x.Error is not null),
            statuses = all.Where(x => x.Status is not null).GroupBy(x => x.Status!.Value).ToDictionary(g => g.Key.ToString(), g => g.Count()),
            firstErrors = all.Where(x => x.Error is not null).Select(x => $"{x.Path}: {x.Error}").Distinct().Take(5).ToList(),
            byPath = all.GroupBy(x => x.Path.StartsWith("/escalations/") ? "/escalations/{id}/" + x.Path.Split('/')[^1] : x.Path)
                .ToDictionary(g => g.Key, g => new
                {
                    count = g.Count(),
                    non2xx = g.Count(x => x.Status is < 200 or >= 300),
                    errors = g.Count(x => x.Error is not null),
                    medianMs = Percentile(g.Select(x => x.Ms), 0.5),
                    p95Ms = Percentile(g.Select(x => x.Ms), 0.95),
                }),
        };
        Console.WriteLine(JsonSerializer.Serialize(report));
        return report.errors == 0 && report.non2xx == 0 ? 0 : 1;
    }

    private static double Percentile(IEnumerable<double> values, double q)
    {
        var sorted = values.Order().ToList();
        return sorted.Count == 0 ? 0 : Math.Round(sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(q * sorted.Count) - 1)], 1);
    }
}

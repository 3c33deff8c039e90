using System.Diagnostics;
using System.Text.Json;
using EscalationDesk.Data;
using EscalationDesk.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace EscalationDesk.Tests.EndToEnd;

// Reliability drill 8: while a browser completes a whole journey, a second process on loopback (the benchmark harness's
// `load` command) keeps requesting the queue and the exports. Nothing may fail; the journey's action times under load
// go to TestResults/load-drill.json and, from a real run, to docs/PERFORMANCE.md (timings are reported, not asserted).
[Collection(BrowserCollection.Name)]
public sealed class LoadDrillTests(BrowserFixture browser, ITestOutputHelper output)
{
    [Fact]
    public async Task A_journey_completes_while_a_second_process_hammers_the_queue_and_the_exports_without_errors()
    {
        var dbFactory = browser.Server.Services.GetRequiredService<IDbContextFactory<EscalationDeskDbContext>>();
        var tag = EscalationJourneys.NewTag('L');
        var ids = new List<int>();
        for (var i = 0; i < 3; i++)
            ids.Add(await EscalationRows.AddAsync(dbFactory, DateTime.UtcNow, $"Load drill export {i} {tag}", arr: 10_000 * (i + 1)));

        // The second process is a team lead (queue, CSV, digest, briefs) while an agent completes the journey.
        var lead = await browser.NewPageAsync(await browser.CreateUserAsync(EscalationDesk.Features.Users.Roles.Lead));
        var cookies = await lead.Context.CookiesAsync();
        var page = await browser.NewPageAsync();
        using var load = StartLoad(string.Join("; ", cookies.Select(c => $"{c.Name}={c.Value}")), ids);
        var journey = new EscalationJourney(browser, JourneyPlan.Load("bug-for-engineering", tag), page);
        string report;
        try
        {
            Assert.StartsWith("started", await ReadUntilAsync(load, "started"));
            await journey.RunAsync();
            load.StandardInput.Close();
            report = await ReadUntilAsync(load, "{");
            await load.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        }
        finally
        {
            if (!load.HasExited) load.Kill();
        }
        output.WriteLine(journey.Timings.Report());
        output.WriteLine(report);
        await WriteResultsAsync(journey.Timings, report);

        using var json = JsonDocument.Parse(report);
        var root = json.RootElement;
        Assert.Equal("input", root.GetProperty("stoppedBy").GetString()); // the load ran for the whole journey
        Assert.True(root.GetProperty("requests").GetInt32() >= 50, report);
        Assert.True(root.GetProperty("errors").GetInt32() == 0, report);
        Assert.True(root.GetProperty("non2xx").GetInt32() == 0, report);
        Assert.Equal(0, load.ExitCode);
    }

    private Process StartLoad(string cookie, IEnumerable<int> ids)
    {
        var configuration = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;
        var harness = RepoFiles.Find(Path.Combine("EscalationDesk.Benchmarks", "bin", configuration, "net10.0", "EscalationDesk.Benchmarks.dll"));
        Assert.True(File.Exists(harness), $"Build the solution first: {harness} is missing.");
        var start = new ProcessStartInfo("dotnet",
            [harness, "load", "--base-url", browser.Server.BaseUrl, "--seconds", "240", "--concurrency", "4", "--max-requests", "200000",
             "--ids", string.Join(",", ids), "--until-input-closes", .. cookie.Length > 0 ? new[] { "--cookie", cookie } : []])
        {
            RedirectStandardInput = true, RedirectStandardOutput = true, UseShellExecute = false,
        };
        return Process.Start(start)!;
    }

    private static async Task<string> ReadUntilAsync(Process process, string prefix)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (await process.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
            if (line.StartsWith(prefix, StringComparison.Ordinal)) return line;
        throw new InvalidOperationException($"The load process ended without a line starting with '{prefix}'.");
    }

    private static async Task WriteResultsAsync(ActionTimings timings, string load)
    {
        var folder = RepoFiles.Find("TestResults");
        Directory.CreateDirectory(folder);
        var result = new
        {
            at = DateTime.UtcNow, machine = $"{Environment.ProcessorCount} cores",
            journey = new { actions = timings.Entries.Count, medianMs = timings.Percentile(0.5), p95Ms = timings.Percentile(0.95), maxMs = timings.Percentile(1) },
            actions = timings.Entries.Select(e => new { e.Action, ms = Math.Round(e.Ms) }),
            load = JsonDocument.Parse(load).RootElement,
        };
        await File.WriteAllTextAsync(Path.Combine(folder, "load-drill.json"), JsonSerializer.Serialize(result, new JsonSerializerOptions { WriteIndented = true }));
    }
}

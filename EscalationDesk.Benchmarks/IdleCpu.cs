using System.Diagnostics;
using System.Text.RegularExpressions;

namespace EscalationDesk.Benchmarks;

// The built app (Release) as its own process on a database file, with no browser open: the CPU it uses once it is
// listening, sampled from /proc/<pid>/stat (user + system time), over the given time and per ten seconds. Linux only.
public static partial class IdleCpu
{
    public static async Task<int> RunAsync(string database, TimeSpan duration, string? appDll)
    {
        var app = appDll ?? Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "../../../../EscalationDesk/bin/Release/net10.0/EscalationDesk.dll"));
        if (!File.Exists(app)) throw new FileNotFoundException("Build the app first: dotnet build -c Release EscalationDesk", app);
        var info = new ProcessStartInfo("dotnet") { WorkingDirectory = Path.GetDirectoryName(app)!, RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add(app);
        info.ArgumentList.Add("--urls");
        info.ArgumentList.Add("http://127.0.0.1:0");
        info.Environment["ConnectionStrings__EscalationDesk"] = $"Data Source={Path.GetFullPath(database)}";
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        info.Environment["Logging__LogLevel__Microsoft.Hosting.Lifetime"] = "Information";

        var started = Stopwatch.StartNew();
        using var process = Process.Start(info)!;
        var listening = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        process.OutputDataReceived += (_, e) => { if (e.Data is { } line && Listening().IsMatch(line)) listening.TrySetResult(); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is { } line && line.Contains("fail", StringComparison.OrdinalIgnoreCase)) Console.WriteLine(line); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await listening.Task.WaitAsync(TimeSpan.FromMinutes(10));
            var startup = CpuSeconds(process.Id);
            Console.WriteLine($"Listening after {started.Elapsed.TotalSeconds:F1} s (start-up used {startup:F1} s of CPU, including migrations); idle for {duration.TotalSeconds:F0} s");
            var (from, at) = (startup, Stopwatch.StartNew());
            var samples = new List<double>();
            while (at.Elapsed < duration)
            {
                var before = CpuSeconds(process.Id);
                var window = Stopwatch.StartNew();
                await Task.Delay(TimeSpan.FromSeconds(10));
                samples.Add(100 * (CpuSeconds(process.Id) - before) / window.Elapsed.TotalSeconds);
            }
            var total = 100 * (CpuSeconds(process.Id) - from) / at.Elapsed.TotalSeconds;
            Console.WriteLine($"Idle CPU over {at.Elapsed.TotalSeconds:F0} s: {total:F2} % of one core (per 10 s: {string.Join(", ", samples.Select(s => s.ToString("F1")))})");
            return 0;
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }

    // utime and stime, fields 14 and 15 of /proc/<pid>/stat, in clock ticks (100 per second on Linux).
    private static double CpuSeconds(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return (long.Parse(fields[11]) + long.Parse(fields[12])) / 100.0;
    }

    [GeneratedRegex(@"Now listening on: http://127\.0\.0\.1:\d+")]
    private static partial Regex Listening();
}

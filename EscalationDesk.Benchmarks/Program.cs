using EscalationDesk.Benchmarks;
using EscalationDesk.Data;
using EscalationDesk.Data.Postgres;

// A small harness (not a test) measuring what must stay fast; results go to docs/PERFORMANCE.md.
// Usage: dotnet run -c Release --project EscalationDesk.Benchmarks -- similar|brief|queue|dashboard [--count N] [--queries Q] [--runs R] [--database PATH] [--explain]
//        ... -- similar --provider Postgres --connection "..." --budgets 5000,2000   (PostgreSQL's postings budgets side by side)
//        ... -- similar|queue|dashboard --provider Postgres --connection "Host=...;Database=...;Username=...;Password=..." [...]
//            (or Database__Provider / ConnectionStrings__EscalationDesk as for the app; similar makes and drops its own database)
//        ... -- autosave [--seconds S] [--writers 1,20] [--connection "Host=...;Username=...;Password=..."]   (SQLite, then PostgreSQL)
//        ... -- api [--count N] [--runs R] [--seconds S] [--database PATH]   (the app in-process on loopback, SQLite)
//        ... -- reminders --database PATH [--runs R]          (a file made by the app's seed command)
//        ... -- idle --database PATH [--seconds S] [--app PATH-TO-EscalationDesk.dll]
//        ... -- load --base-url URL [--seconds S] [--concurrency C] [--max-requests N] [--ids 1,2,3] [--cookie "name=value"] [--until-input-closes]
var what = args.FirstOrDefault(a => !a.StartsWith("--") && !int.TryParse(a, out _)) ?? "all";
Console.WriteLine($"Machine: {Environment.ProcessorCount} cores, .NET {Environment.Version}, {DateTime.UtcNow:yyyy-MM-dd}");

if (what == "load")
{
    Environment.ExitCode = await LoadDrill.RunAsync(new(
        ArgText(args, "--base-url") ?? "http://127.0.0.1:5232", TimeSpan.FromSeconds(ArgValue(args, "--seconds", 30)), ArgValue(args, "--concurrency", 8),
        ArgValue(args, "--max-requests", 100_000), ArgText(args, "--cookie"),
        (ArgText(args, "--ids") ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries).Select(int.Parse).ToList(), args.Contains("--until-input-closes")));
    return;
}

var engine = BenchEngine.FromArgs(ArgText(args, "--provider"), ArgText(args, "--connection"));

if (what is "brief" or "all") BriefBenchmark.Run(Report);

if (what is "queue" or "dashboard")
{
    var database = ArgText(args, "--database");
    await QueueBenchmark.RunAsync(ArgValue(args, "--count", 100_000), database, engine, ArgValue(args, "--runs", 50), Report, dashboardOnly: what == "dashboard", explain: args.Contains("--explain"));
}

if (what == "api")
    await ApiBenchmark.RunAsync(ArgValue(args, "--count", 100_000), ArgText(args, "--database"), ArgValue(args, "--runs", 500), ArgValue(args, "--seconds", 10), Report);

if (what == "reminders")
    await ReminderBenchmark.RunAsync(ArgText(args, "--database") ?? throw new ArgumentException("--database PATH is required"), ArgValue(args, "--runs", 50), Report);

if (what == "idle")
{
    Environment.ExitCode = await IdleCpu.RunAsync(ArgText(args, "--database") ?? throw new ArgumentException("--database PATH is required"),
        TimeSpan.FromSeconds(ArgValue(args, "--seconds", 120)), ArgText(args, "--app"));
    return;
}

if (what is "similar" or "all")
{
    var count = ArgValue(args, "--count", 100_000);
    await using var bench = await SimilarReportsBenchmark.CreateAsync(count, engine);
    Console.WriteLine($"Seeded {count:N0} escalations on {engine.Name} in {bench.SeedTime.TotalSeconds:F1} s");
    if (engine.IsPostgres && ArgText(args, "--budgets") is { } budgets)
    {
        // PostgreSQL's postings budget side by side on the same data: `--budgets 5000,2000`.
        var values = budgets.Split(',').Select(long.Parse).ToList();
        var timings = await bench.RunSideBySideAsync(ArgValue(args, "--queries", 200),
            values.Select(b => (IEscalationSearch)new PostgresFullTextSearch { PostingsBudget = b }).ToList());
        for (var i = 0; i < values.Count; i++) Report($"Similar reports ({bench.Engine} search, postings budget {values[i]:N0})", timings[i]);
    }
    else Report($"Similar reports ({bench.Engine} search + linked details)", await bench.RunAsync(ArgValue(args, "--queries", 200)));
}

if (what == "autosave")
{
    // Side by side: SQLite always, PostgreSQL when a connection is given (its role makes and drops a database for the run).
    List<BenchEngine> engines = [new("Sqlite", null)];
    if (engine.Connection is { Length: > 0 } connection) engines.Add(new("Postgres", connection));
    var writers = (ArgText(args, "--writers") ?? "1,20").Split(',').Select(int.Parse).ToList();
    await AutosaveBenchmark.RunAsync(engines, writers, TimeSpan.FromSeconds(ArgValue(args, "--seconds", 15)), Report);
}

static void Report(string name, List<double> ms)
{
    ms.Sort();
    double P(double q) => ms[Math.Min(ms.Count - 1, (int)Math.Ceiling(q * ms.Count) - 1)];
    Console.WriteLine($"{name}: n={ms.Count} median={P(0.5):F3} ms p95={P(0.95):F3} ms max={ms[^1]:F3} ms");
}

static string? ArgText(string[] args, string name) =>
    Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : null;

static int ArgValue(string[] args, string name, int fallback)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length && int.TryParse(args[i + 1], out var v) ? v : fallback;
}

using System.Diagnostics;
using System.Globalization;
using EscalationDesk.Data;
using EscalationDesk.Features.Judgment;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace EscalationDesk.Features.Demo;

public sealed record SeedCommand(int Count, string? Database)
{
    public const int MaxCount = 2_000_000;

    public static SeedCommand? Parse(string[] args)
    {
        if (args.Length == 0 || args[0] != "seed") return null;
        string? Value(string name) => Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : null;
        var count = int.TryParse(Value("--count"), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 1_000;
        return new SeedCommand(Math.Clamp(count, 1, MaxCount), Value("--database"));
    }

    public static async Task<int> RunAsync(WebApplication app, SeedCommand seed)
    {
        app.MigrateDatabase();
        var watch = Stopwatch.StartNew();
        await DemoSeeder.SeedAsync(app.Services.GetRequiredService<IDbContextFactory<EscalationDeskDbContext>>(), seed.Count,
            app.Services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime,
            done => Console.WriteLine($"{done:N0} of {seed.Count:N0}"));
        Console.WriteLine($"Seeded {seed.Count:N0} escalations in {watch.Elapsed.TotalSeconds:F1} s.");
        return 0;
    }
}

using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using EscalationDesk.Data;
using EscalationDesk.Features.Api;
using EscalationDesk.Features.Demo;
using EscalationDesk.Features.Users;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace EscalationDesk.Benchmarks;

// GET /api/v1/escalations over real HTTP on loopback against the whole app in this process (Kestrel, token authentication,
// rate limiter, the queue's query, JSON), at `count` escalations in a SQLite file; then creates per second.
public static class ApiBenchmark
{
    public static async Task RunAsync(int count, string? database, int runs, int createSeconds, Action<string, List<double>> report)
    {
        var path = database ?? Path.Combine(Path.GetTempPath(), $"escalationdesk-api-{count}.db");
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            EnvironmentName = "Production", ApplicationName = typeof(EscalationDeskSetup).Assembly.GetName().Name,
        });
        builder.Logging.ClearProviders();
        builder.Configuration["ConnectionStrings:EscalationDesk"] = $"Data Source={path}";
        builder.Configuration["RateLimits:Api:PermitLimit"] = "100000000";
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.AddEscalationDesk();
        await using var app = builder.Build();
        app.UseEscalationDesk();
        await app.StartAsync();
        var baseUrl = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();

        var dbFactory = app.Services.GetRequiredService<IDbContextFactory<EscalationDeskDbContext>>();
        await using (var db = await dbFactory.CreateDbContextAsync())
        {
            var existing = await db.Escalations.CountAsync();
            if (existing < count)
            {
                var watch = Stopwatch.StartNew();
                await DemoSeeder.SeedAsync(dbFactory, count - existing, DateTime.UtcNow);
                Console.WriteLine($"Seeded {count - existing:N0} escalations in {watch.Elapsed.TotalSeconds:F1} s into {path}");
            }
            Console.WriteLine($"{await db.Escalations.CountAsync():N0} escalations, {await db.Escalations.CountAsync(e => e.Status == Features.Judgment.EscalationStatus.Escalated || e.Status == Features.Judgment.EscalationStatus.Acknowledged):N0} open");
        }

        string token;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var email = $"api-bench-{Guid.NewGuid():N}@bench.example";
            var (id, errors) = await scope.ServiceProvider.GetRequiredService<UserDirectory>().CreateAsync(email, "API bench", Roles.Lead, "Bench-pass-1");
            if (id is null) throw new InvalidOperationException(string.Join(" ", errors.Select(e => e.Message)));
            token = (await scope.ServiceProvider.GetRequiredService<TokenService>().CreateAsync(id, "bench", [ApiAuth.ReadScope, ApiAuth.WriteScope], null)).Token!;
        }
        using var client = new HttpClient { BaseAddress = new Uri(baseUrl) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);

        async Task<List<double>> TimeAsync(Func<Task<string>> url)
        {
            for (var i = 0; i < 10; i++) await GetAsync(client, await url());
            var ms = new List<double>();
            for (var i = 0; i < runs; i++)
            {
                var target = await url();
                var watch = Stopwatch.StartNew();
                await GetAsync(client, target);
                ms.Add(watch.Elapsed.TotalMilliseconds);
            }
            return ms;
        }

        const string list = "/api/v1/escalations";
        report("API list, first page (limit 25, default order)", await TimeAsync(() => Task.FromResult(list)));
        report("API list, first page (limit 100)", await TimeAsync(() => Task.FromResult(list + "?limit=100")));
        // Walking the cursor: each timed request is the page after the one before it.
        string? cursor = null;
        report("API list, next page by cursor (limit 25, default order)", await TimeAsync(async () =>
        {
            var url = cursor is null ? list : $"{list}?after={cursor}";
            cursor = (string?)JsonNode.Parse(await GetAsync(client, url))!["next_cursor"];
            return cursor is null ? list : $"{list}?after={cursor}";
        }));
        string? arrCursor = null;
        report("API list, next page by cursor (sort=arr desc)", await TimeAsync(async () =>
        {
            var url = $"{list}?sort=arr&desc=true" + (arrCursor is null ? "" : $"&after={arrCursor}");
            arrCursor = (string?)JsonNode.Parse(await GetAsync(client, url))!["next_cursor"];
            return $"{list}?sort=arr&desc=true" + (arrCursor is null ? "" : $"&after={arrCursor}");
        }));
        report("API get one escalation", await TimeAsync(() => Task.FromResult($"{list}/{count / 2}")));

        // Creates: sequential POSTs of a full draft, each with its own Idempotency-Key, for createSeconds.
        var created = new List<double>();
        var body = """
            {"fields": {"understand": {"summary": "Bench checkout fails", "whats_broken": "500 on pay"}, "impact": {"severity_signals": ["production-down"]},
             "target": {"signals": ["bug-needs-fix"]}, "brief": {"whats_needed": "A fix", "deadline": "2026-12-20T17:00:00Z"}}}
            """;
        var total = Stopwatch.StartNew();
        while (total.Elapsed.TotalSeconds < createSeconds)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, list) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
            request.Headers.Add(IdempotencyFilter.Header, Guid.NewGuid().ToString("N"));
            var watch = Stopwatch.StartNew();
            using var response = await client.SendAsync(request);
            if ((int)response.StatusCode != 201) throw new InvalidOperationException($"POST answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
            created.Add(watch.Elapsed.TotalMilliseconds);
        }
        Console.WriteLine($"API creates: {created.Count / total.Elapsed.TotalSeconds:F1} per second (sequential, one client, with Idempotency-Key)");
        report("API create (POST, with Idempotency-Key)", created);
        await app.StopAsync();
    }

    private static async Task<string> GetAsync(HttpClient client, string url)
    {
        using var response = await client.GetAsync(url);
        var text = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"GET {url} answered {(int)response.StatusCode}: {text}");
        return text;
    }
}

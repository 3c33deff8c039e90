using EscalationDesk.Tests.Infrastructure;
using Microsoft.Playwright;

namespace EscalationDesk.Tests.EndToEnd;

// xunit 2 does not tell a fixture whether a test failed, so browser tests run their body through RunAsync:
// it traces every context the test opens and, when the body throws, keeps a screenshot of each page and the
// Playwright trace under TestResults/browser/<test>/ (open a trace with `playwright show-trace`).
public static class BrowserArtifacts
{
    public static async Task RunAsync(this BrowserFixture browser, string test, Func<IPage, Task> body)
    {
        var page = await browser.NewPageAsync();
        await KeepOnFailureAsync(test, [page.Context], () => body(page));
    }

    public static async Task KeepOnFailureAsync(string test, IReadOnlyList<IBrowserContext> contexts, Func<Task> body)
    {
        foreach (var context in contexts)
            await context.Tracing.StartAsync(new() { Screenshots = true, Snapshots = true, Title = test });
        try
        {
            await body();
        }
        catch
        {
            await SaveAsync(test, contexts);
            throw;
        }
        foreach (var context in contexts)
            await StopQuietlyAsync(context, path: null);
    }

    private static async Task SaveAsync(string test, IReadOnlyList<IBrowserContext> contexts)
    {
        var folder = RepoFiles.Find(Path.Combine("TestResults", "browser", test));
        Directory.CreateDirectory(folder);
        for (var c = 0; c < contexts.Count; c++)
        {
            var pages = contexts[c].Pages;
            for (var p = 0; p < pages.Count; p++)
            {
                try { await pages[p].ScreenshotAsync(new() { Path = Path.Combine(folder, $"context{c + 1}-page{p + 1}.png"), FullPage = true, Timeout = 5_000 }); }
                catch (Exception ex) when (ex is PlaywrightException or TimeoutException) { /* a closed, hung or crashed page has nothing to show; the trace still has its history */ }
            }
            await StopQuietlyAsync(contexts[c], Path.Combine(folder, $"trace{c + 1}.zip"));
        }
    }

    private static async Task StopQuietlyAsync(IBrowserContext context, string? path)
    {
        try { await context.Tracing.StopAsync(new() { Path = path }); }
        catch (Exception ex) when (ex is PlaywrightException or TimeoutException) { /* the context was closed by the test */ }
    }
}

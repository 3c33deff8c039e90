using Microsoft.Playwright;

namespace EscalationDesk.Tests.EndToEnd;

// One app server and one Debian chromium for all browser tests; each test opens its own context.
public sealed class BrowserFixture : IAsyncLifetime
{
    public AppServer Server { get; private set; } = default!;
    private IPlaywright? _playwright;
    private IBrowser? _browser;
    public IBrowser Browser => _browser!;

    public async Task InitializeAsync()
    {
        Server = new AppServer();
        // CI has two cores shared with the rest of the suite: give assertions room before they fail.
        Assertions.SetDefaultExpectTimeout(10_000);
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = Environment.GetEnvironmentVariable("CHROMIUM_PATH") ?? "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync"],
        });
    }

    public async Task<IPage> NewPageAsync()
    {
        var context = await _browser!.NewContextAsync(new() { BaseURL = Server.BaseUrl, ViewportSize = new() { Width = 1280, Height = 900 } });
        context.SetDefaultTimeout(15_000);
        return await context.NewPageAsync();
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null) await _browser.DisposeAsync();
        _playwright?.Dispose();
        await Server.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "browser";
}

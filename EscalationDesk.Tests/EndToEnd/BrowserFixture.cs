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

    // A page signed in as the fixture's default Agent (created on first use).
    public async Task<IPage> NewPageAsync() => await NewPageAsync(await DefaultAgentAsync());

    // A page signed in as this user. Each user signs in through the real form once; later contexts reuse the
    // cookies. Signing out ends every session of that user (the security stamp changes): sign out only users of
    // your own (CreateUserAsync), never the default Agent.
    public async Task<IPage> NewPageAsync(TestUser user)
    {
        var state = await StorageStateAsync(user);
        return await NewContextPageAsync(state);
    }

    // The same in a browser context with other options: a phone's viewport, a dark system setting.
    public async Task<IPage> NewPageAsync(TestUser user, Action<BrowserNewContextOptions> configure) =>
        await NewContextPageAsync(await StorageStateAsync(user), configure);

    public Task<IPage> NewAnonymousPageAsync(Action<BrowserNewContextOptions>? configure = null) => NewContextPageAsync(null, configure);

    public Task<TestUser> CreateUserAsync(string role) => Server.CreateUserAsync(role);

    private readonly SemaphoreSlim _signIn = new(1, 1);
    private readonly Dictionary<string, string> _states = [];
    private TestUser? _defaultAgent;

    private async Task<TestUser> DefaultAgentAsync()
    {
        await _signIn.WaitAsync();
        try
        {
            return _defaultAgent ??= await CreateUserAsync(EscalationDesk.Features.Users.Roles.Agent);
        }
        finally { _signIn.Release(); }
    }

    private async Task<string> StorageStateAsync(TestUser user)
    {
        await _signIn.WaitAsync();
        try
        {
            if (_states.TryGetValue(user.Email, out var cached)) return cached;
            var page = await NewContextPageAsync(null);
            await SignInAsync(page, user);
            var state = await page.Context.StorageStateAsync();
            await page.Context.CloseAsync();
            return _states[user.Email] = state;
        }
        finally { _signIn.Release(); }
    }

    // Through the sign-in form, as a person does.
    public static async Task SignInAsync(IPage page, TestUser user)
    {
        await page.GotoAsync("/account/login");
        await page.GetByLabel("Email").FillAsync(user.Email);
        await page.GetByLabel("Password").FillAsync(user.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.WaitForURLAsync(url => !url.Contains("/account/login", StringComparison.Ordinal));
    }

    private async Task<IPage> NewContextPageAsync(string? storageState, Action<BrowserNewContextOptions>? configure = null)
    {
        var options = new BrowserNewContextOptions
        {
            BaseURL = Server.BaseUrl, ViewportSize = new() { Width = 1280, Height = 900 }, StorageState = storageState,
        };
        configure?.Invoke(options);
        var context = await _browser!.NewContextAsync(options);
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

using System.Net;
using EscalationDesk.Data;
using EscalationDesk.Features.Briefs;
using EscalationDesk.Features.Drafts;
using EscalationDesk.Features.Users;
using EscalationDesk.Features.Wizard;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace EscalationDesk.Tests.EndToEnd;

// The brief PDF over real HTTP, with the app's renderer behind a seam that counts renders and can hold them running.
public sealed class BriefPdfLimitTests : IAsyncLifetime
{
    private readonly CountingPdf _pdf = new(new PdfSharpBriefPdf(new PdfOptions()));
    private readonly AppServer _server;

    public BriefPdfLimitTests() => _server = new AppServer(
        new Dictionary<string, string?> { ["Pdf:RendersPerUser"] = "2", ["Pdf:RendersOverall"] = "3", ["Pdf:QueueSeconds"] = "0.5" },
        services => services.AddSingleton<IBriefPdf>(_pdf));

    [Fact]
    public async Task A_second_download_of_the_same_version_is_not_rendered_again_and_a_new_version_is()
    {
        var ana = await _server.CreateUserAsync(Roles.Agent);
        using var client = await _server.SignedInClientAsync(ana);
        var id = await DraftAsync(ana, "Checkout fails for EU cards");

        var first = await client.GetByteArrayAsync($"/escalations/{id}/brief.pdf");
        var second = await client.GetByteArrayAsync($"/escalations/{id}/brief.pdf");

        Assert.Equal(1, _pdf.Started);
        Assert.Equal(first, second);
        Assert.Equal(2, await ExportsAsync(id));

        await using (var scope = await _server.ScopeAsAsync(ana))
        {
            var wizard = scope.ServiceProvider.GetRequiredService<WizardService>();
            var draft = (await wizard.LoadAsync(id))!;
            draft.Content.Understand.Summary = "Checkout fails for all cards";
            await wizard.SaveAsync(id, draft.Content, 6, draft.Version);
        }
        using var third = UglyToad.PdfPig.PdfDocument.Open(await client.GetByteArrayAsync($"/escalations/{id}/brief.pdf"));

        Assert.Equal(2, _pdf.Started);
        Assert.Contains("all cards", string.Join(" ", third.GetPage(1).GetWords().Select(w => w.Text)));
    }

    [Fact]
    public async Task Renders_beyond_the_per_user_and_overall_limits_wait_briefly_then_get_429_with_retry_after()
    {
        var (ana, bob, carl) = (await _server.CreateUserAsync(Roles.Agent), await _server.CreateUserAsync(Roles.Agent), await _server.CreateUserAsync(Roles.Agent));
        using var anas = await _server.SignedInClientAsync(ana);
        using var bobs = await _server.SignedInClientAsync(bob);
        using var carls = await _server.SignedInClientAsync(carl);
        var anaIds = new[] { await DraftAsync(ana, "one"), await DraftAsync(ana, "two"), await DraftAsync(ana, "three") };
        var bobId = await DraftAsync(bob, "bob's");
        var carlId = await DraftAsync(carl, "carl's");
        _pdf.Open.Reset();

        // Ana's two renders run; her third waits for its turn, then is refused.
        var running = new List<Task<HttpResponseMessage>> { anas.GetAsync($"/escalations/{anaIds[0]}/brief.pdf"), anas.GetAsync($"/escalations/{anaIds[1]}/brief.pdf") };
        await RunningAsync(2);
        using var anasThird = await anas.GetAsync($"/escalations/{anaIds[2]}/brief.pdf");
        await AssertBusyAsync(anasThird);

        // Bob's takes the last of the three overall; Carl, with none of his own running, is refused too.
        running.Add(bobs.GetAsync($"/escalations/{bobId}/brief.pdf"));
        await RunningAsync(3);
        using var carls429 = await carls.GetAsync($"/escalations/{carlId}/brief.pdf");
        await AssertBusyAsync(carls429);

        _pdf.Open.Set();
        foreach (var response in await Task.WhenAll(running)) Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await carls.GetAsync($"/escalations/{carlId}/brief.pdf")).StatusCode);
        Assert.Equal(4, _pdf.Started);
    }

    private static async Task AssertBusyAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(1), response.Headers.RetryAfter?.Delta);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("Too many PDFs are being made right now. Try again in 1 second.", await response.Content.ReadAsStringAsync());
    }

    private async Task RunningAsync(int count)
    {
        for (var i = 0; i < 200 && _pdf.Running < count; i++) await Task.Delay(50);
        Assert.Equal(count, _pdf.Running);
    }

    private Task<int> DraftAsync(TestUser user, string summary) => DraftAsync(_server, user, summary);

    private async Task<int> ExportsAsync(int id)
    {
        await using var db = await _server.Services.GetRequiredService<IDbContextFactory<EscalationDeskDbContext>>().CreateDbContextAsync();
        return await db.Timeline.CountAsync(t => t.EscalationId == id && t.Kind == TimelineKinds.Exported);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        _pdf.Open.Set();
        await _server.DisposeAsync();
    }

    internal static async Task<int> DraftAsync(AppServer server, TestUser user, string summary)
    {
        await using var scope = await server.ScopeAsAsync(user);
        var id = await scope.ServiceProvider.GetRequiredService<DraftsService>().CreateAsync();
        var wizard = scope.ServiceProvider.GetRequiredService<WizardService>();
        var draft = (await wizard.LoadAsync(id))!;
        draft.Content.Understand.Summary = summary;
        await wizard.SaveAsync(id, draft.Content, 6, draft.Version);
        return id;
    }

    // The real renderer, counted; while Open is reset, renders wait (up to 30 s), so a test can keep them running.
    internal sealed class CountingPdf(IBriefPdf real) : IBriefPdf
    {
        private int _started, _running;
        public int Started => _started;
        public int Running => _running;
        public ManualResetEventSlim Open { get; } = new(true);

        public byte[] Render(BriefPdfRequest request)
        {
            Interlocked.Increment(ref _started);
            Interlocked.Increment(ref _running);
            try
            {
                Open.Wait(TimeSpan.FromSeconds(30));
                return real.Render(request);
            }
            finally
            {
                Interlocked.Decrement(ref _running);
            }
        }
    }
}

// The download button when the server refuses a PDF for now: its own app with one render per user, kept running.
[Collection(BrowserCollection.Name)]
public sealed class BriefPdfBusyJourneyTests(BrowserFixture browser)
{
    [Fact]
    public async Task The_download_button_says_to_try_again_when_too_many_pdfs_are_being_made()
    {
        var pdf = new BriefPdfLimitTests.CountingPdf(new PdfSharpBriefPdf(new PdfOptions()));
        await using var server = new AppServer(
            new Dictionary<string, string?> { ["Pdf:RendersPerUser"] = "1", ["Pdf:QueueSeconds"] = "0.5" },
            services => services.AddSingleton<IBriefPdf>(pdf));
        var ana = await server.CreateUserAsync(Roles.Agent);
        var id = await BriefPdfLimitTests.DraftAsync(server, ana, "Exports time out");
        var other = await BriefPdfLimitTests.DraftAsync(server, ana, "Another one");
        using var client = await server.SignedInClientAsync(ana);
        var page = await browser.NewAnonymousPageAsync(o => o.BaseURL = server.BaseUrl);
        await BrowserFixture.SignInAsync(page, ana);
        await page.GotoAsync($"/escalations/{id}");
        await new WizardPageObject(page).WaitInteractiveAsync();

        pdf.Open.Reset();
        var running = client.GetAsync($"/escalations/{other}/brief.pdf");
        for (var i = 0; i < 200 && pdf.Running < 1; i++) await Task.Delay(50);
        await page.GetByRole(AriaRole.Button, new() { Name = "Download PDF" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Too many PDFs are being made right now. Try again in 1 second.");
        pdf.Open.Set();
        Assert.Equal(System.Net.HttpStatusCode.OK, (await running).StatusCode);
        await page.Context.CloseAsync();
    }
}

using System.Net;
using EscalationDesk.Data;
using EscalationDesk.Features.Briefs;
using EscalationDesk.Features.Drafts;
using EscalationDesk.Features.Escalations;
using EscalationDesk.Features.Wizard;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using UglyToad.PdfPig;

namespace EscalationDesk.Tests.EndToEnd;

// A share link opened by someone without an account: the one brief and its PDF, nothing else, not indexed; every view on the
// timeline with the reader's network; revoked, expired and unknown links all 404; its own rate limit.
public sealed class ShareLinkEndpointTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.UtcNow);
    private readonly AppServer _server;
    private TestUser _agent = default!;

    public ShareLinkEndpointTests() => _server = new(new Dictionary<string, string?> { ["RateLimits:Share:PermitLimit"] = "8" },
        services => services.AddSingleton<TimeProvider>(_clock));
    private async Task<(int Id, CreatedShareLink Link)> SharedAsync(BriefAudience audience, bool latest = false)
    {
        await using var scope = await _server.ScopeAsAsync(_agent);
        var id = await scope.ServiceProvider.GetRequiredService<DraftsService>().CreateAsync();
        var wizard = scope.ServiceProvider.GetRequiredService<WizardService>();
        var draft = (await wizard.LoadAsync(id))!;
        draft.Content.Understand.Summary = "Checkout fails for EU cards";
        draft.Content.Understand.WhatsBroken = "Card payments from EU banks are declined.";
        draft.Content.Impact.ArrAtRisk = 123_456m;
        draft.Content.Impact.SeveritySignals.Add("production-down");
        await wizard.SaveAsync(id, draft.Content, 6, draft.Version);
        var (link, error) = await scope.ServiceProvider.GetRequiredService<ShareLinks>().CreateAsync(id, audience, 7, latest);
        Assert.Null(error);
        return (id, link!);
    }

    private async Task<List<string>> SharedTimelineAsync(int id)
    {
        using var scope = _server.Services.CreateScope();
        await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<EscalationDeskDbContext>>().CreateDbContextAsync();
        return await db.Timeline.Where(t => t.EscalationId == id && t.Kind == TimelineKinds.Shared).OrderBy(t => t.Id).Select(t => t.Detail).ToListAsync();
    }

    [Fact]
    public async Task Anyone_with_the_link_reads_that_brief_alone_and_each_view_is_on_the_timeline()
    {
        var (id, link) = await SharedAsync(BriefAudience.Customer);
        using var anonymous = _server.AnonymousClient();

        var page = await anonymous.GetAsync(link.Path);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("noindex, nofollow", page.Headers.GetValues("X-Robots-Tag").Single());
        Assert.Contains("default-src 'self'", page.Headers.GetValues("Content-Security-Policy").Single());
        var html = WebUtility.HtmlDecode(await page.Content.ReadAsStringAsync());
        Assert.Contains("<meta name=\"robots\" content=\"noindex, nofollow\">", html);
        Assert.Contains($"Customer brief · ESC-{id} v1", html);
        Assert.Contains("Card payments from EU banks are declined.", html);
        Assert.DoesNotContain("123,456", html);
        Assert.DoesNotContain("<nav", html);
        Assert.DoesNotContain("/_framework/blazor", html);

        var pdf = await anonymous.GetAsync($"{link.Path}/brief.pdf");
        Assert.Equal(HttpStatusCode.OK, pdf.StatusCode);
        using (var document = PdfDocument.Open(await pdf.Content.ReadAsByteArrayAsync()))
            Assert.Contains($"ESC-{id} v1", string.Join(" ", document.GetPage(1).GetWords().Select(w => w.Text)));

        var timeline = await SharedTimelineAsync(id);
        Assert.StartsWith($"Share link #{link.Link.Id} created: Customer, v1, expires ", timeline[0]);
        Assert.Equal($"Share link #{link.Link.Id} viewed from 127.0.0.0/24", timeline[1]);
        Assert.Equal($"Share link #{link.Link.Id} PDF downloaded from 127.0.0.0/24", timeline[2]);
    }

    [Fact]
    public async Task A_revoked_an_expired_and_an_unknown_link_all_answer_404_and_count_nothing()
    {
        var (id, link) = await SharedAsync(BriefAudience.Leadership, latest: true);
        using var anonymous = _server.AnonymousClient();
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync(link.Path)).StatusCode);

        await using (var scope = await _server.ScopeAsAsync(_agent))
            Assert.True(await scope.ServiceProvider.GetRequiredService<ShareLinks>().RevokeAsync(id, link.Link.Id));
        var revoked = await anonymous.GetAsync(link.Path);
        Assert.Equal(HttpStatusCode.NotFound, revoked.StatusCode);
        Assert.Contains("This link is not available", await revoked.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync($"{link.Path}/brief.pdf")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync(ShareLinks.PathOf(new string('A', 43)))).StatusCode);

        var (_, expiring) = await SharedAsync(BriefAudience.Engineering);
        _clock.Advance(TimeSpan.FromDays(7) + TimeSpan.FromMinutes(1));
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync(expiring.Path)).StatusCode);

        await using (var scope = await _server.ScopeAsAsync(_agent))
            Assert.Equal(1, (await scope.ServiceProvider.GetRequiredService<ShareLinks>().ListAsync(id)).Single().Views);
        Assert.Equal(3, (await SharedTimelineAsync(id)).Count);   // created, one view, revoked
    }

    [Fact]
    public async Task Always_the_latest_shows_the_record_as_it_is_and_the_token_is_not_stored()
    {
        var (id, link) = await SharedAsync(BriefAudience.Leadership, latest: true);
        await using (var scope = await _server.ScopeAsAsync(_agent))
        {
            var wizard = scope.ServiceProvider.GetRequiredService<WizardService>();
            var draft = (await wizard.LoadAsync(id))!;
            draft.Content.Understand.Summary = "Checkout fails for all cards";
            await wizard.SaveAsync(id, draft.Content, 6, draft.Version);
            await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<EscalationDeskDbContext>>().CreateDbContextAsync();
            Assert.False(await db.Set<ShareLink>().AnyAsync(l => l.TokenHash.Contains(link.Token)));
        }
        using var anonymous = _server.AnonymousClient();
        var html = WebUtility.HtmlDecode(await (await anonymous.GetAsync(link.Path)).Content.ReadAsStringAsync());
        Assert.Contains("Checkout fails for all cards", html);
        Assert.Contains("Executive Summary", html);
        Assert.Contains("123,456", html);
    }

    [Fact]
    public async Task Opening_links_is_rate_limited_per_address()
    {
        var (_, link) = await SharedAsync(BriefAudience.Customer);
        using var anonymous = _server.AnonymousClient();
        var codes = new List<HttpStatusCode>();
        for (var i = 0; i < 10; i++) codes.Add((await anonymous.GetAsync(ShareLinks.PathOf(new string('B', 43)))).StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, codes[^1]);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await anonymous.GetAsync(link.Path)).StatusCode);
    }

    public async Task InitializeAsync() => _agent = await _server.CreateUserAsync(EscalationDesk.Features.Users.Roles.Agent);

    public async Task DisposeAsync() => await _server.DisposeAsync();
}

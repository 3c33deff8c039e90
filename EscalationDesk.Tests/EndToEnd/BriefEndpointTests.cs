using System.Net;
using EscalationDesk.Data;
using EscalationDesk.Features.Drafts;
using EscalationDesk.Features.Wizard;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using UglyToad.PdfPig;

namespace EscalationDesk.Tests.EndToEnd;

public sealed class BriefEndpointTests : IAsyncLifetime
{
    private readonly AppServer _server = new();
    private HttpClient _client = default!;
    private TestUser _agent = default!;

    private async Task<int> DraftAsync(string summary)
    {
        await using var scope = await _server.ScopeAsAsync(_agent);
        var id = await scope.ServiceProvider.GetRequiredService<DraftsService>().CreateAsync();
        var wizard = scope.ServiceProvider.GetRequiredService<WizardService>();
        var draft = (await wizard.LoadAsync(id))!;
        draft.Content.Understand.Summary = summary;
        draft.Content.Impact.SeveritySignals.Add("production-down");
        await wizard.SaveAsync(id, draft.Content, 6, draft.Version);
        return id;
    }

    [Fact]
    public async Task A_draft_downloads_as_markdown_with_its_slugged_file_name_and_the_export_is_recorded()
    {
        var id = await DraftAsync("Checkout fails: 500 on “Pay now”!");

        var response = await _client.GetAsync($"/escalations/{id}/brief.md");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/markdown; charset=utf-8", response.Content.Headers.ContentType!.ToString());
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition!.DispositionType);
        Assert.Equal($"ESC-{id}-checkout-fails-500-on-pay-now.md", response.Content.Headers.ContentDisposition.FileNameStar);
        var text = await response.Content.ReadAsStringAsync();
        Assert.StartsWith("## ESCALATION: Checkout fails: 500 on “Pay now”!\n\n**Severity:** Critical", text);
        Assert.Equal(["Brief exported as Markdown"], await ExportsAsync(id));
    }

    [Fact]
    public async Task A_draft_downloads_as_a_pdf_and_the_export_is_recorded()
    {
        var id = await DraftAsync("Checkout fails for EU cards");

        var response = await _client.GetAsync($"/escalations/{id}/brief.pdf");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/pdf", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal($"ESC-{id}-checkout-fails-for-eu-cards.pdf", response.Content.Headers.ContentDisposition!.FileNameStar);
        using var pdf = PdfDocument.Open(await response.Content.ReadAsByteArrayAsync());
        Assert.Contains("Checkout fails for EU cards", string.Join(" ", pdf.GetPage(1).GetWords().Select(w => w.Text)));
        Assert.Equal(["Brief exported as PDF"], await ExportsAsync(id));
    }

    [Fact]
    public async Task Each_audience_downloads_its_own_rendering_named_for_it_and_the_export_says_which()
    {
        var id = await DraftAsync("Checkout fails for EU cards");

        var leadership = await _client.GetAsync($"/escalations/{id}/brief.md?audience=leadership");
        Assert.Equal(HttpStatusCode.OK, leadership.StatusCode);
        Assert.Equal($"ESC-{id}-leadership-checkout-fails-for-eu-cards.md", leadership.Content.Headers.ContentDisposition!.FileNameStar);
        Assert.Contains("**Date:**", await leadership.Content.ReadAsStringAsync());
        Assert.Contains("\n### Executive Summary\nCritical: Checkout fails for EU cards", await leadership.Content.ReadAsStringAsync());

        var customer = await _client.GetAsync($"/escalations/{id}/brief.pdf?audience=Customer");
        Assert.Equal(HttpStatusCode.OK, customer.StatusCode);
        Assert.Equal($"ESC-{id}-customer-checkout-fails-for-eu-cards.pdf", customer.Content.Headers.ContentDisposition!.FileNameStar);
        using var pdf = PdfDocument.Open(await customer.Content.ReadAsByteArrayAsync());
        var first = string.Join(" ", pdf.GetPage(1).GetWords().Select(w => w.Text));
        Assert.Contains("DRAFT", first);
        Assert.Contains("What We Know", first);
        Assert.DoesNotContain("CRITICAL", first);
        Assert.DoesNotContain("Critical", first);

        Assert.Equal(["Brief exported as Markdown (Leadership)", "Brief exported as PDF (Customer)"], await ExportsAsync(id));
    }

    [Theory]
    [InlineData("brief.md")]
    [InlineData("brief.pdf")]
    public async Task An_unknown_audience_is_refused_with_the_choices(string file)
    {
        var id = await DraftAsync("Checkout fails for EU cards");

        var response = await _client.GetAsync($"/escalations/{id}/{file}?audience=board");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        Assert.Contains("Choose one of standard, engineering, leadership or customer.", await response.Content.ReadAsStringAsync());
        Assert.Empty(await ExportsAsync(id));
    }

    [Theory]
    [InlineData("/escalations/99999/brief.md")]
    [InlineData("/escalations/99999/brief.pdf")]
    public async Task An_unknown_escalation_is_not_found(string url)
    {
        Assert.Equal(HttpStatusCode.NotFound, (await _client.GetAsync(url)).StatusCode);
    }

    private async Task<List<string>> ExportsAsync(int id)
    {
        using var scope = _server.Services.CreateScope();
        await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<EscalationDeskDbContext>>().CreateDbContextAsync();
        return await db.Timeline.Where(t => t.EscalationId == id && t.Kind == TimelineKinds.Exported).Select(t => t.Detail).ToListAsync();
    }

    public async Task InitializeAsync()
    {
        _agent = await _server.CreateUserAsync(EscalationDesk.Features.Users.Roles.Agent);
        _client = await _server.SignedInClientAsync(_agent);
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _server.DisposeAsync();
    }
}

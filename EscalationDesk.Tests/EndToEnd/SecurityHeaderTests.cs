using System.Net;
using System.Net.Http.Headers;
using EscalationDesk.Features.Drafts;
using EscalationDesk.Features.Wizard;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.CookiePolicy;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace EscalationDesk.Tests.EndToEnd;

public sealed class SecurityHeaderTests : IAsyncLifetime
{
    private readonly AppServer _server = new();
    private readonly HttpClient _client;

    public SecurityHeaderTests() => _client = new HttpClient { BaseAddress = new Uri(_server.BaseUrl) };

    [Theory]
    [InlineData("/")]                                    // a page
    [InlineData("/queue")]
    [InlineData("/_content/MudBlazor/MudBlazor.min.css")] // a static file
    [InlineData("/queue.csv")]                           // an endpoint
    [InlineData("/no-such-page")]                        // the not-found page
    public async Task Every_response_carries_the_security_headers(string url)
    {
        using var response = await _client.GetAsync(url);

        var csp = Header(response, "Content-Security-Policy");
        Assert.Contains("default-src 'self'", csp);
        Assert.Contains("object-src 'none'", csp);
        Assert.Contains("frame-ancestors 'none'", csp);
        Assert.Contains("base-uri 'self'", csp);
        Assert.DoesNotContain("unsafe-eval", csp);
        var scripts = csp.Split(';', StringSplitOptions.TrimEntries).Single(d => d.StartsWith("script-src "));
        Assert.Matches("^script-src 'self' 'nonce-[A-Za-z0-9+/=]{24}'$", scripts);
        Assert.Equal("nosniff", Header(response, "X-Content-Type-Options"));
        Assert.Equal("no-referrer", Header(response, "Referrer-Policy"));
    }

    [Fact]
    public async Task Evidence_is_a_sandboxed_download_never_a_page_of_our_origin()
    {
        int id, attachmentId;
        using (var scope = _server.Services.CreateScope())
        {
            id = await scope.ServiceProvider.GetRequiredService<DraftsService>().CreateAsync();
            using var log = new MemoryStream("<html><script>alert(1)</script></html>"u8.ToArray());
            attachmentId = (await scope.ServiceProvider.GetRequiredService<EvidenceService>().AddAsync(id, "console.log", log)).Id;
        }

        using var response = await _client.GetAsync($"/escalations/{id}/evidence/{attachmentId}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition!.DispositionType);
        Assert.Equal("text/plain", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("nosniff", Header(response, "X-Content-Type-Options"));
        Assert.StartsWith("sandbox", Header(response, "Content-Security-Policy"));
    }

    [Fact]
    public async Task A_form_post_without_an_antiforgery_token_is_rejected()
    {
        using var response = await _client.PostAsync("/", new FormUrlEncodedContent(new Dictionary<string, string> { ["_handler"] = "discard" }));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Theory]
    [InlineData("/queue.csv")]
    [InlineData("/reports/digest.pdf")]
    [InlineData("/escalations/1/brief.md")]
    [InlineData("/escalations/1/evidence/1")]
    public async Task Downloads_do_not_answer_a_post(string url)
    {
        using var response = await _client.PostAsync(url, new StringContent(""));

        // 405, which the status-code page re-executes as a POST of /not-found, which antiforgery refuses with 400.
        Assert.Contains(response.StatusCode, new[] { HttpStatusCode.MethodNotAllowed, HttpStatusCode.BadRequest });
    }

    // In-memory server: TestServer marks a request to an https:// address as HTTPS, which is the only case
    // in which the HSTS middleware answers (and not for localhost, which it exempts by design).
    [Theory]
    [InlineData("Production", "https://desk.example.com", true)]
    [InlineData("Production", "http://desk.example.com", false)]
    [InlineData("Development", "https://desk.example.com", false)]
    public async Task HSTS_is_sent_over_HTTPS_outside_Development(string environment, string address, bool expected)
    {
        await using var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
        {
            b.UseEnvironment(environment);
            b.UseSetting("ConnectionStrings:EscalationDesk", $"Data Source={_server.DatabasePath}");
        });
        using var client = factory.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri(address), AllowAutoRedirect = false });

        using var response = await client.GetAsync("/queue");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(expected, response.Headers.TryGetValues("Strict-Transport-Security", out var hsts));
        if (expected) Assert.Contains("max-age=31536000", hsts!.Single());
    }

    // No page sets a cookie before sign-in exists, so this checks the policy every cookie passes through
    // (UseCookiePolicy rewrites cookies appended by antiforgery and authentication alike).
    [Theory]
    [InlineData("Production", CookieSecurePolicy.Always)]
    [InlineData("Development", CookieSecurePolicy.SameAsRequest)]
    public async Task Cookies_are_HttpOnly_and_Lax_or_stricter_and_Secure_outside_Development(string environment, CookieSecurePolicy secure)
    {
        await using var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
        {
            b.UseEnvironment(environment);
            b.UseSetting("ConnectionStrings:EscalationDesk", $"Data Source={_server.DatabasePath}");
        });

        var policy = factory.Services.GetRequiredService<IOptions<CookiePolicyOptions>>().Value;

        Assert.Equal(HttpOnlyPolicy.Always, policy.HttpOnly);
        Assert.Equal(secure, policy.Secure);
        Assert.Equal(SameSiteMode.Lax, policy.MinimumSameSitePolicy);
    }

    private static string Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) || response.Content.Headers.TryGetValues(name, out values)
            ? string.Join(", ", values)
            : throw new Xunit.Sdk.XunitException($"{name} is missing on {response.RequestMessage!.RequestUri}");

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _server.DisposeAsync();
    }
}

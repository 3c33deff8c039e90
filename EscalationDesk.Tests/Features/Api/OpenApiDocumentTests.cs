using System.Net;
using Microsoft.OpenApi;

namespace EscalationDesk.Tests.Features.Api;

public sealed class OpenApiDocumentTests(ApiFixture app) : IClassFixture<ApiFixture>
{
    private async Task<(OpenApiDocument Document, string Json)> DocumentAsync()
    {
        var response = await app.Server.AnonymousClient().GetAsync("/openapi/v1.json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var json = await response.Content.ReadAsStringAsync();
        var read = OpenApiDocument.Parse(json, "json");
        Assert.Empty(read.Diagnostic!.Errors);
        Assert.StartsWith("OpenApi3", read.Diagnostic.SpecificationVersion.ToString());
        return (read.Document!, json);
    }

    [Fact]
    public async Task The_document_parses_as_OpenAPI_3_with_every_endpoint_the_bearer_scheme_and_the_errors()
    {
        var (document, _) = await DocumentAsync();

        var operations = document.Paths.SelectMany(p => p.Value.Operations!.Select(o => $"{o.Key.Method} {p.Key}")).ToHashSet();
        string[] expected =
        [
            "GET /api/v1/escalations", "POST /api/v1/escalations", "GET /api/v1/escalations/{id}", "PATCH /api/v1/escalations/{id}",
            "GET /api/v1/escalations/{id}/timeline", "GET /api/v1/escalations/{id}/brief.md", "GET /api/v1/escalations/{id}/brief.pdf",
            "POST /api/v1/escalations/{id}/escalate", "POST /api/v1/escalations/{id}/acknowledge", "POST /api/v1/escalations/{id}/follow-up",
            "POST /api/v1/escalations/{id}/customer-update", "POST /api/v1/escalations/{id}/severity", "POST /api/v1/escalations/{id}/de-escalate",
            "POST /api/v1/escalations/{id}/resolve", "POST /api/v1/escalations/{id}/close",
        ];
        Assert.Empty(expected.Except(operations));

        var scheme = document.Components!.SecuritySchemes!["bearer"];
        Assert.Equal(SecuritySchemeType.Http, scheme.Type);
        Assert.Equal("bearer", scheme.Scheme);
        Assert.NotEmpty(document.Security!);
        foreach (var (path, item) in document.Paths.Where(p => p.Key.StartsWith("/api/v1/escalations", StringComparison.Ordinal)))
            foreach (var (method, operation) in item.Operations!)
            {
                Assert.True(operation.Responses!.ContainsKey("401") && operation.Responses.ContainsKey("403"), $"{method} {path} lists 401 and 403");
                Assert.Contains("application/problem+json", operation.Responses["401"].Content!.Keys);
            }
        Assert.Contains("422", document.Paths["/api/v1/escalations"].Operations![HttpMethod.Post].Responses!.Keys);
        Assert.Contains("412", document.Paths["/api/v1/escalations/{id}"].Operations![HttpMethod.Patch].Responses!.Keys);
        Assert.Contains("EscalationResource", document.Components.Schemas!.Keys);
    }

    [Fact]
    public async Task Every_GET_in_the_document_answers_a_status_it_lists()
    {
        var (document, _) = await DocumentAsync();
        var (_, client) = await app.UserAsync();
        var id = (await client.CreateAsync()).Id();

        var checkedPaths = 0;
        foreach (var (path, item) in document.Paths)
        {
            if (item.Operations!.GetValueOrDefault(HttpMethod.Get) is not { } get) continue;
            var url = path.Replace("{id}", id.ToString(System.Globalization.CultureInfo.InvariantCulture));
            foreach (var (target, expectOk) in new[] { (url, true), (path.Replace("{id}", "999999"), !path.Contains("{id}")) })
            {
                var response = await client.GetAsync(target);
                var status = ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture);
                Assert.True(get.Responses!.ContainsKey(status), $"GET {target} answered {status}, not listed in the document");
                if (expectOk) Assert.True(response.IsSuccessStatusCode, $"GET {target} answered {status}");
            }
            checkedPaths++;
        }
        Assert.True(checkedPaths >= 5);
    }

    [Fact]
    public async Task The_reference_at_api_docs_is_for_signed_in_users()
    {
        Assert.NotEqual(HttpStatusCode.OK, (await app.Server.AnonymousClient().GetAsync("/api/docs/")).StatusCode);
        var user = await app.Server.CreateUserAsync(EscalationDesk.Features.Users.Roles.Agent);
        var signedIn = await app.Server.SignedInClientAsync(user);
        var page = await signedIn.GetAsync("/api/docs/");
        Assert.True(page.StatusCode == HttpStatusCode.OK, $"{page.StatusCode} {page.Headers.Location}");
        // As the browser reads the attributes (the nonce may be written with character references).
        var html = WebUtility.HtmlDecode(await page.Content.ReadAsStringAsync());
        Assert.Contains($"{app.Server.BaseUrl}/openapi/v1.json", html);
        // Its inline script runs under the page's Content-Security-Policy: it carries that response's nonce.
        var nonce = System.Text.RegularExpressions.Regex.Match(page.Headers.GetValues("Content-Security-Policy").Single(), "'nonce-([^']+)'").Groups[1].Value;
        Assert.Contains($"nonce=\"{nonce}\"", html);
    }
}

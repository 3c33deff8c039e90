using System.Net;
using System.Text.RegularExpressions;
using EscalationDesk.Data;
using EscalationDesk.Features.Drafts;
using EscalationDesk.Features.Users;
using EscalationDesk.Features.Wizard;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace EscalationDesk.Tests.EndToEnd;

// Sign-in and authorization over real HTTP against the real app.
public sealed class AuthorizationTests : IAsyncLifetime
{
    private readonly AppServer _server = new();

    // The only endpoints anyone may reach without signing in (/health, /health/live and /health/ready, for load balancers, answer only which checks pass); static files
    // are recognised by their metadata.
    // The API's OpenAPI document describes endpoints, not data: public, as API references are; so are the reference page's own
    // script and icon files (Scalar's; the page itself at /api/docs/ needs a signed-in user).
    // The helpdesks' webhooks carry no user: each checks its platform's signature instead (InboundWebhookTests).
    private static readonly string[] Anonymous = ["/account/login", "/setup", "/not-found", "/health", "/health/live", "/health/ready", "/openapi/v1.json",
        "/api/docs/scalar.js", "/api/docs/scalar.aspnetcore.js", "/api/docs/favicon.svg", "/api/v1/inbound/zendesk", "/api/v1/inbound/zammad",
        // A share link's page and PDF: the long random token in the path is the permission (ShareLinkEndpointTests).
        "/share/{token}", "/share/{token}/brief.pdf"];

    [Fact]
    public async Task Every_page_and_endpoint_sends_an_anonymous_visitor_to_sign_in_or_answers_401()
    {
        var endpoints = _server.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<Microsoft.AspNetCore.StaticAssets.StaticAssetDescriptor>() is null).ToList();
        var patterns = endpoints.Select(e => "/" + e.RoutePattern.RawText!.TrimStart('/')).ToHashSet();
        // The enumeration really holds the app's endpoints, so a new one is checked the moment it is mapped.
        Assert.Superset(new HashSet<string>
        {
            "/escalations/{id:int}/brief.md", "/escalations/{id:int}/brief.pdf", "/reports/digest.pdf", "/queue.csv",
            "/escalations/{id:int}/evidence/{attachmentId:int}", "/account/logout", "/queue", "/dashboard", "/admin/users", "/",
        }, patterns);

        using var client = _server.AnonymousClient();
        var unprotected = new List<string>();
        foreach (var endpoint in endpoints)
        {
            var pattern = "/" + endpoint.RoutePattern.RawText!.TrimStart('/');
            if (endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null)
            {
                if (!Anonymous.Contains(pattern)) unprotected.Add($"{pattern} allows anonymous access");
                continue;
            }
            var url = Regex.Replace(pattern, @"\{\*?(\w+)(:int)?[^}]*\}", m => m.Groups[2].Success ? "1" : "x");
            var method = endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods.FirstOrDefault() ?? "GET";
            using var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), url));
            var toLogin = response.StatusCode == HttpStatusCode.Redirect && response.Headers.Location!.OriginalString.Contains("/account/login");
            if (response.StatusCode != HttpStatusCode.Unauthorized && !toLogin)
                unprotected.Add($"{method} {url}: {(int)response.StatusCode}");
        }
        Assert.Empty(unprotected);
        // Pages redirect to sign in; downloads answer 401 rather than a redirect a script would follow.
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/queue")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/queue.csv")).StatusCode);
    }

    [Fact]
    public async Task An_agent_gets_404_for_another_agents_draft_by_url_download_or_file_and_a_lead_gets_it()
    {
        var ana = await _server.CreateUserAsync(Roles.Agent);
        var bob = await _server.CreateUserAsync(Roles.Agent);
        var (id, attachment) = await DraftAsync(ana, "Initech payroll secret draft");

        using var bobs = await _server.SignedInClientAsync(bob);
        foreach (var url in new[] { $"/escalations/{id}/brief.md", $"/escalations/{id}/brief.pdf", $"/escalations/{id}/evidence/{attachment}" })
            Assert.Equal(HttpStatusCode.NotFound, (await bobs.GetAsync(url)).StatusCode);
        foreach (var url in new[] { $"/escalations/{id}", $"/escalations/{id}/edit?step=1" })
        {
            using var response = await bobs.GetAsync(url);
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            var html = await response.Content.ReadAsStringAsync();
            Assert.DoesNotContain("Initech payroll", html);
            Assert.Contains("Not found", html);
        }

        using var anas = await _server.SignedInClientAsync(ana);
        Assert.Contains("Initech payroll secret draft", await anas.GetStringAsync($"/escalations/{id}/brief.md"));
        using var lead = await _server.SignedInClientAsync(await _server.CreateUserAsync(Roles.Lead));
        Assert.Contains("Initech payroll secret draft", await lead.GetStringAsync($"/escalations/{id}/brief.md"));
        Assert.Contains("Initech payroll secret draft", await lead.GetStringAsync($"/escalations/{id}/edit?step=1"));
    }

    [Theory]
    [InlineData(Roles.Agent, "/admin/users", 404)]
    [InlineData(Roles.Agent, "/settings", 404)]
    [InlineData(Roles.Agent, "/dashboard", 404)]
    [InlineData(Roles.Agent, "/reports/digest.pdf", 404)]
    [InlineData(Roles.Agent, "/queue", 200)]
    [InlineData(Roles.Lead, "/dashboard", 200)]
    [InlineData(Roles.Lead, "/reports/digest.pdf", 200)]
    [InlineData(Roles.Lead, "/admin/users", 404)]
    [InlineData(Roles.Lead, "/settings", 404)]
    [InlineData(Roles.Admin, "/admin/users", 200)]
    [InlineData(Roles.Admin, "/settings", 200)]
    [InlineData(Roles.Admin, "/dashboard", 200)]
    [InlineData(Roles.Agent, "/admin/connections", 404)]
    [InlineData(Roles.Lead, "/admin/connections", 404)]
    [InlineData(Roles.Admin, "/admin/connections", 200)]
    [InlineData(Roles.Agent, "/admin/webhooks", 404)]
    [InlineData(Roles.Lead, "/admin/webhooks", 404)]
    [InlineData(Roles.Admin, "/admin/webhooks", 200)]
    public async Task Each_role_reaches_its_own_pages_and_the_rest_are_not_found(string role, string url, int status)
    {
        using var client = await _server.SignedInClientAsync(await _server.CreateUserAsync(role));
        Assert.Equal(status, (int)(await client.GetAsync(url)).StatusCode);
    }

    [Fact]
    public async Task A_disabled_users_session_stops_at_its_next_request_and_they_cannot_sign_in_again()
    {
        var user = await _server.CreateUserAsync(Roles.Agent);
        using var client = await _server.SignedInClientAsync(user);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/queue.csv")).StatusCode);

        await using (var scope = _server.Services.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<UserDirectory>().SetDisabledAsync(user.Id, disabled: true);

        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/queue.csv")).StatusCode);
        var page = await client.GetAsync("/queue");
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        var again = await AppServer.PostLoginAsync(client, user.Email, user.Password);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Contains("or the account is disabled", await again.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Signing_out_is_a_post_with_the_antiforgery_token_and_ends_the_session()
    {
        var user = await _server.CreateUserAsync(Roles.Agent);
        using var client = await _server.SignedInClientAsync(user);
        // Without the token (as another site's form would post) nothing happens.
        Assert.Equal(HttpStatusCode.BadRequest, (await client.PostAsync("/account/logout", new FormUrlEncodedContent([]))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/queue.csv")).StatusCode);

        var home = await client.GetStringAsync("/");
        var token = Regex.Match(home, "name=\"__RequestVerificationToken\" value=\"([^\"]+)\"").Groups[1].Value;
        var signOut = await client.PostAsync("/account/logout", new FormUrlEncodedContent([new("__RequestVerificationToken", token)]));
        Assert.Equal(HttpStatusCode.Redirect, signOut.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/queue.csv")).StatusCode);
    }

    [Fact]
    public async Task Users_add_reads_the_password_from_standard_input_and_the_new_user_can_sign_in()
    {
        var output = new StringWriter();
        var command = UsersCommand.Parse(["users", "add", "--email", "cli@test.example", "--name", "Cli Lead", "--role", "Lead"])!;
        Assert.Equal(0, await UsersCommand.RunAsync(_server.Services, command, new StringReader("Cli-pass-1\n"), output));
        Assert.Contains("Added Cli Lead <cli@test.example> as Lead.", output.ToString());

        using var client = _server.AnonymousClient();
        Assert.Equal(HttpStatusCode.Redirect, (await AppServer.PostLoginAsync(client, "cli@test.example", "Cli-pass-1")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/dashboard")).StatusCode);

        var weak = new StringWriter();
        var second = UsersCommand.Parse(["users", "add", "--email", "weak@test.example", "--name", "Weak", "--role", "Agent"])!;
        Assert.Equal(1, await UsersCommand.RunAsync(_server.Services, second, new StringReader("short\n"), weak));
        Assert.Contains("Password: Passwords must be at least 6 characters.", weak.ToString());

        var list = new StringWriter();
        Assert.Equal(0, await UsersCommand.RunAsync(_server.Services, UsersCommand.Parse(["users", "list"])!, new StringReader(""), list));
        Assert.Contains("cli@test.example\tCli Lead\tLead\tactive", list.ToString());
        Assert.Equal(0, await UsersCommand.RunAsync(_server.Services, UsersCommand.Parse(["users", "disable", "--email", "cli@test.example"])!, new StringReader(""), new StringWriter()));
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/dashboard")).StatusCode);
    }

    private async Task<(int Id, int Attachment)> DraftAsync(TestUser owner, string summary)
    {
        await using var scope = await _server.ScopeAsAsync(owner);
        var id = await scope.ServiceProvider.GetRequiredService<DraftsService>().CreateAsync();
        var wizard = scope.ServiceProvider.GetRequiredService<WizardService>();
        var draft = (await wizard.LoadAsync(id))!;
        draft.Content.Understand.Summary = summary;
        await wizard.SaveAsync(id, draft.Content, 1, draft.Version);
        var file = await scope.ServiceProvider.GetRequiredService<EvidenceService>().AddAsync(id, "trace.log", new MemoryStream("secret trace"u8.ToArray()));
        return (id, file.Id);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _server.DisposeAsync();
}

// First run: /setup exists only until the first account is made.
public sealed class SetupTests : IAsyncLifetime
{
    private readonly AppServer _server = new();

    [Fact]
    public async Task The_first_visitor_creates_the_admin_at_setup_and_then_setup_is_gone()
    {
        using var first = _server.AnonymousClient();
        var invalid = await AppServer.PostFormAsync(first, "/setup", "setup", new()
        {
            ["Input.Email"] = "admin@test.example", ["Input.Name"] = "Ada Admin", ["Input.Password"] = "Admin-pass-1", ["Input.Confirm"] = "Other-pass-1",
        });
        Assert.Equal(HttpStatusCode.OK, invalid.StatusCode);
        var html = await invalid.Content.ReadAsStringAsync();
        Assert.Contains("The passwords differ.", html);
        Assert.Contains("value=\"Ada Admin\"", html);

        var created = await AppServer.PostFormAsync(first, "/setup", "setup", new()
        {
            ["Input.Email"] = "admin@test.example", ["Input.Name"] = "Ada Admin", ["Input.Password"] = "Admin-pass-1", ["Input.Confirm"] = "Admin-pass-1",
        });
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await first.GetAsync("/admin/users")).StatusCode);

        using var second = _server.AnonymousClient();
        Assert.Equal(HttpStatusCode.NotFound, (await second.GetAsync("/setup")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await first.GetAsync("/setup")).StatusCode);
        using var scope = _server.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var admin = Assert.Single(users.Users.ToList());
        Assert.True(await users.IsInRoleAsync(admin, Roles.Admin));
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _server.DisposeAsync();
}

using System.Net;
using System.Text.RegularExpressions;
using EscalationDesk.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace EscalationDesk.Tests.EndToEnd;

// Two hosts of the app on one database, as two instances behind a load balancer: what one instance signs or encrypts
// (the sign-in cookie, an antiforgery token) the other accepts, because the Data Protection keys live in that database.
public sealed class SharedKeysTests : IDisposable
{
    private readonly AppServer _a = new();
    private readonly AppServer _b;
    private readonly string _otherRoot = Directory.CreateTempSubdirectory("escalationdesk-instance-b-").FullName;

    public SharedKeysTests()
    {
        // Another content root, as another machine has: the keys' application name must not come from the install path.
        _b = new AppServer(new Dictionary<string, string?>
        {
            ["ConnectionStrings:EscalationDesk"] = $"Data Source={_a.DatabasePath}",
            ["contentRoot"] = _otherRoot,
        });
    }

    [Fact]
    public async Task A_sign_in_cookie_issued_by_one_instance_is_accepted_by_the_other()
    {
        var agent = await _a.CreateUserAsync("Agent");
        var (onA, onB) = Clients();
        Assert.Equal(HttpStatusCode.Redirect, (await AppServer.PostLoginAsync(onA, agent.Email, agent.Password)).StatusCode);

        var page = await onB.GetAsync("/queue");

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains(agent.Name, await page.Content.ReadAsStringAsync());
        await using var db = await _b.Services.GetRequiredService<IDbContextFactory<EscalationDeskDbContext>>().CreateDbContextAsync();
        Assert.NotEmpty(await db.DataProtectionKeys.ToListAsync());
    }

    [Fact]
    public async Task A_form_served_by_one_instance_can_be_posted_to_the_other()
    {
        var agent = await _a.CreateUserAsync("Agent");
        var (onA, onB) = Clients();
        var form = await onA.GetStringAsync("/account/login");
        var token = Regex.Match(form, "name=\"__RequestVerificationToken\" value=\"([^\"]+)\"").Groups[1].Value;

        var signIn = await onB.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "login", ["__RequestVerificationToken"] = token, ["Input.Email"] = agent.Email, ["Input.Password"] = agent.Password,
        }));

        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        Assert.DoesNotContain("/account/login", signIn.Headers.Location?.ToString() ?? "");
    }

    // One browser's cookie jar for both instances (same host, other ports), as behind one load balancer.
    private (HttpClient OnA, HttpClient OnB) Clients()
    {
        var handler = new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer() };
        _disposables.Add(handler);
        var clients = (new HttpClient(handler, false) { BaseAddress = new Uri(_a.BaseUrl) }, new HttpClient(handler, false) { BaseAddress = new Uri(_b.BaseUrl) });
        _disposables.AddRange([clients.Item1, clients.Item2]);
        return clients;
    }

    private readonly List<IDisposable> _disposables = [];

    public void Dispose()
    {
        foreach (var d in _disposables) d.Dispose();
        _b.Dispose();
        _a.Dispose();
        Directory.Delete(_otherRoot, recursive: true);
    }
}

using System.Net;
using System.Net.WebSockets;
using EscalationDesk.Features.Security;
using EscalationDesk.Features.Users;
using Microsoft.AspNetCore.Http;

namespace EscalationDesk.Tests.EndToEnd;

// The probe: a signed-in user's cookie, sent to the circuit from a page of another port or a sibling subdomain (the same
// site, so SameSite=Lax lets the cookie through). Over real HTTP and a real WebSocket.
public sealed class CircuitOriginTests : IAsyncLifetime
{
    private readonly AppServer _server = new();
    private readonly CookieContainer _cookies = new();
    private HttpClient _client = default!;
    private Uri Base => new(_server.BaseUrl);

    public async Task InitializeAsync()
    {
        _client = new HttpClient(new HttpClientHandler { CookieContainer = _cookies, AllowAutoRedirect = false }) { BaseAddress = Base };
        var agent = await _server.CreateUserAsync(Roles.Agent);
        Assert.Equal(HttpStatusCode.Redirect, (await AppServer.PostLoginAsync(_client, agent.Email, agent.Password)).StatusCode);
    }

    [Fact]
    public async Task Negotiate_from_the_apps_own_origin_is_accepted()
    {
        using var response = await NegotiateAsync(origin: _server.BaseUrl);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("connectionToken", await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("http://127.0.0.1:1")]      // another port of the same host
    [InlineData("https://127.0.0.1")]       // another scheme
    [InlineData("null")]                     // a sandboxed frame
    public async Task Negotiate_from_another_origin_is_refused(string origin)
    {
        using var response = await NegotiateAsync(origin);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.DoesNotContain("connectionToken", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Negotiate_from_a_sibling_subdomain_is_refused_and_from_the_apps_own_host_accepted()
    {
        // The app reached as app.example.test: its own origin passes, a page on files.example.test does not.
        var host = $"app.example.test:{Base.Port}";
        using var own = await NegotiateAsync($"http://{host}", host);
        using var sibling = await NegotiateAsync($"http://files.example.test:{Base.Port}", host);

        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, sibling.StatusCode);
    }

    [Fact]
    public async Task Another_spelling_of_the_hub_path_is_checked_too()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/_BLAZOR/negotiate?negotiateVersion=1");
        request.Headers.Add("Origin", "http://127.0.0.1:1");

        using var response = await _client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task A_browser_request_that_says_it_is_cross_site_is_refused_even_without_Origin()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/_blazor/negotiate?negotiateVersion=1");
        request.Headers.Add("Sec-Fetch-Site", "same-site");

        using var response = await _client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task The_circuits_WebSocket_opens_from_the_own_origin_and_is_refused_from_another_port()
    {
        using var own = await ConnectAsync(_server.BaseUrl);
        Assert.Equal(WebSocketState.Open, own.State);

        using var foreign = NewSocket("http://127.0.0.1:1");
        await Assert.ThrowsAsync<WebSocketException>(() => foreign.ConnectAsync(HubSocketUri, CancellationToken.None));
        Assert.Equal(HttpStatusCode.Forbidden, foreign.HttpStatusCode);
    }

    [Theory]
    [InlineData("https://desk.example.com", true)]
    [InlineData("https://desk.example.com/", true)]
    [InlineData("http://127.0.0.1:5000", false)]      // the request's own origin no longer counts once a list is set
    [InlineData("https://files.example.com", false)]
    public void A_configured_list_replaces_the_requests_own_origin(string origin, bool allowed)
    {
        var context = new DefaultHttpContext();
        context.Request.Scheme = "http";
        context.Request.Host = new HostString("127.0.0.1:5000");
        context.Request.Headers.Origin = origin;

        Assert.Equal(allowed, CircuitOrigin.IsAllowed(context.Request, new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "https://desk.example.com" }));
    }

    private Uri HubSocketUri => new($"ws://127.0.0.1:{Base.Port}/_blazor");

    private async Task<HttpResponseMessage> NegotiateAsync(string origin, string? host = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/_blazor/negotiate?negotiateVersion=1");
        request.Headers.Add("Origin", origin);
        if (host is not null) request.Headers.Host = host;
        return await _client.SendAsync(request);
    }

    // Without negotiation, as SignalR's WebSocket-only clients connect.
    private async Task<ClientWebSocket> ConnectAsync(string origin)
    {
        var socket = NewSocket(origin);
        await socket.ConnectAsync(HubSocketUri, CancellationToken.None);
        return socket;
    }

    private ClientWebSocket NewSocket(string origin)
    {
        var socket = new ClientWebSocket();
        socket.Options.Cookies = _cookies;
        socket.Options.CollectHttpResponseDetails = true;
        socket.Options.SetRequestHeader("Origin", origin);
        return socket;
    }

    public Task DisposeAsync()
    {
        _client.Dispose();
        return _server.DisposeAsync().AsTask();
    }
}

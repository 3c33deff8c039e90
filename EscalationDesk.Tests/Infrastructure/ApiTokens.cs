using System.Net.Http.Headers;
using EscalationDesk.Features.Api;
using EscalationDesk.Features.Users;
using EscalationDesk.Tests.EndToEnd;
using Microsoft.Extensions.DependencyInjection;

namespace EscalationDesk.Tests.Infrastructure;

// Personal access tokens for API tests: a real token made through TokenService, sent as Authorization: Bearer.
//   var token = await ApiTokens.CreateAsync(server.Services, user.Email, "read", "write");
//   using var client = server.AnonymousClient().WithToken(token);
public static class ApiTokens
{
    public static Task<string> CreateAsync(IServiceProvider services, string email, params string[] scopes) =>
        CreateAsync(services, email, days: null, scopes);

    // days: the token expires that many days after the app's clock (null: never).
    public static async Task<string> CreateAsync(IServiceProvider services, string email, int? days, params string[] scopes)
    {
        await using var scope = services.CreateAsyncScope();
        var userId = await scope.ServiceProvider.GetRequiredService<UserDirectory>().FindIdByEmailAsync(email);
        Assert.True(userId is not null, $"No user has the email {email}.");
        var created = await scope.ServiceProvider.GetRequiredService<TokenService>()
            .CreateAsync(userId!, "test " + Guid.NewGuid().ToString("N")[..8], scopes.Length > 0 ? scopes : [ApiAuth.ReadScope, ApiAuth.WriteScope], days);
        Assert.True(created.Token is not null, string.Join(" ", created.Errors.Select(e => e.Message)));
        return created.Token!;
    }

    // A client of the app that sends this token on every request (and keeps no cookies, follows no redirects).
    public static async Task<HttpClient> ClientAsync(AppServer server, TestUser user, params string[] scopes) =>
        server.AnonymousClient().WithToken(await CreateAsync(server.Services, user.Email, scopes));

    public static HttpClient WithToken(this HttpClient client, string token)
    {
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }
}

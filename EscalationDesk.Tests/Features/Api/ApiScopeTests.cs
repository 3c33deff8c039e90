using System.Net;
using EscalationDesk.Features.Api;
using EscalationDesk.Features.Users;

namespace EscalationDesk.Tests.Features.Api;

public sealed class ApiScopeTests(ApiFixture app) : IClassFixture<ApiFixture>
{
    [Fact]
    public async Task A_read_token_reads_and_may_not_write()
    {
        var (user, writer) = await app.UserAsync(Roles.Agent, ApiAuth.ReadScope, ApiAuth.WriteScope);
        var id = (await writer.CreateAsync()).Id();
        var reader = await EscalationDesk.Tests.Infrastructure.ApiTokens.ClientAsync(app.Server, user, ApiAuth.ReadScope);

        Assert.Equal(HttpStatusCode.OK, (await reader.GetAsync($"{Api.Escalations}/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await reader.GetAsync(Api.Escalations)).StatusCode);
        await Api.ProblemAsync(await reader.PostAsync(Api.Escalations, """{"fields": {}}"""), 403);
        await Api.ProblemAsync(await reader.PatchAsync($"{Api.Escalations}/{id}", """{"fields": {}}""", "\"2\""), 403);
        await Api.ProblemAsync(await reader.PostAsync($"{Api.Escalations}/{id}/escalate", ""), 403);
    }

    [Fact]
    public async Task A_write_only_token_may_not_read()
    {
        var (_, writer) = await app.UserAsync(Roles.Agent, ApiAuth.WriteScope);
        var created = await writer.PostAsync(Api.Escalations, """{"fields": {"understand": {"summary": "Write only"}}}""");
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        await Api.ProblemAsync(await writer.GetAsync(created.Headers.Location!.ToString()), 403);
        await Api.ProblemAsync(await writer.GetAsync(Api.Escalations), 403);
    }

    [Fact]
    public async Task No_token_a_bad_token_and_the_sign_in_cookie_are_401()
    {
        await Api.ProblemAsync(await app.Server.AnonymousClient().GetAsync(Api.Escalations), 401);
        var bad = app.Server.AnonymousClient();
        bad.DefaultRequestHeaders.Authorization = new("Bearer", "edk_not-a-token");
        await Api.ProblemAsync(await bad.GetAsync(Api.Escalations), 401);
        var user = await app.Server.CreateUserAsync(Roles.Agent);
        var cookie = await app.Server.SignedInClientAsync(user);
        await Api.ProblemAsync(await cookie.GetAsync(Api.Escalations), 401);
        await Api.ProblemAsync(await cookie.PostAsync(Api.Escalations, """{"fields": {}}"""), 401);
    }
}

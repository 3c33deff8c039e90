using System.Net;
using EscalationDesk.Features.Api;
using EscalationDesk.Features.Users;
using EscalationDesk.Tests.EndToEnd;
using EscalationDesk.Tests.Infrastructure;

namespace EscalationDesk.Tests.Features.Api;

// The tokens command as a script runs it: the token alone on standard output, errors on standard error with exit code 2.
public sealed class TokensCommandTests(ApiTokenServerFixture fixture) : IClassFixture<ApiTokenServerFixture>
{
    private AppServer Server => fixture.Server;

    [Fact]
    public async Task Create_prints_only_the_token_which_works_list_shows_it_and_revoke_stops_it()
    {
        var agent = await Server.CreateUserAsync(Roles.Agent);

        var (code, output, error) = await RunAsync("tokens", "create", "--email", agent.Email, "--name", "nightly report", "--scope", "read", "--days", "30");

        Assert.Equal(0, code);
        var token = Assert.Single(output.Split('\n', StringSplitOptions.RemoveEmptyEntries)).TrimEnd('\r');
        Assert.Matches("^edk_[0-9A-Za-z]{55}$", token);
        Assert.Contains("not shown again", error);
        using var api = Server.AnonymousClient().WithToken(token);
        Assert.Contains(agent.Id, await api.GetStringAsync("/api/v1/me"));

        (code, output, _) = await RunAsync("tokens", "list", "--email", agent.Email);
        Assert.Equal(0, code);
        var columns = Assert.Single(output.Split('\n', StringSplitOptions.RemoveEmptyEntries)).TrimEnd('\r').Split('\t');
        Assert.Equal("nightly report", columns[0]);
        Assert.Equal("read", columns[1]);
        Assert.Equal(fixture.Clock.GetUtcNow().UtcDateTime.AddDays(30).ToString("yyyy-MM-dd"), columns[3][..10]);
        Assert.NotEqual("never", columns[4]);
        Assert.Equal("active", columns[5]);
        Assert.DoesNotContain(token[8..], output);

        (code, output, _) = await RunAsync("tokens", "revoke", "--email", agent.Email, "--name", "nightly report");
        Assert.Equal(0, code);
        Assert.Contains("Revoked", output);
        Assert.Equal(HttpStatusCode.Unauthorized, (await api.GetAsync("/api/v1/me")).StatusCode);
        (_, output, _) = await RunAsync("tokens", "list", "--email", agent.Email);
        Assert.EndsWith("\trevoked", output.TrimEnd());
    }

    [Fact]
    public async Task Both_scopes_and_no_expiry()
    {
        var agent = await Server.CreateUserAsync(Roles.Agent);
        var (code, _, _) = await RunAsync("tokens", "create", "--email", agent.Email, "--name", "sync", "--scope", "read", "--scope", "write");
        Assert.Equal(0, code);
        var (_, output, _) = await RunAsync("tokens", "list", "--email", agent.Email);
        var columns = output.TrimEnd().Split('\t');
        Assert.Equal("read,write", columns[1]);
        Assert.Equal("never", columns[3]);
    }

    [Theory]
    [InlineData("no scope", "Choose at least one scope")]
    [InlineData("bad scope", "\"admin\" is not a scope")]
    [InlineData("bad days", "not a whole number of days")]
    [InlineData("unknown email", "No user has the email")]
    [InlineData("duplicate name", "You already have a token named")]
    [InlineData("revoke missing", "has no active token named")]
    [InlineData("no action", "Usage:")]
    public async Task Mistakes_go_to_standard_error_with_exit_code_2(string mistake, string message)
    {
        var agent = await Server.CreateUserAsync(Roles.Agent);
        string[] args = mistake switch
        {
            "no scope" => ["tokens", "create", "--email", agent.Email, "--name", "x"],
            "bad scope" => ["tokens", "create", "--email", agent.Email, "--name", "x", "--scope", "admin"],
            "bad days" => ["tokens", "create", "--email", agent.Email, "--name", "x", "--scope", "read", "--days", "soon"],
            "unknown email" => ["tokens", "list", "--email", "nobody@test.example"],
            "duplicate name" => ["tokens", "create", "--email", agent.Email, "--name", "twice", "--scope", "read"],
            "revoke missing" => ["tokens", "revoke", "--email", agent.Email, "--name", "never made"],
            _ => ["tokens"],
        };
        if (mistake == "duplicate name") Assert.Equal(0, (await RunAsync(args)).Code);

        var (code, output, error) = await RunAsync(args);

        Assert.Equal(2, code);
        Assert.Equal("", output);
        Assert.Contains(message, error);
    }

    private async Task<(int Code, string Output, string Error)> RunAsync(params string[] args)
    {
        var (output, error) = (new StringWriter(), new StringWriter());
        var code = await TokensCommand.RunAsync(Server.Services, TokensCommand.Parse(args)!, output, error);
        return (code, output.ToString(), error.ToString());
    }
}

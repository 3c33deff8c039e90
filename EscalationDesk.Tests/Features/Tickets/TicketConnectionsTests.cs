using EscalationDesk.Features.Tickets;
using EscalationDesk.Features.Users;
using EscalationDesk.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace EscalationDesk.Tests.Features.Tickets;

public sealed class TicketConnectionsTests : IAsyncLifetime
{
    private TicketTestHost _host = default!;

    public async Task InitializeAsync() => _host = await TicketTestHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private TicketConnections Connections => _host.Get<TicketConnections>(_host.Admin);

    [Fact]
    public async Task Secrets_are_stored_encrypted_and_never_shown_again()
    {
        await _host.ConnectZendeskAsync();
        await _host.ConnectZammadAsync();

        await using (var db = _host.Db.CreateDbContext())
        {
            var rows = await db.TicketConnections.AsNoTracking().ToListAsync();
            Assert.Equal(2, rows.Count);
            foreach (var row in rows)
            {
                var stored = string.Join("|", row.BaseUrl, row.Email, row.ProtectedSecret, row.UpdatedBy);
                Assert.DoesNotContain(FakeZendesk.Token, stored);
                Assert.DoesNotContain(FakeZammad.Token, stored);
                Assert.NotEmpty(row.ProtectedSecret);
            }
        }
        var views = await Connections.ListAsync();
        Assert.All(views, v => Assert.True(v.SecretSet && !v.FromConfiguration));
        Assert.DoesNotContain(FakeZendesk.Token, string.Join("|", views));
        // The stored token still works: saving without a new one keeps it.
        Assert.Null(await Connections.SaveAsync(TicketSystem.Zendesk, new ConnectionInput { BaseUrl = _host.Zendesk.BaseUrl, Email = FakeZendesk.Email }));
        Assert.True((await Connections.TestAsync(TicketSystem.Zendesk)).Ok);
    }

    [Fact]
    public async Task Only_an_Admin_sees_or_changes_connections()
    {
        await Assert.ThrowsAsync<NotAllowedException>(() => _host.Get<TicketConnections>(FixedUser.Lead()).ListAsync());
        await Assert.ThrowsAsync<NotAllowedException>(() => _host.Get<TicketConnections>(_host.Agent)
            .SaveAsync(TicketSystem.Zammad, new ConnectionInput { BaseUrl = "https://x.example", Secret = "t" }));
    }

    [Theory]
    [InlineData(TicketSystem.Zendesk, "ok", "Connected to Zendesk as Jane Doe <jdoe@example.com>.")]
    [InlineData(TicketSystem.Zammad, "ok", "Connected to Zammad as Chris Agent <chris@desk.example>.")]
    [InlineData(TicketSystem.Zendesk, "401", "Zendesk refused the credentials (401 Unauthorized): check the email and API token.")]
    [InlineData(TicketSystem.Zammad, "401", "Zammad refused the credentials (401 Unauthorized): check the access token.")]
    [InlineData(TicketSystem.Zendesk, "403", "Zendesk denied access (403 Forbidden) to signed-in user")]
    [InlineData(TicketSystem.Zammad, "404", "Zammad found no signed-in user (404 Not Found): check the base URL.")]
    [InlineData(TicketSystem.Zendesk, "slow", "Zendesk did not answer within 2 s (timeout).")]
    [InlineData(TicketSystem.Zammad, "unreachable", "Zammad is unreachable at")]
    public async Task Test_connection_says_what_is_wrong_in_one_line(TicketSystem system, string failure, string expected)
    {
        var zendesk = system == TicketSystem.Zendesk;
        var me = zendesk ? "/api/v2/users/me.json" : "/api/v1/users/me";
        FakeHelpdesk fake = zendesk ? _host.Zendesk : _host.Zammad;
        var token = failure == "401" ? "not-the-token" : zendesk ? FakeZendesk.Token : FakeZammad.Token;
        var baseUrl = failure == "unreachable" ? "http://127.0.0.1:9" : fake.BaseUrl;
        Assert.Null(await Connections.SaveAsync(system, new ConnectionInput { BaseUrl = baseUrl, Email = FakeZendesk.Email, Secret = token }));
        switch (failure)
        {
            case "403": fake.Fail(me, 403); break;
            case "404": fake.Fail(me, 404); break;
            case "slow": fake.Slow(me, TimeSpan.FromSeconds(10), times: 3); break;
        }

        var result = await Connections.TestAsync(system);

        Assert.Equal(failure == "ok", result.Ok);
        Assert.StartsWith(expected, result.Message);
        Assert.DoesNotContain('\n', result.Message);
    }

    [Fact]
    public async Task Settings_in_configuration_win_and_are_read_only_on_the_page()
    {
        _host.Configure(new()
        {
            ["Connectors:Zendesk:BaseUrl"] = _host.Zendesk.BaseUrl, ["Connectors:Zendesk:Email"] = FakeZendesk.Email,
            ["Connectors:Zendesk:ApiToken"] = FakeZendesk.Token,
        });

        var zendesk = (await Connections.ListAsync()).Single(v => v.System == TicketSystem.Zendesk);
        var refused = await Connections.SaveAsync(TicketSystem.Zendesk, new ConnectionInput { BaseUrl = "https://elsewhere.zendesk.com", Email = "a@b.c", Secret = "x" });

        Assert.True(zendesk.FromConfiguration && zendesk.SecretSet);
        Assert.Contains("set in configuration", refused);
        Assert.True((await Connections.TestAsync(TicketSystem.Zendesk)).Ok);
        Assert.Equal([TicketSystem.Zendesk], await _host.Get<TicketImport>(_host.Agent).AvailableAsync());
    }

    [Fact]
    public async Task An_empty_base_URL_removes_the_connection()
    {
        await _host.ConnectZammadAsync();

        Assert.Null(await Connections.SaveAsync(TicketSystem.Zammad, new ConnectionInput()));

        Assert.Empty(await _host.Get<TicketImport>(_host.Agent).AvailableAsync());
    }
}

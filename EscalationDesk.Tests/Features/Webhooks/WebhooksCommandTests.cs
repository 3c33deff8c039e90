using EscalationDesk.Features.Webhooks;

namespace EscalationDesk.Tests.Features.Webhooks;

// `webhooks add|list|remove`: the secret alone on standard output, so a script can capture it; the subscription works.
public sealed class WebhooksCommandTests : IAsyncLifetime
{
    private WebhookRig _rig = default!;

    public async Task InitializeAsync() => _rig = await WebhookRig.StartAsync();

    public async Task DisposeAsync() => await _rig.DisposeAsync();

    private async Task<(int Exit, string Out, string Err)> RunAsync(params string[] args)
    {
        var (output, errors) = (new StringWriter(), new StringWriter());
        var exit = await WebhooksCommand.RunAsync(_rig.Services, WebhooksCommand.Parse(["webhooks", .. args])!, output, errors);
        return (exit, output.ToString(), errors.ToString());
    }

    [Fact]
    public async Task Add_prints_only_the_secret_which_signs_the_deliveries_list_shows_it_and_remove_removes_it()
    {
        var (exit, output, _) = await RunAsync("add", "--url", _rig.Receiver.Url, "--events", "escalation.created,escalation.closed");
        Assert.Equal(0, exit);
        var secret = Assert.Single(output.Split('\n', StringSplitOptions.RemoveEmptyEntries)).TrimEnd('\r');
        Assert.Matches("^whsec_[A-Za-z0-9+/]{43}=$", secret);

        _rig.Receiver.Secret = secret;
        await _rig.Scenario.ReadyDraftAsync();
        await _rig.DeliverAsync();
        var d = Assert.Single(_rig.Receiver.Received);
        Assert.True(d.Verified, d.Failure);

        var list = await RunAsync("list");
        Assert.Contains($"{_rig.Receiver.Url}\tescalation.created,escalation.closed\tenabled", list.Out);
        Assert.Equal(0, (await RunAsync("remove", "--url", _rig.Receiver.Url)).Exit);
        Assert.DoesNotContain(_rig.Receiver.Url, (await RunAsync("list")).Out);
        Assert.Equal(1, (await RunAsync("remove", "--url", _rig.Receiver.Url)).Exit);
    }

    [Fact]
    public async Task An_unknown_event_or_a_bad_url_is_refused_with_the_reason_and_nothing_is_added()
    {
        var unknown = await RunAsync("add", "--url", _rig.Receiver.Url, "--events", "escalation.exploded");
        Assert.Equal(1, unknown.Exit);
        Assert.Contains("\"escalation.exploded\" is not an event", unknown.Err);
        Assert.Equal("", unknown.Out);
        var bad = await RunAsync("add", "--url", "not a url");
        Assert.Equal(1, bad.Exit);
        Assert.Contains("Enter a full http:// or https:// URL.", bad.Err);
        Assert.Equal("", (await RunAsync("list")).Out);
        Assert.Equal(2, (await RunAsync("frobnicate")).Exit);
    }
}

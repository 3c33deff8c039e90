using EscalationDesk.Features.Chat;

namespace EscalationDesk.Tests.Features.Chat;

public sealed class ChatDestinationsTests
{
    [Theory]
    [InlineData("https://acme.webhook.office.com/webhookb2/0c5f-4a1b@72f9-88af/IncomingWebhook/8d1e/6b2c")]
    [InlineData("https://outlook.office.com/webhook/0c5f-4a1b@72f9-88af/IncomingWebhook/8d1e/6b2c")]
    [InlineData("https://prod-27.westeurope.logic.azure.com:443/workflows/4f0c2b7e/triggers/manual/paths/invoke?api-version=2016-06-01&sig=x")]
    [InlineData("https://default72f988bf.a1.environment.api.powerplatform.com:443/powerautomate/automations/direct/workflows/4f0c2b7e/triggers/manual/paths/invoke?api-version=1&sig=x")]
    [InlineData("https://chat-proxy.example.com/webhookb2/0c5f-4a1b@72f9/IncomingWebhook/8d1e/6b2c")]
    [InlineData("http://127.0.0.1:5123/workflows/abc/triggers/manual/paths/invoke?sig=x")]
    public void Teams_urls_are_recognised_by_host_or_path(string url) =>
        Assert.Equal(ChatKind.Teams, ChatDestinations.KindOf(url));

    [Theory]
    [InlineData("https://hooks.slack.com/services/T000/B000/XXXX")]
    [InlineData("https://chat.example.com/hooks/abc")]
    [InlineData("https://mattermost.example.com/hooks/webhookb2")]
    [InlineData("https://example.com/workflows/abc/triggers/manual")]
    [InlineData("https://env.api.powerplatform.com/something/else")]
    [InlineData("not a url")]
    public void Everything_else_is_slack_compatible(string url) =>
        Assert.Equal(ChatKind.Slack, ChatDestinations.KindOf(url));

    [Fact]
    public void The_kind_is_named_for_the_settings_page()
    {
        Assert.Equal("Microsoft Teams", ChatKind.Teams.Text());
        Assert.Equal("Slack-compatible", ChatKind.Slack.Text());
    }
}

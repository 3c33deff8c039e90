using System.Text.RegularExpressions;

namespace EscalationDesk.Features.Chat;

public enum ChatKind { Slack, Teams }

// Which kind of chat a webhook URL posts to, from its address alone. Teams gives two kinds of URL: the old Office 365
// connectors (https://xxx.webhook.office.com/webhookb2/…, earlier outlook.office.com/webhook/…) and Workflows
// (Power Automate: https://prod-NN.region.logic.azure.com/workflows/<id>/triggers/manual/paths/invoke?…, or
// https://….api.powerplatform.com/powerautomate/automations/direct/workflows/<id>/triggers/manual/paths/invoke?…).
// A proxy or a test server on another host is recognised by the same path shapes; anything else is Slack-compatible.
public static partial class ChatDestinations
{
    public static ChatKind KindOf(Uri url)
    {
        var host = url.Host.ToLowerInvariant();
        var path = url.AbsolutePath;
        if (host.EndsWith(".webhook.office.com", StringComparison.Ordinal) || host == "outlook.office.com") return ChatKind.Teams;
        if (host.EndsWith(".logic.azure.com", StringComparison.Ordinal)) return ChatKind.Teams;
        if (host.EndsWith(".api.powerplatform.com", StringComparison.Ordinal) && PowerPlatformPath().IsMatch(path)) return ChatKind.Teams;
        return TeamsPath().IsMatch(path) ? ChatKind.Teams : ChatKind.Slack;
    }

    public static ChatKind KindOf(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) ? KindOf(uri) : ChatKind.Slack;

    public static string Text(this ChatKind kind) => kind == ChatKind.Teams ? "Microsoft Teams" : "Slack-compatible";

    // /webhookb2/<guid>@<tenant>/IncomingWebhook/<id>/<guid>, or …/workflows/<id>/triggers/<name>/paths/invoke.
    [GeneratedRegex(@"(^|/)webhookb2/[^/]+|/workflows/[^/]+/triggers/[^/]+/paths/invoke/?$", RegexOptions.IgnoreCase)]
    private static partial Regex TeamsPath();

    [GeneratedRegex(@"/(webhook|workflows)[^/]*/", RegexOptions.IgnoreCase)]
    private static partial Regex PowerPlatformPath();
}

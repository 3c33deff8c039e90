namespace EscalationDesk.Features.Webhooks;

// dotnet run --project EscalationDesk -- webhooks add --url U [--events e1,e2|all]   (prints the secret, alone on its line)
//                                        webhooks list
//                                        webhooks remove --url U
public sealed record WebhooksCommand(string Action, string? Url, string? Events)
{
    public static WebhooksCommand? Parse(string[] args)
    {
        if (args.Length == 0 || args[0] != "webhooks") return null;
        string? Value(string name) => Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : null;
        return new WebhooksCommand(args.Length > 1 ? args[1] : "", Value("--url"), Value("--events"));
    }

    public const string Usage = $"""
        Usage:
          webhooks add --url U [--events e1,e2|all]   (prints the new signing secret; events default to all)
          webhooks list
          webhooks remove --url U
        Events: all
        """;

    public static async Task<int> RunAsync(IServiceProvider services, WebhooksCommand command, TextWriter output, TextWriter errors)
    {
        var subscriptions = services.GetRequiredService<WebhookSubscriptions>();
        switch (command.Action)
        {
            case "add" when command.Url is { } url:
            {
                var events = (command.Events ?? WebhookEventTypes.AllEvents).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                var added = await subscriptions.AddAsync(url, events, "webhooks command");
                if (added.Error is not null)
                {
                    await errors.WriteLineAsync(added.Error);
                    return 1;
                }
                // The secret alone on standard output, for a script to capture; the rest to standard error.
                await output.WriteLineAsync(added.Secret);
                await errors.WriteLineAsync($"Added webhook {added.Id} for {url.Trim()}; the secret above is shown only now.");
                return 0;
            }
            case "list":
                foreach (var s in await subscriptions.ListAsync())
                    await output.WriteLineAsync($"{s.Id}\t{s.Url}\t{(s.AllEvents ? "all" : string.Join(",", WebhookEventTypes.All.Where(s.Events.Contains)))}\t" +
                        $"{(s.Enabled ? "enabled" : "disabled")}{(s.DisabledReason is { } r ? $"\t{r}" : "")}");
                return 0;
            case "remove" when command.Url is { } url:
            {
                var removed = 0;
                while (await subscriptions.FindByUrlAsync(url) is { } id && (await subscriptions.RemoveAsync(id)).Error is null) removed++;
                if (removed == 0)
                {
                    await errors.WriteLineAsync($"No webhook has the URL {url}.");
                    return 1;
                }
                await output.WriteLineAsync($"Removed {removed} webhook{(removed == 1 ? "" : "s")} for {url.Trim()}.");
                return 0;
            }
            default:
                await errors.WriteLineAsync(Usage + string.Join(", ", WebhookEventTypes.All));
                return 2;
        }
    }
}

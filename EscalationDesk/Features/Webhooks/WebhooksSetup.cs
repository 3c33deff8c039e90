namespace EscalationDesk.Features.Webhooks;

public static class WebhooksSetup
{
    // The outbox, the subscriptions, and the one HTTP client that posts (no retries of its own: the outbox retries).
    public static IServiceCollection AddWebhooks(this IServiceCollection services)
    {
        services.AddSingleton<WebhookTargets>();
        services.AddSingleton<WebhookOutbox>();
        services.AddSingleton<WebhookSender>();
        services.AddSingleton<WebhookSubscriptions>();
        services.AddSingleton<WebhookWorker>();
        services.AddScoped<WebhookService>();
        services.AddHttpClient(WebhookSender.HttpClientName, c => c.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(sp => sp.GetRequiredService<WebhookTargets>().Handler());
        return services;
    }

    // The delivery worker, for the app (tests drive WebhookWorker.DeliverDueAsync themselves).
    public static IServiceCollection AddWebhookDelivery(this IServiceCollection services) =>
        services.AddHostedService(sp => sp.GetRequiredService<WebhookWorker>());
}

using EscalationDesk.Features.Tickets;

namespace EscalationDesk.Features.Trackers;

public static class TrackersSetup
{
    // Jira and GitHub (Connectors:Jira, Connectors:GitHub). After AddTickets: the connectors' timeouts and retries are shared.
    public static IServiceCollection AddTrackers(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(TrackerOptions.From(configuration));
        var connectors = configuration.GetSection(ConnectorOptions.Section).Get<ConnectorOptions>() ?? new ConnectorOptions();
        TrackerHttp.AddTo(services, connectors);
        services.AddSingleton<TrackerHttp>();
        services.AddSingleton<JiraTracker>();
        services.AddSingleton<GitHubTracker>();
        services.AddSingleton<TrackerSync>();
        services.AddScoped<TrackerService>();
        return services;
    }
}

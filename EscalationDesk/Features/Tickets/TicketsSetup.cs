namespace EscalationDesk.Features.Tickets;

public static class TicketsSetup
{
    // Helpdesk connectors (Zendesk, Zammad). Needs IDataProtectionProvider (the app's AddDataProtection).
    public static IServiceCollection AddTickets(this IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection(ConnectorOptions.Section).Get<ConnectorOptions>() ?? new ConnectorOptions();
        services.AddSingleton(options);
        ConnectorHttp.AddTo(services, options);
        services.AddSingleton<ConnectorHttp>();
        services.AddSingleton<ZendeskReader>();
        services.AddSingleton<ZammadReader>();
        services.AddScoped<TicketConnections>();
        services.AddScoped<TicketImport>();
        return services;
    }
}

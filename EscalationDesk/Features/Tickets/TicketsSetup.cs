using Microsoft.AspNetCore.DataProtection;

namespace EscalationDesk.Features.Tickets;

public static class TicketsSetup
{
    // Helpdesk connectors (Zendesk, Zammad). Needs IDataProtectionProvider (the app's AddDataProtection).
    public static IServiceCollection AddTickets(this IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection(ConnectorOptions.Section).Get<ConnectorOptions>() ?? new ConnectorOptions();
        services.AddSingleton(options);
        // Idempotent: the app's own AddDataProtection (keys in the database) is kept; component tests get a default one.
        services.AddDataProtection();
        ConnectorHttp.AddTo(services, options);
        services.AddSingleton<ConnectorHttp>();
        services.AddSingleton<ZendeskReader>();
        services.AddSingleton<ZammadReader>();
        services.AddScoped<TicketConnections>();
        services.AddScoped<TicketImport>();
        services.AddScoped<TicketWriteBacks>();
        services.AddSingleton<TicketWriteBackWorker>();
        services.AddScoped<InboundTickets>();
        return services;
    }

    // The write-back worker, for the app (tests drive TicketWriteBackWorker.RunDueAsync themselves).
    public static IServiceCollection AddTicketWriteBackDelivery(this IServiceCollection services) =>
        services.AddHostedService(sp => sp.GetRequiredService<TicketWriteBackWorker>());
}

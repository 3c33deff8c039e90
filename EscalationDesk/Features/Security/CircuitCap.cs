using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server.Circuits;
using EscalationDesk.Features.Users;

namespace EscalationDesk.Features.Security;

// appsettings.json "Circuits": how many circuits (open tabs of the app) one signed-in user may hold at once.
public sealed class CircuitCapOptions
{
    public const string Section = "Circuits";
    public int MaxPerUser { get; set; } = 10;
}

// The circuits each user holds on this instance. Per instance: behind a load balancer with several instances the cap
// is per instance, which still bounds what one cookie can make any one server hold.
public sealed class CircuitCounts(CircuitCapOptions options)
{
    private readonly Dictionary<string, HashSet<string>> _byUser = [];

    public int Max { get; } = Math.Max(1, options.MaxPerUser);

    public bool TryAdmit(string userId, string circuitId)
    {
        lock (_byUser)
        {
            if (!_byUser.TryGetValue(userId, out var circuits)) _byUser[userId] = circuits = [];
            if (circuits.Count >= Max) return false;
            circuits.Add(circuitId);
            return true;
        }
    }

    public void Release(string userId, string circuitId)
    {
        lock (_byUser)
        {
            if (!_byUser.TryGetValue(userId, out var circuits)) return;
            circuits.Remove(circuitId);
            if (circuits.Count == 0) _byUser.Remove(userId);
        }
    }
}

// What this circuit's components read: a refused circuit renders TooManyTabs instead of any page.
public sealed class CircuitAdmission
{
    public bool Refused { get; internal set; }
}

// A circuit counts from its opening until it is closed: the tab closed (the browser says so at once) or, for a tab
// that vanished without a word, until the disconnected circuit expires (DisconnectedCircuitRetentionPeriod).
// A refused circuit does not count; it renders one message and runs no page and no database work.
public sealed class CircuitCapHandler(CircuitCounts counts, CircuitAdmission admission, AuthenticationStateProvider authentication) : CircuitHandler
{
    private string? _userId;

    public override async Task OnCircuitOpenedAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        var userId = AppClaims.Id((await authentication.GetAuthenticationStateAsync()).User);
        if (userId.Length == 0) return;
        if (counts.TryAdmit(userId, circuit.Id)) _userId = userId;
        else admission.Refused = true;
    }

    public override Task OnCircuitClosedAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        if (_userId is not null) counts.Release(_userId, circuit.Id);
        return Task.CompletedTask;
    }
}

public static class CircuitCap
{
    public static IServiceCollection AddCircuitCap(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(configuration.GetSection(CircuitCapOptions.Section).Get<CircuitCapOptions>() ?? new CircuitCapOptions());
        services.AddSingleton<CircuitCounts>();
        services.AddScoped<CircuitAdmission>();
        services.AddScoped<CircuitHandler, CircuitCapHandler>();
        return services;
    }
}

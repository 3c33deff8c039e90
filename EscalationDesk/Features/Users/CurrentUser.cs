using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server.Circuits;

namespace EscalationDesk.Features.Users;

// In a request (endpoints, static pages, prerendering) the user is the request's; in an interactive circuit it is
// the circuit's authentication state, which revalidation keeps current (sign-out elsewhere, disable, role change).
// https://learn.microsoft.com/aspnet/core/blazor/security/additional-scenarios#circuit-handler-to-capture-users-for-custom-services
public sealed class CurrentUser(IHttpContextAccessor http) : ICurrentUser
{
    private ClaimsPrincipal? _circuitUser;

    private ClaimsPrincipal Principal => _circuitUser ?? http.HttpContext?.User ?? new ClaimsPrincipal(new ClaimsIdentity());

    public string Id => AppClaims.Id(Principal);
    public string Name => AppClaims.Name(Principal);
    public bool IsInRole(string role) => Id.Length > 0 && Principal.IsInRole(role);

    // Set by CurrentUserCircuitHandler for a circuit (and by the tests for a service scope).
    internal void SetCircuitUser(ClaimsPrincipal principal) => _circuitUser = principal;
}

public sealed class CurrentUserCircuitHandler(AuthenticationStateProvider authentication, ICurrentUser currentUser) : CircuitHandler, IDisposable
{
    public override async Task OnCircuitOpenedAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        authentication.AuthenticationStateChanged += Changed;
        Set((await authentication.GetAuthenticationStateAsync()).User);
    }

    private void Changed(Task<AuthenticationState> state) => _ = UpdateAsync(state);

    private async Task UpdateAsync(Task<AuthenticationState> state) => Set((await state).User);

    private void Set(ClaimsPrincipal principal)
    {
        if (currentUser is CurrentUser user) user.SetCircuitUser(principal);
    }

    public void Dispose() => authentication.AuthenticationStateChanged -= Changed;
}

using System.Security.Claims;
using EscalationDesk.Data;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;
using Microsoft.AspNetCore.Identity;

namespace EscalationDesk.Features.Users;

// An open circuit keeps the authentication state it started with unless something checks again. This checks the
// user every Interval and at once when an Admin changes it (UserChanges): a signed-out (security stamp
// changed) or disabled user becomes anonymous, a new role or name replaces the circuit's user in place.
// Modelled on the template's IdentityRevalidatingAuthenticationStateProvider, which only signs out every 30 minutes.
public sealed class RevalidatingAuthenticationStateProvider : ServerAuthenticationStateProvider, IDisposable
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(10);

    private readonly IServiceScopeFactory _scopes;
    private readonly UserChanges _changes;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stop = new();
    private readonly SemaphoreSlim _wake = new(0);
    private ClaimsPrincipal? _principal;
    private bool _running;

    public RevalidatingAuthenticationStateProvider(IServiceScopeFactory scopes, UserChanges changes, ILogger<RevalidatingAuthenticationStateProvider> logger)
    {
        (_scopes, _changes, _logger) = (scopes, changes, logger);
        AuthenticationStateChanged += Remember;
        _changes.Changed += Wake;
    }

    private void Remember(Task<AuthenticationState> state) => _ = RememberAsync(state);

    private async Task RememberAsync(Task<AuthenticationState> state)
    {
        _principal = (await state).User;
        if (_running || _principal.Identity?.IsAuthenticated != true) return;
        _running = true;
        _ = LoopAsync();
    }

    private void Wake(string userId)
    {
        if (_principal is { } p && AppClaims.Id(p) == userId) _wake.Release();
    }

    private async Task LoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                await _wake.WaitAsync(Interval, _stop.Token);
                if (_principal is not { Identity.IsAuthenticated: true } current) continue;
                var fresh = await CheckAsync(current);
                if (fresh is null)
                    SetAuthenticationState(Task.FromResult(new AuthenticationState(new ClaimsPrincipal(new ClaimsIdentity()))));
                else if (Describe(fresh) != Describe(current))
                    SetAuthenticationState(Task.FromResult(new AuthenticationState(fresh)));
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (Exception ex)
            {
                _logger.LogWarning(ex, "Revalidating the signed-in user failed; trying again later");
            }
        }
    }

    // The current principal, or null when the session must end.
    private async Task<ClaimsPrincipal?> CheckAsync(ClaimsPrincipal principal)
    {
        await using var scope = _scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var user = await users.FindByIdAsync(AppClaims.Id(principal));
        if (user is null || user.DisabledAt is not null) return null;
        var stampClaim = users.Options.ClaimsIdentity.SecurityStampClaimType;
        if (principal.FindFirstValue(stampClaim) != await users.GetSecurityStampAsync(user)) return null;
        return await scope.ServiceProvider.GetRequiredService<SignInManager<AppUser>>().CreateUserPrincipalAsync(user);
    }

    private static string Describe(ClaimsPrincipal p) =>
        AppClaims.Name(p) + "|" + string.Join(",", p.FindAll(ClaimTypes.Role).Select(c => c.Value).Order());

    public void Dispose()
    {
        AuthenticationStateChanged -= Remember;
        _changes.Changed -= Wake;
        _stop.Cancel();
        _stop.Dispose();
    }
}

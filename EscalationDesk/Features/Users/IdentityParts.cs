using System.Security.Claims;
using EscalationDesk.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace EscalationDesk.Features.Users;

// A disabled user is refused at sign-in exactly like an unconfirmed one (SignInResult.NotAllowed).
public sealed class AppSignInManager(
    UserManager<AppUser> users, IHttpContextAccessor http, IUserClaimsPrincipalFactory<AppUser> claims,
    IOptions<IdentityOptions> options, ILogger<SignInManager<AppUser>> logger, Microsoft.AspNetCore.Authentication.IAuthenticationSchemeProvider schemes,
    IUserConfirmation<AppUser> confirmation)
    : SignInManager<AppUser>(users, http, claims, options, logger, schemes, confirmation)
{
    public override async Task<bool> CanSignInAsync(AppUser user) => user.DisabledAt is null && await base.CanSignInAsync(user);
}

// Adds the display name to the cookie's claims, so every page and service knows it without a query.
public sealed class AppUserClaimsFactory(UserManager<AppUser> users, RoleManager<IdentityRole> roles, IOptions<IdentityOptions> options)
    : UserClaimsPrincipalFactory<AppUser, IdentityRole>(users, roles, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(AppUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        identity.AddClaim(new Claim(AppClaims.DisplayName, user.DisplayName));
        return identity;
    }
}

// Tells open circuits that a user changed (disabled, role, password, signed out everywhere), so they revalidate at once:
// this instance's circuits, and through IInstances those of every other instance on the database.
public sealed class UserChanges : IDisposable
{
    private const string Topic = "user-changed";
    private readonly IInstances _instances;
    private readonly ILogger _logger;
    private readonly IDisposable _listening;

    public UserChanges(IInstances instances, ILogger<UserChanges> logger)
    {
        (_instances, _logger) = (instances, logger);
        _listening = instances.Listen(Topic, userId => Changed?.Invoke(userId));
    }

    public event Action<string>? Changed;

    public void Publish(string userId)
    {
        Changed?.Invoke(userId);
        if (_instances.Several) _ = TellOthersAsync(userId);
    }

    // Not awaited by the change itself: it is stored; the other instances' circuits revalidate within their interval anyway.
    private async Task TellOthersAsync(string userId)
    {
        try
        {
            await _instances.TellOthersAsync(Topic, userId, CancellationToken.None);
        }
        catch (Exception ex)
        {
            _logger.LogWarning(ex, "Could not tell the other instances that user {UserId} changed", userId);
        }
    }

    public void Dispose() => _listening.Dispose();
}

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

// Tells open circuits that a user changed (disabled, role, password), so they revalidate at once.
public sealed class UserChanges
{
    public event Action<string>? Changed;

    public void Publish(string userId) => Changed?.Invoke(userId);
}

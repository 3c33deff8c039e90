using EscalationDesk.Data;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Identity;

namespace EscalationDesk.Features.Users;

public static class AccountEndpoints
{
    public static IEndpointRouteBuilder MapAccountEndpoints(this IEndpointRouteBuilder app)
    {
        // A POST with the antiforgery token, so no other site can sign a user out. Signing out also changes the
        // security stamp: the user's other open sessions (tabs, devices) end at their next check.
        app.MapPost("/account/logout", async (HttpContext http, SignInManager<AppUser> signIn, AccountChanges changes) =>
        {
            if (await signIn.UserManager.GetUserAsync(http.User) is { } user)
            {
                await signIn.UserManager.UpdateSecurityStampAsync(user);
                changes.Publish(user.Id);
            }
            await signIn.SignOutAsync();
            return Results.LocalRedirect("~/account/login");
        }).WithMetadata(new RequireAntiforgeryTokenAttribute());
        return app;
    }
}

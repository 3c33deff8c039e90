using EscalationDesk.Data;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Identity;

namespace EscalationDesk.Features.Users;

public static class SignInEndpoints
{
    public static IEndpointRouteBuilder MapSignInEndpoints(this IEndpointRouteBuilder app)
    {
        // A POST with the antiforgery token, so no other site can sign a user out. Signing out also changes the
        // security stamp: the user's other open sessions (tabs, devices) end at their next check.
        app.MapPost("/account/logout", async (HttpContext http, SignInManager<AppUser> signIn, UserChanges changes, IAntiforgery antiforgery) =>
        {
            if (!await antiforgery.IsRequestValidAsync(http))
            {
                http.Features.Get<Microsoft.AspNetCore.Diagnostics.IStatusCodePagesFeature>()?.Enabled = false;
                return Results.BadRequest();
            }
            if (await signIn.UserManager.GetUserAsync(http.User) is { } user)
            {
                await signIn.UserManager.UpdateSecurityStampAsync(user);
                changes.Publish(user.Id);
            }
            await signIn.SignOutAsync();
            return Results.LocalRedirect("~/account/login");
        });
        return app;
    }
}

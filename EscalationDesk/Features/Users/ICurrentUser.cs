using System.Security.Claims;

namespace EscalationDesk.Features.Users;

// Who is acting. Every service asks this, never the UI: the signed-in user of the request or of the circuit.
public interface ICurrentUser
{
    // The user's id; empty when nobody is signed in.
    string Id { get; }
    // The display name: fills Reported by, Owner and the timeline.
    string Name { get; }
    bool IsInRole(string role);
}

public static class Roles
{
    public const string Agent = "Agent", Lead = "Lead", Admin = "Admin";
    public static readonly IReadOnlyList<string> All = [Agent, Lead, Admin];

    // Authorization policy names: Leads' pages admit Admins too.
    public const string LeadPolicy = "Lead", AdminPolicy = "Admin";
}

// The services' one answer for "not yours": the caller reports it exactly as a missing object.
public sealed class NotAllowedException() : Exception("Not found.");

public static class CurrentUserExtensions
{
    public static bool IsSignedIn(this ICurrentUser user) => user.Id.Length > 0;

    // Leads and Admins see and act on every escalation.
    public static bool SeesAll(this ICurrentUser user) => user.IsInRole(Roles.Lead) || user.IsInRole(Roles.Admin);

    public static void RequireSignedIn(this ICurrentUser user)
    {
        if (!user.IsSignedIn()) throw new NotAllowedException();
    }

    public static void RequireLead(this ICurrentUser user)
    {
        if (!user.IsSignedIn() || !user.SeesAll()) throw new NotAllowedException();
    }

    public static void RequireAdmin(this ICurrentUser user)
    {
        if (!user.IsSignedIn() || !user.IsInRole(Roles.Admin)) throw new NotAllowedException();
    }
}

// The display name travels in the sign-in cookie as its own claim (AppUserClaimsFactory).
public static class AppClaims
{
    public const string DisplayName = "escalationdesk:name";

    public static string Id(ClaimsPrincipal principal) =>
        principal.Identity?.IsAuthenticated == true ? principal.FindFirstValue(ClaimTypes.NameIdentifier) ?? "" : "";

    public static string Name(ClaimsPrincipal principal) =>
        principal.FindFirstValue(DisplayName) ?? principal.Identity?.Name ?? "";
}

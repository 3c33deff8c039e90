namespace EscalationDesk.Features.Api;

// The names the API's pieces agree on: the token scheme (the only one /api accepts), its scopes and policies.
public static class ApiAuth
{
    // Authorization: Bearer edk_… ; pages never use this scheme, the API never uses the sign-in cookie.
    public const string Scheme = "ApiToken";
    public const string TokenPrefix = "edk_";

    // A token's scopes travel as claims of this type on the token's principal.
    public const string ScopeClaim = "scope";
    public const string ReadScope = "read", WriteScope = "write";

    // Endpoint policies: the token scheme plus the scope.
    public const string ReadPolicy = "api-read", WritePolicy = "api-write";
}

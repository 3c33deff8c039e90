namespace EscalationDesk.Data;

// A user's API token. Only the SHA-256 of its secret is kept; LookupId (not secret, also inside the token string) finds
// the row in one indexed read. Revoked rows stay, so the owner's list shows what was revoked and when.
public sealed class PersonalAccessToken
{
    public const int NameLength = 100;
    public const int LookupIdLength = 12;

    public int Id { get; set; }
    public string UserId { get; set; } = "";
    public AppUser? User { get; set; }
    public string Name { get; set; } = "";
    public string LookupId { get; set; } = "";
    public byte[] SecretHash { get; set; } = [];
    // Space-separated, in a fixed order ("read write").
    public string Scopes { get; set; } = "";
    public DateTime CreatedAt { get; set; }
    public DateTime? ExpiresAt { get; set; }
    // Written at most once a minute per token (TokenService.VerifyAsync), not on every request.
    public DateTime? LastUsedAt { get; set; }
    public DateTime? RevokedAt { get; set; }
}

using System.Security.Cryptography;
using System.Text;
using EscalationDesk.Data;
using EscalationDesk.Features.Users;
using Microsoft.EntityFrameworkCore;

namespace EscalationDesk.Features.Api;

public sealed record TokenRow(int Id, string Name, IReadOnlyList<string> Scopes, DateTime CreatedAt, DateTime? ExpiresAt, DateTime? LastUsedAt,
    DateTime? RevokedAt)
{
    public string Status(DateTime now) => RevokedAt is not null ? "revoked" : ExpiresAt <= now ? "expired" : "active";
}

// A new token: the string is shown once and never stored; Errors name the field (Name, Scopes, Days) they belong to.
public sealed record TokenCreated(string? Token, IReadOnlyList<FieldError> Errors);

// Who a verified token acts as, read fresh from the user's row on every request.
public sealed record TokenUser(int TokenId, string UserId, string UserName, string? Email, string DisplayName, IReadOnlyList<string> Roles,
    IReadOnlyList<string> Scopes);

// Personal access tokens: create (the string once), list, revoke, and verify a presented token.
// The token is edk_ + a 12-character lookup id + a 43-character secret, all base62 (256 random bits in the secret), so a
// secret scanner finds it by its prefix and shape, and a double click selects all of it. Only SHA-256 of the secret is
// kept: the secret is random, not a password, so a slow hash adds nothing (as GitHub and others store theirs).
public sealed class TokenService(IDbContextFactory<EscalationDeskDbContext> dbFactory, ICurrentUser user, TimeProvider clock)
{
    private const string Base62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    public const int SecretLength = 43;
    public static readonly int TokenLength = ApiAuth.TokenPrefix.Length + PersonalAccessToken.LookupIdLength + SecretLength;
    public static readonly IReadOnlyList<string> AllScopes = [ApiAuth.ReadScope, ApiAuth.WriteScope];
    public static readonly IReadOnlyList<int> ExpiryChoices = [30, 90, 365];
    public const int MaxDays = 3650;

    // LastUsedAt is written when it is older than this: a busy script does not write on every request.
    public static readonly TimeSpan LastUsedResolution = TimeSpan.FromMinutes(1);

    // The signed-in user's own tokens (the API tokens page).
    public Task<TokenCreated> CreateMineAsync(string name, IEnumerable<string> scopes, int? days, CancellationToken ct = default)
    {
        user.RequireSignedIn();
        return CreateAsync(user.Id, name, scopes, days, ct);
    }

    public Task<IReadOnlyList<TokenRow>> ListMineAsync(CancellationToken ct = default)
    {
        user.RequireSignedIn();
        return ListAsync(user.Id, ct);
    }

    public async Task<bool> RevokeMineAsync(int tokenId, CancellationToken ct = default)
    {
        user.RequireSignedIn();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await RevokeAsync(db.PersonalAccessTokens.Where(t => t.Id == tokenId && t.UserId == user.Id), ct);
    }

    // The token a request came with (its principal's token id claim).
    public async Task<bool> RevokeAsync(System.Security.Claims.ClaimsPrincipal principal, CancellationToken ct = default)
    {
        if (!int.TryParse(principal.FindFirst(TokenAuthentication.TokenIdClaim)?.Value, out var tokenId)) return false;
        var userId = AppClaims.Id(principal);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await RevokeAsync(db.PersonalAccessTokens.Where(t => t.Id == tokenId && t.UserId == userId), ct);
    }

    // For any user by id (the tokens command, which runs as nobody).
    public async Task<TokenCreated> CreateAsync(string userId, string name, IEnumerable<string> scopes, int? days, CancellationToken ct = default)
    {
        name = (name ?? "").Trim();
        var chosen = AllScopes.Where(s => scopes.Contains(s)).ToList();
        var errors = new List<FieldError>();
        if (name.Length == 0) errors.Add(new("Name", "Name is required."));
        else if (name.Length > PersonalAccessToken.NameLength) errors.Add(new("Name", $"Name must be at most {PersonalAccessToken.NameLength} characters."));
        if (scopes.Except(AllScopes).FirstOrDefault() is { } unknown) errors.Add(new("Scopes", $"\"{unknown}\" is not a scope; the scopes are read and write."));
        else if (chosen.Count == 0) errors.Add(new("Scopes", "Choose at least one scope: read, write or both."));
        if (days is < 1 or > MaxDays) errors.Add(new("Days", $"The expiry is 1 to {MaxDays} days, or none."));
        if (errors.Count > 0) return new(null, errors);

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (await NameTakenAsync(db, userId, name, ct)) return new(null, [NameTaken(name)]);
        var now = clock.GetUtcNow().UtcDateTime;
        var lookupId = RandomNumberGenerator.GetString(Base62, PersonalAccessToken.LookupIdLength);
        var secret = RandomNumberGenerator.GetString(Base62, SecretLength);
        db.PersonalAccessTokens.Add(new PersonalAccessToken
        {
            UserId = userId, Name = name, LookupId = lookupId, SecretHash = Hash(secret), Scopes = string.Join(' ', chosen),
            CreatedAt = now, ExpiresAt = days is int d ? now.AddDays(d) : null,
        });
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // The same name created at the same moment elsewhere (the unique index decided).
            if (await NameTakenAsync(db, userId, name, ct)) return new(null, [NameTaken(name)]);
            throw;
        }
        return new(ApiAuth.TokenPrefix + lookupId + secret, []);
    }

    public async Task<IReadOnlyList<TokenRow>> ListAsync(string userId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var rows = await db.PersonalAccessTokens.AsNoTracking().Where(t => t.UserId == userId)
            .OrderBy(t => t.RevokedAt != null).ThenByDescending(t => t.CreatedAt).ThenByDescending(t => t.Id)
            .Select(t => new { t.Id, t.Name, t.Scopes, t.CreatedAt, t.ExpiresAt, t.LastUsedAt, t.RevokedAt }).ToListAsync(ct);
        return rows.Select(t => new TokenRow(t.Id, t.Name, SplitScopes(t.Scopes), t.CreatedAt, t.ExpiresAt, t.LastUsedAt, t.RevokedAt)).ToList();
    }

    // Revokes the user's token of this name that is not yet revoked; false when there is none.
    public async Task<bool> RevokeByNameAsync(string userId, string name, CancellationToken ct = default)
    {
        name = (name ?? "").Trim();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await RevokeAsync(db.PersonalAccessTokens.Where(t => t.UserId == userId && t.Name == name), ct);
    }

    private async Task<bool> RevokeAsync(IQueryable<PersonalAccessToken> tokens, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        return await tokens.Where(t => t.RevokedAt == null).ExecuteUpdateAsync(s => s.SetProperty(t => t.RevokedAt, now), ct) > 0;
    }

    // The presented token's user and scopes, or why it is refused. One read (the token by its lookup id, with its user's
    // row and roles), so a disabled user, a revoked or expired token and a changed role take effect on the next request.
    public async Task<(TokenUser? User, string? Refusal)> VerifyAsync(string token, CancellationToken ct = default)
    {
        const string invalid = "The token is not valid.";
        if (!TrySplit(token, out var lookupId, out var secret)) return (null, invalid);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var row = await db.PersonalAccessTokens.AsNoTracking().Where(t => t.LookupId == lookupId)
            .Select(t => new
            {
                t.Id, t.SecretHash, t.Scopes, t.ExpiresAt, t.RevokedAt, t.LastUsedAt, t.UserId,
                User = new { t.User!.UserName, t.User.Email, t.User.DisplayName, t.User.DisabledAt },
                Roles = db.UserRoles.Where(r => r.UserId == t.UserId).Join(db.Roles, ur => ur.RoleId, r => r.Id, (ur, r) => r.Name!).ToList(),
            }).FirstOrDefaultAsync(ct);
        if (row is null || !CryptographicOperations.FixedTimeEquals(row.SecretHash, Hash(secret))) return (null, invalid);
        var now = clock.GetUtcNow().UtcDateTime;
        if (row.RevokedAt is not null) return (null, "The token has been revoked.");
        if (row.ExpiresAt <= now) return (null, "The token has expired.");
        if (row.User.DisabledAt is not null) return (null, "The token's user is disabled.");
        if (row.LastUsedAt is null || row.LastUsedAt <= now - LastUsedResolution)
        {
            // Conditional, so requests racing on several instances still write once per minute.
            var before = now - LastUsedResolution;
            await db.PersonalAccessTokens.Where(t => t.Id == row.Id && (t.LastUsedAt == null || t.LastUsedAt <= before))
                .ExecuteUpdateAsync(s => s.SetProperty(t => t.LastUsedAt, now), ct);
        }
        return (new TokenUser(row.Id, row.UserId, row.User.UserName ?? "", row.User.Email, row.User.DisplayName, row.Roles, SplitScopes(row.Scopes)), null);
    }

    public static bool TrySplit(string token, out string lookupId, out string secret)
    {
        (lookupId, secret) = ("", "");
        if (token.Length != TokenLength || !token.StartsWith(ApiAuth.TokenPrefix, StringComparison.Ordinal)) return false;
        var body = token.AsSpan(ApiAuth.TokenPrefix.Length);
        foreach (var c in body)
            if (!char.IsAsciiLetterOrDigit(c)) return false;
        lookupId = body[..PersonalAccessToken.LookupIdLength].ToString();
        secret = body[PersonalAccessToken.LookupIdLength..].ToString();
        return true;
    }

    public static byte[] Hash(string secret) => SHA256.HashData(Encoding.UTF8.GetBytes(secret));

    private static IReadOnlyList<string> SplitScopes(string scopes) => scopes.Split(' ', StringSplitOptions.RemoveEmptyEntries);

    private static Task<bool> NameTakenAsync(EscalationDeskDbContext db, string userId, string name, CancellationToken ct) =>
        db.PersonalAccessTokens.AnyAsync(t => t.UserId == userId && t.Name == name && t.RevokedAt == null, ct);

    private static FieldError NameTaken(string name) => new("Name", $"You already have a token named \"{name}\"; choose another name or revoke that one.");
}

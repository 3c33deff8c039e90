using System.Security.Cryptography;
using EscalationDesk.Data;
using Microsoft.AspNetCore.Identity;

namespace EscalationDesk.Features.Security;

// A sign-in attempt. Every failure costs the same work and reads the same words, so a failure does not tell whether the
// account exists, is disabled or is being throttled (no account enumeration by message or by timing).
public sealed class SignInAttempts(
    SignInManager<AppUser> signIn, SignInThrottle throttle, UnknownAccountPassword unknown, IHttpContextAccessor http, ILogger<SignInAttempts> logger)
{
    public const string FailedMessage =
        "The email or password is not right, or the account is disabled. After several failed attempts each further one must wait a little longer.";

    public async Task<bool> SignInAsync(string email, string password)
    {
        email = email.Trim();
        var address = http.HttpContext?.Connection.RemoteIpAddress;
        if (!throttle.TryBegin(email, address))
        {
            logger.LogWarning("Sign-in refused: too many failed attempts for the account or from {Address}", address);
            return false;
        }
        var users = signIn.UserManager;
        var user = await users.FindByNameAsync(email);
        var right = user is null ? unknown.Check(users.PasswordHasher, password) : await users.CheckPasswordAsync(user, password);
        // The password is checked before whether the account may sign in, so a disabled account costs the same.
        if (user is null || !right || !await signIn.CanSignInAsync(user)) return false;
        throttle.SignedIn(email, address);
        await signIn.SignInAsync(user, isPersistent: false);
        return true;
    }
}

// An email with no account is checked against the hash of a random password, with the same hasher, so it costs what
// checking a real account's password costs.
public sealed class UnknownAccountPassword
{
    private static readonly AppUser Nobody = new();
    private string? _hash;

    public bool Check(IPasswordHasher<AppUser> hasher, string password)
    {
        _hash ??= hasher.HashPassword(Nobody, Convert.ToBase64String(RandomNumberGenerator.GetBytes(18)));
        hasher.VerifyHashedPassword(Nobody, _hash, password);
        return false;
    }
}

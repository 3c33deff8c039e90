using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;

namespace EscalationDesk.Features.Security;

// appsettings.json "SignInThrottle": how many failed sign-ins are free before each further attempt must wait.
public sealed class SignInThrottleOptions
{
    // Per account (any address), and per account at one address.
    public int FreeFailures { get; set; } = 5;
    // Per address over all accounts: higher, because many people may sign in from behind one address.
    public int AddressFreeFailures { get; set; } = 20;
    public int MaxDelaySeconds { get; set; } = 300;
}

// Failed sign-ins slow further attempts down instead of locking the account: a lock is a switch any stranger can flip
// (https://cheatsheetseries.owasp.org/cheatsheets/Authentication_Cheat_Sheet.html#account-lockout).
// Three counts: the account, the address, and the account at that address. Past its free failures a count makes the next
// attempt wait 2^k seconds (k = failures past the free ones), at most MaxDelaySeconds; an attempt made while waiting is
// refused without checking the password and does not count. An address that signed in to the account before is held only
// by the count of the account at that address, so a stranger elsewhere never delays the real user at their usual place.
// The state is in memory, per instance: a restart forgets it, and several instances each count on their own. That is
// enough to slow guessing to a trickle; a count is forgotten an hour after its last failure.
public sealed class SignInThrottle(IOptions<SignInThrottleOptions> options, TimeProvider clock)
{
    private static readonly TimeSpan RememberSignIn = TimeSpan.FromDays(30);
    private const int PruneAbove = 10_000;

    private readonly ConcurrentDictionary<string, Failures> _failures = new();
    private readonly ConcurrentDictionary<string, DateTimeOffset> _signedInFrom = new();

    private sealed record Failures(int Count, DateTimeOffset Last);

    // How long this attempt must still wait (zero: it may go ahead).
    public TimeSpan Wait(string email, IPAddress? address)
    {
        var o = options.Value;
        var now = clock.GetUtcNow();
        var (account, from, pair) = Keys(email, address);
        var wait = WaitFor(pair, o.FreeFailures, now);
        if (_signedInFrom.TryGetValue(pair, out var signedIn) && now - signedIn < RememberSignIn) return wait;
        return new[] { wait, WaitFor(account, o.FreeFailures, now), WaitFor(from, o.AddressFreeFailures, now) }.Max();
    }

    public void Failed(string email, IPAddress? address)
    {
        var now = clock.GetUtcNow();
        var (account, from, pair) = Keys(email, address);
        foreach (var key in new[] { account, from, pair })
            _failures.AddOrUpdate(key, _ => new Failures(1, now), (_, f) => new Failures(Forgotten(f, now) ? 1 : f.Count + 1, now));
        if (_failures.Count > PruneAbove) Prune(now);
    }

    public void SignedIn(string email, IPAddress? address)
    {
        var (_, _, pair) = Keys(email, address);
        _failures.TryRemove(pair, out _);
        _signedInFrom[pair] = clock.GetUtcNow();
    }

    private TimeSpan WaitFor(string key, int free, DateTimeOffset now)
    {
        if (!_failures.TryGetValue(key, out var f) || Forgotten(f, now) || f.Count < Math.Max(1, free)) return TimeSpan.Zero;
        var seconds = Math.Min(options.Value.MaxDelaySeconds, Math.Pow(2, Math.Min(30, f.Count - Math.Max(1, free))));
        var wait = f.Last + TimeSpan.FromSeconds(seconds) - now;
        return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
    }

    private bool Forgotten(Failures f, DateTimeOffset now) =>
        now - f.Last > TimeSpan.FromHours(1) + TimeSpan.FromSeconds(options.Value.MaxDelaySeconds);

    private void Prune(DateTimeOffset now)
    {
        foreach (var (key, f) in _failures)
            if (Forgotten(f, now)) _failures.TryRemove(key, out _);
        foreach (var (key, at) in _signedInFrom)
            if (now - at >= RememberSignIn) _signedInFrom.TryRemove(key, out _);
    }

    private static (string Account, string Address, string Pair) Keys(string email, IPAddress? address)
    {
        var account = "account:" + email.Trim().ToUpperInvariant();
        var from = "address:" + Network(address);
        return (account, from, account + "|" + from);
    }

    // An IPv6 client usually holds a whole /64, so its addresses count as one.
    private static string Network(IPAddress? address)
    {
        if (address is null) return "unknown";
        if (address.IsIPv4MappedToIPv6) return address.MapToIPv4().ToString();
        if (address.AddressFamily != AddressFamily.InterNetworkV6) return address.ToString();
        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return new IPAddress(bytes) + "/64";
    }
}

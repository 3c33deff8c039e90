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

    // One lock for the check and the count together: sign-ins are rare, and parallel attempts must not all pass one check.
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Failures> _failures = new();
    private readonly Dictionary<string, DateTimeOffset> _signedInFrom = new();
    private DateTimeOffset _prunedAt;

    private sealed record Failures(int Count, DateTimeOffset Last);

    // How long an attempt must still wait (zero: it may go ahead).
    public TimeSpan Wait(string email, IPAddress? address)
    {
        lock (_gate) return WaitLocked(Keys(email, address), clock.GetUtcNow());
    }

    // Counts the attempt as a failure before its password is checked, so a burst of parallel attempts cannot slip through
    // one gap; SignedIn takes it back. False: the attempt must wait, and it is not counted.
    public bool TryBegin(string email, IPAddress? address)
    {
        var keys = Keys(email, address);
        var now = clock.GetUtcNow();
        lock (_gate)
        {
            if (WaitLocked(keys, now) > TimeSpan.Zero) return false;
            foreach (var key in new[] { keys.Account, keys.Address, keys.Pair })
                _failures[key] = _failures.TryGetValue(key, out var f) && !Forgotten(f, now) ? f with { Count = f.Count + 1, Last = now } : new(1, now);
            // Past a size, forgotten counts are dropped at most once a minute, so a flood of new names costs no scan per attempt.
            if (_failures.Count > PruneAbove && now - _prunedAt > TimeSpan.FromMinutes(1)) Prune(now);
            return true;
        }
    }

    public void SignedIn(string email, IPAddress? address)
    {
        var keys = Keys(email, address);
        lock (_gate)
        {
            foreach (var key in new[] { keys.Account, keys.Address })
                if (_failures.TryGetValue(key, out var f)) _failures[key] = f with { Count = Math.Max(0, f.Count - 1) };
            _failures.Remove(keys.Pair);
            _signedInFrom[keys.Pair] = clock.GetUtcNow();
        }
    }

    private TimeSpan WaitLocked((string Account, string Address, string Pair) keys, DateTimeOffset now)
    {
        var o = options.Value;
        var wait = WaitFor(keys.Pair, o.FreeFailures, now);
        if (_signedInFrom.TryGetValue(keys.Pair, out var signedIn) && now - signedIn < RememberSignIn) return wait;
        return new[] { wait, WaitFor(keys.Account, o.FreeFailures, now), WaitFor(keys.Address, o.AddressFreeFailures, now) }.Max();
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
        _prunedAt = now;
        foreach (var key in _failures.Where(f => Forgotten(f.Value, now)).Select(f => f.Key).ToList()) _failures.Remove(key);
        foreach (var key in _signedInFrom.Where(s => now - s.Value >= RememberSignIn).Select(s => s.Key).ToList()) _signedInFrom.Remove(key);
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

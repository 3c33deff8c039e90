using System.Net;
using EscalationDesk.Features.Security;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace EscalationDesk.Tests.Features.Security;

public sealed class SignInThrottleTests
{
    private const string Ada = "ada@test.example";
    private static readonly IPAddress Office = IPAddress.Parse("198.51.100.7");
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 24, 9, 0, 0, TimeSpan.Zero));
    private readonly SignInThrottle _throttle;

    public SignInThrottleTests() =>
        _throttle = new(Options.Create(new SignInThrottleOptions { FreeFailures = 5, AddressFreeFailures = 20, MaxDelaySeconds = 300 }), _clock);

    [Fact]
    public void An_attempt_that_must_wait_is_refused_and_not_counted()
    {
        for (var i = 0; i < 5; i++) Fail(Ada, Office);
        Assert.False(_throttle.TryBegin(Ada, Office));
        _clock.Advance(TimeSpan.FromSeconds(1));

        // The wait after the next failure is the second step (2 s), not one step per refused attempt.
        Fail(Ada, Office);
        Assert.Equal(TimeSpan.FromSeconds(2), _throttle.Wait(Ada, Office));
    }

    [Fact]
    public void Five_failures_are_free_then_the_wait_doubles_with_each_failure_up_to_the_cap()
    {
        for (var i = 0; i < 4; i++) Fail(Ada, Office);
        Assert.Equal(TimeSpan.Zero, _throttle.Wait(Ada, Office));

        var waits = new List<double>();
        for (var i = 0; i < 12; i++)
        {
            Fail(Ada, Office);
            var wait = _throttle.Wait(Ada, Office);
            waits.Add(wait.TotalSeconds);
            _clock.Advance(wait);
        }

        Assert.Equal([1, 2, 4, 8, 16, 32, 64, 128, 256, 300, 300, 300], waits);
    }

    [Fact]
    public void The_email_counts_in_any_spelling_and_addresses_of_one_IPv6_network_count_as_one()
    {
        for (var i = 0; i < 5; i++) Fail(" ADA@Test.Example ", IPAddress.Parse($"2001:db8:1:2::{i + 1}"));

        Assert.True(_throttle.Wait(Ada, IPAddress.Parse("2001:db8:1:2::99")) > TimeSpan.Zero);
    }

    [Fact]
    public void One_address_failing_for_many_accounts_waits_after_its_own_allowance_and_other_addresses_do_not()
    {
        for (var i = 0; i < 20; i++) Fail($"guess{i}@test.example", Office);

        Assert.True(_throttle.Wait(Ada, Office) > TimeSpan.Zero);
        Assert.Equal(TimeSpan.Zero, _throttle.Wait(Ada, IPAddress.Parse("192.0.2.10")));
    }

    [Fact]
    public void Failures_are_forgotten_an_hour_after_the_wait_and_after_a_sign_in_only_that_address_holds_the_account()
    {
        for (var i = 0; i < 5; i++) Fail(Ada, Office);
        _clock.Advance(TimeSpan.FromHours(1) + TimeSpan.FromSeconds(301));
        Fail(Ada, Office);
        Assert.Equal(TimeSpan.Zero, _throttle.Wait(Ada, Office));

        for (var i = 0; i < 4; i++) Fail(Ada, Office);
        _throttle.SignedIn(Ada, Office);
        Fail(Ada, Office);
        Assert.Equal(TimeSpan.Zero, _throttle.Wait(Ada, Office));
    }

    private void Fail(string email, IPAddress address) => Assert.True(_throttle.TryBegin(email, address));
}

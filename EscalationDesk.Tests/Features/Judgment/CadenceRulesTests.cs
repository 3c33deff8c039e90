using EscalationDesk.Features.Judgment;
using EscalationDesk.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Time.Testing;

namespace EscalationDesk.Tests.Features.Judgment;

public sealed class CadenceRulesTests
{
    private static readonly CadenceOptions Spec = new();
    private static readonly DateTime Tuesday10 = new(2026, 11, 24, 10, 0, 0, DateTimeKind.Utc);
    private static readonly DateTime Friday16 = new(2026, 11, 27, 16, 0, 0, DateTimeKind.Utc);

    public static TheoryData<Severity, double, double, double> Table => new()
    {
        // severity, internal hours, customer due hours, customer overdue hours (from a Tuesday 10:00)
        { Severity.Critical, 2, 2, 4 },
        { Severity.High, 4, 4, 8 },
        { Severity.Medium, 24, 24, 48 },
    };

    [Theory]
    [MemberData(nameof(Table))]
    public void Timers_follow_the_cadence_table(Severity severity, double internalHours, double dueHours, double overdueHours)
    {
        var schedule = CadenceRules.Next(Spec, severity, Tuesday10);

        Assert.Equal(Tuesday10.AddHours(internalHours), schedule.Internal.DueAt);
        Assert.Equal(schedule.Internal.DueAt, schedule.Internal.OverdueAt);
        Assert.Equal(Tuesday10.AddHours(dueHours), schedule.Customer.DueAt);
        Assert.Equal(Tuesday10.AddHours(overdueHours), schedule.Customer.OverdueAt);
    }

    [Fact]
    public void Medium_on_a_Friday_afternoon_comes_due_on_the_next_business_day()
    {
        var schedule = CadenceRules.Next(Spec, Severity.Medium, Friday16);

        Assert.Equal(new DateTime(2026, 11, 30, 16, 0, 0), schedule.Internal.DueAt);
        Assert.Equal(DayOfWeek.Monday, schedule.Customer.DueAt.DayOfWeek);
        Assert.Equal(new DateTime(2026, 12, 1, 16, 0, 0), schedule.Customer.OverdueAt);
    }

    [Fact]
    public void Critical_and_High_run_through_the_weekend()
    {
        Assert.Equal(Friday16.AddHours(8), CadenceRules.Next(Spec, Severity.High, Friday16).Customer.OverdueAt);
    }

    [Fact]
    public void A_logged_follow_up_or_update_restarts_only_its_own_timer()
    {
        var followUp = Tuesday10.AddHours(3);
        var schedule = CadenceRules.Next(Spec, Severity.Critical, Tuesday10, lastInternalFollowUp: followUp);

        Assert.Equal(followUp.AddHours(2), schedule.Internal.DueAt);
        Assert.Equal(Tuesday10.AddHours(2), schedule.Customer.DueAt);
    }

    [Fact]
    public void Due_at_the_lower_bound_and_overdue_past_the_upper_internal_both_at_once()
    {
        var customer = new FollowUpTimer(Tuesday10, Tuesday10.AddHours(2));
        Assert.False(customer.IsDue(Tuesday10.AddMinutes(-1)));
        Assert.True(customer.IsDue(Tuesday10));
        Assert.False(customer.IsOverdue(Tuesday10.AddHours(2)));
        Assert.True(customer.IsOverdue(Tuesday10.AddHours(2).AddMinutes(1)));

        var internalTimer = new FollowUpTimer(Tuesday10, Tuesday10);
        Assert.True(internalTimer.IsDue(Tuesday10) && internalTimer.IsOverdue(Tuesday10));
    }

    [Fact]
    public void A_High_customer_timer_goes_from_waiting_to_due_to_overdue_as_time_passes()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(Friday16));
        var timer = CadenceRules.Next(Spec, Severity.High, clock.GetUtcNow().UtcDateTime).Customer;

        Assert.Equal(TimerState.Waiting, timer.StateAt(clock));
        clock.Advance(TimeSpan.FromHours(4));
        Assert.Equal(TimerState.Due, timer.StateAt(clock));
        clock.Advance(TimeSpan.FromHours(4));
        Assert.Equal(TimerState.Due, timer.StateAt(clock));
        clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(TimerState.Overdue, timer.StateAt(clock));
    }

    [Fact]
    public void A_Medium_internal_timer_set_on_Friday_afternoon_waits_through_the_weekend()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(Friday16));
        var timer = CadenceRules.Next(Spec, Severity.Medium, clock.GetUtcNow().UtcDateTime).Internal;

        clock.Advance(TimeSpan.FromHours(24 + 24 + 23));
        Assert.Equal(TimerState.Waiting, timer.StateAt(clock));
        clock.Advance(TimeSpan.FromHours(1));
        Assert.Equal(TimerState.Overdue, timer.StateAt(clock));
    }

    [Fact]
    public void The_table_comes_from_configuration()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Cadence:High:Internal:Hours"] = "1",
            ["Cadence:High:CustomerOverdue:Hours"] = "3",
        }).Build();
        var options = configuration.GetSection("Cadence").Get<CadenceOptions>()!;

        var schedule = CadenceRules.Next(options, Severity.High, Tuesday10);

        Assert.Equal(Tuesday10.AddHours(1), schedule.Internal.DueAt);
        Assert.Equal(Tuesday10.AddHours(3), schedule.Customer.OverdueAt);
        Assert.Equal(Tuesday10.AddHours(4), schedule.Customer.DueAt);
    }

    [Fact]
    public void The_shipped_appsettings_hold_the_spec_table()
    {
        var path = RepoFiles.Find("EscalationDesk/appsettings.json");
        var options = new ConfigurationBuilder().AddJsonFile(path).Build().GetSection("Cadence").Get<CadenceOptions>()!;
        Assert.Equal("internal follow-up every 2 hours; customer update every 2–4 hours", CadenceRules.Describe(options, Severity.Critical));
        Assert.Equal("internal follow-up every 4 hours; customer update every 4–8 hours", CadenceRules.Describe(options, Severity.High));
        Assert.Equal("internal follow-up every 1 business day; customer update every 1–2 business days", CadenceRules.Describe(options, Severity.Medium));
    }
}

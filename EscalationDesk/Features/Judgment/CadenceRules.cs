namespace EscalationDesk.Features.Judgment;

// One interval of the cadence table: clock hours, or business days of the organisation's calendar (BusinessCalendar).
public sealed class CadenceSpan
{
    public double Hours { get; set; }
    public int BusinessDays { get; set; }

    public DateTime AddTo(DateTime from, BusinessCalendar calendar) =>
        BusinessDays <= 0 ? from.AddHours(Hours) : calendar.AddBusinessDays(from, BusinessDays);

    public override string ToString() => BusinessDays > 0
        ? $"{BusinessDays} business day{(BusinessDays == 1 ? "" : "s")}"
        : $"{Hours:0.#} hour{(Hours == 1 ? "" : "s")}";
}

public sealed class CadenceEntry
{
    public CadenceSpan Internal { get; set; } = new();
    public CadenceSpan CustomerDue { get; set; } = new();
    public CadenceSpan CustomerOverdue { get; set; } = new();
}

// PRODUCT.md §3, bound from the "Cadence" section of appsettings.json; these defaults are the spec's table.
public sealed class CadenceOptions
{
    public CadenceEntry Critical { get; set; } = new()
    {
        Internal = new() { Hours = 2 }, CustomerDue = new() { Hours = 2 }, CustomerOverdue = new() { Hours = 4 },
    };
    public CadenceEntry High { get; set; } = new()
    {
        Internal = new() { Hours = 4 }, CustomerDue = new() { Hours = 4 }, CustomerOverdue = new() { Hours = 8 },
    };
    public CadenceEntry Medium { get; set; } = new()
    {
        Internal = new() { BusinessDays = 1 }, CustomerDue = new() { BusinessDays = 1 }, CustomerOverdue = new() { BusinessDays = 2 },
    };

    public CadenceEntry For(Severity severity) => severity switch
    {
        Severity.Critical => Critical,
        Severity.High => High,
        _ => Medium,
    };
}

public enum TimerState { Waiting, Due, Overdue }

// When a timer is due and overdue, stated once: the queue's filters and the dashboard's counts compare the stored
// OverdueFrom (EscalationDerivation) with now, exactly as IsOverdue does here.
public sealed record FollowUpTimer(DateTime DueAt, DateTime OverdueAt)
{
    // A timer due and overdue at once (internal follow-ups) is overdue from that instant; any other just after its overdue
    // time: one microsecond, the finest instant every database engine stores (PostgreSQL keeps no finer).
    public DateTime OverdueFrom => OverdueAt == DueAt ? OverdueAt : OverdueAt.AddMicroseconds(1);

    public bool IsDue(DateTime now) => now >= DueAt;
    public bool IsOverdue(DateTime now) => now >= OverdueFrom;

    public TimerState StateAt(TimeProvider clock)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        return IsOverdue(now) ? TimerState.Overdue : IsDue(now) ? TimerState.Due : TimerState.Waiting;
    }
}

public sealed record FollowUpSchedule(FollowUpTimer Internal, FollowUpTimer Customer);

// A timer is due at the lower bound and overdue past the upper bound; internal follow-ups are due and overdue at once.
// Each timer runs from the later of the escalation time and its last logged follow-up or update; business days are the
// organisation's (its zone, working days and holidays; Monday to Friday in UTC when none is given).
public static class CadenceRules
{
    public static FollowUpSchedule Next(CadenceOptions options, Severity severity, DateTime escalatedAt,
        DateTime? lastInternalFollowUp = null, DateTime? lastCustomerUpdate = null, BusinessCalendar? calendar = null)
    {
        var entry = options.For(severity);
        calendar ??= BusinessCalendar.Default;
        var internalFrom = Later(escalatedAt, lastInternalFollowUp);
        var customerFrom = Later(escalatedAt, lastCustomerUpdate);
        var internalAt = entry.Internal.AddTo(internalFrom, calendar);
        return new(
            new FollowUpTimer(internalAt, internalAt),
            new FollowUpTimer(entry.CustomerDue.AddTo(customerFrom, calendar), entry.CustomerOverdue.AddTo(customerFrom, calendar)));
    }

    public static string Describe(CadenceOptions options, Severity severity)
    {
        var entry = options.For(severity);
        return $"internal follow-up every {entry.Internal}; customer update every {Range(entry.CustomerDue, entry.CustomerOverdue)}";
    }

    private static string Range(CadenceSpan low, CadenceSpan high) =>
        low.BusinessDays > 0 ? $"{low.BusinessDays}–{high}" : $"{low.Hours:0.#}–{high}";

    private static DateTime Later(DateTime a, DateTime? b) => b is DateTime v && v > a ? v : a;
}

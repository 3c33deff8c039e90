namespace EscalationDesk.Data;

// A reminder raised for one timer instant of an escalation, kept for its owner's account (AppUser.Id).
public sealed class Notification
{
    public long Id { get; set; }
    public int EscalationId { get; set; }
    public string OwnerId { get; set; } = "";
    public string Kind { get; set; } = "";
    public DateTime TimerAt { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? ReadAt { get; set; }
    public string Message { get; set; } = "";
}

// The instant up to which reminders have been raised (one row): the next tick raises what became due after it.
public sealed class ReminderCursor
{
    public const int SingleId = 1;

    public int Id { get; set; }
    public DateTime At { get; set; }
}

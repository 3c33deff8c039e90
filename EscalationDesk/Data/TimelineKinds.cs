namespace EscalationDesk.Data;

public static class TimelineKinds
{
    public const string Created = "created";
    public const string Discarded = "discarded";
    public const string AttachmentAdded = "attachment-added";
    public const string AttachmentRemoved = "attachment-removed";
    public const string Exported = "exported";
    public const string Snapshot = "snapshot";
    public const string Shared = "shared";
    public const string StatusChanged = "status";
    public const string FollowUp = "follow-up";
    public const string CustomerUpdate = "customer-update";
    public const string SeverityChanged = "severity";
    public const string Edited = "edited";
    public const string OwnerChanged = "owner";
    public const string ChatPosted = "chat";
    public const string ChatFailed = "chat-failed";
    // The escalation's customer account (plan, ARR, contacts) was changed: written on every escalation of that customer.
    public const string AccountEdited = "account-edited";
}

// Who an event is shown as when the app, not a person, did it (a chat post the webhook refused, a timeout).
public static class TimelineActors
{
    public const string System = "EscalationDesk";
}

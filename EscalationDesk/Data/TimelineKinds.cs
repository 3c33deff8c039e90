namespace EscalationDesk.Data;

public static class TimelineKinds
{
    public const string Created = "created";
    public const string Discarded = "discarded";
    public const string AttachmentAdded = "attachment-added";
    public const string AttachmentRemoved = "attachment-removed";
    public const string Exported = "exported";
}

namespace EscalationDesk.Data;

// The latest dashboard counted by one of several instances (one row, the Dashboard as JSON): the others read it instead of
// counting the same rows again. A single instance keeps its snapshot in memory only.
public sealed class SharedDashboard
{
    public const int SingleId = 1;

    public int Id { get; set; }
    public DateTime CountedAt { get; set; }
    public string Json { get; set; } = "";
}

namespace EscalationDesk.Features.Judgment;

// Something missing or weak, pointing at the step (1-7) and field where the agent can fix it.
public sealed record Finding(int Step, string Field, string Message);

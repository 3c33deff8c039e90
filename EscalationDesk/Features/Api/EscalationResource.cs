using EscalationDesk.Data;
using EscalationDesk.Features.Judgment;

namespace EscalationDesk.Features.Api;

// The one JSON shape of an escalation outside the app: GET /api/v1/escalations/{id} answers it and every webhook's
// "data" is it (serialised with ApiJson.Options, snake_case).
// STUB written by the coordinator so the API and the webhooks can be built side by side: the api branch fills it in
// (fields, timers, assessment, external_ref); keep this signature.
public sealed record EscalationResource(int Id, int Version, string Status, string Summary, string? Customer, string? Severity, string Owner,
    DateTime CreatedAt, DateTime UpdatedAt)
{
    public static EscalationResource Of(Escalation e, JudgmentFacts facts, DateTime now) =>
        new(e.Id, e.Version, ApiJson.Status(e.Status), e.Summary, e.CustomerName, e.Severity?.ToString().ToLowerInvariant(), e.Owner, e.CreatedAt, e.UpdatedAt);
}

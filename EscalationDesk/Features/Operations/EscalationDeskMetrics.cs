using System.Diagnostics.Metrics;
using Microsoft.AspNetCore.Components.Server.Circuits;

namespace EscalationDesk.Features.Operations;

// The app's own counters, on the Meter "EscalationDesk" (exported by Telemetry when OTLP or Prometheus is on; with neither,
// nothing listens and an Add costs next to nothing). One static meter: the services that count are created by many
// scopes and by tests directly, and a Meter is meant to live as long as the process. In Prometheus the names become
// escalationdesk_autosaves_total and so on (dots to underscores, "_total" after a counter).
public static class EscalationDeskMetrics
{
    public const string MeterName = "EscalationDesk";

    public static readonly Meter Meter = new(MeterName, typeof(EscalationDeskMetrics).Assembly.GetName().Version?.ToString());

    // Circuits (open tabs of the app) held by this instance: +1 when one opens, -1 when it closes or its retention expires.
    public static readonly UpDownCounter<long> CircuitsOpen =
        Meter.CreateUpDownCounter<long>("escalationdesk.circuits.open", "{circuit}", "Blazor circuits open on this instance");

    // Saves of a wizard draft (the autosave, and the save before an export), as the database acknowledged them.
    public static readonly Counter<long> Autosaves =
        Meter.CreateCounter<long>("escalationdesk.autosaves", "{save}", "Wizard saves acknowledged by the database");

    // New records started in the wizard (DraftsService.CreateAsync); escalated: records that became escalations.
    public static readonly Counter<long> EscalationsCreated =
        Meter.CreateCounter<long>("escalationdesk.escalations.created", "{escalation}", "Escalation records started (drafts)");

    public static readonly Counter<long> EscalationsEscalated =
        Meter.CreateCounter<long>("escalationdesk.escalations.escalated", "{escalation}", "Drafts escalated");

    // Follow-up reminders raised by ReminderService (one per overdue timer and owner).
    public static readonly Counter<long> RemindersRaised =
        Meter.CreateCounter<long>("escalationdesk.reminders.raised", "{reminder}", "Follow-up reminders raised");

    // Outgoing webhooks: each delivery attempt that was answered with success, and each that failed.
    public static readonly Counter<long> WebhookDeliveries =
        Meter.CreateCounter<long>("escalationdesk.webhook.deliveries", "{delivery}", "Webhook deliveries that succeeded");

    public static readonly Counter<long> WebhookFailures =
        Meter.CreateCounter<long>("escalationdesk.webhook.failures", "{delivery}", "Webhook deliveries that failed");
}

// Counts circuits for EscalationDeskMetrics.CircuitsOpen (one handler per circuit, as every CircuitHandler).
public sealed class CircuitMetricsHandler : CircuitHandler
{
    public override Task OnCircuitOpenedAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        EscalationDeskMetrics.CircuitsOpen.Add(1);
        return Task.CompletedTask;
    }

    public override Task OnCircuitClosedAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        EscalationDeskMetrics.CircuitsOpen.Add(-1);
        return Task.CompletedTask;
    }
}

using System.Text.Json.Nodes;
using EscalationDesk.Data;
using Microsoft.EntityFrameworkCore;

namespace EscalationDesk.Features.Tickets;

// Posts the pending write-backs (TicketWriteBack rows) to Zendesk or Zammad, one instance at a time (IInstances claim).
// Woken when a row is written here; polls for rows of other instances and retries that came due. A failure that may pass
// (timeout, network, 408, 429, 5xx) is tried again on a schedule, a 429's Retry-After honoured; others (401, 403, 404, 422,
// not connected) fail at once. The timeline says the outcome: posted, failed and retrying (once), or given up.
// At least once: a crash between the helpdesk's answer and the row's update posts it again on the next run.
public sealed class TicketWriteBackWorker(IDbContextFactory<EscalationDeskDbContext> dbFactory, IServiceScopeFactory scopes, ConnectorHttp http,
    IInstances instances, TimeProvider clock, ILogger<TicketWriteBackWorker> logger) : BackgroundService
{
    public static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(5);

    // The waits after attempts 1..4; after the fifth failure it is given up.
    public static readonly IReadOnlyList<TimeSpan> Retries =
        [TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(30), TimeSpan.FromHours(2)];

    private readonly SemaphoreSlim _signal = new(0, 1);

    public void Wake()
    {
        try { _signal.Release(); }
        catch (SemaphoreFullException) { }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await RunDueAsync(stoppingToken);
                using var cts = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
                await Task.WhenAny(_signal.WaitAsync(cts.Token), Task.Delay(PollInterval, clock, cts.Token));
                await cts.CancelAsync();
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                logger.LogError(ex, "Ticket write-backs failed; trying again shortly");
                try { await Task.Delay(PollInterval, clock, stoppingToken); } catch (OperationCanceledException) { return; }
            }
        }
    }

    // Every write-back due now, oldest first; the number attempted.
    public async Task<int> RunDueAsync(CancellationToken ct = default)
    {
        await using var claim = await instances.TryClaimAsync("ticket-writebacks", TimeSpan.Zero, ct);
        if (claim is null) return 0;
        var attempted = 0;
        for (var round = 0; round < 100; round++)
        {
            List<TicketWriteBack> due;
            await using (var db = await dbFactory.CreateDbContextAsync(ct))
            {
                var now = clock.GetUtcNow().UtcDateTime;
                due = await db.TicketWriteBacks.AsNoTracking().Where(w => w.State == WriteBackState.Pending && w.NextAttemptAt <= now)
                    .OrderBy(w => w.Id).Take(16).ToListAsync(ct);
            }
            if (due.Count == 0) break;
            foreach (var row in due) await AttemptAsync(row, ct);
            attempted += due.Count;
        }
        return attempted;
    }

    private async Task AttemptAsync(TicketWriteBack row, CancellationToken ct)
    {
        var what = TicketWriteBacks.What(row.Kind, row.System, row.TicketId);
        TicketConnectorException? failure = null;
        try
        {
            await PostAsync(row, ct);
        }
        catch (TicketConnectorException ex)
        {
            failure = ex;
        }
        catch (Exception ex) when (ex is InvalidOperationException or NullReferenceException or FormatException or System.Text.Json.JsonException)
        {
            logger.LogWarning(ex, "Write-back {Id}: unexpected answer", row.Id);
            failure = new TicketConnectorException($"{row.System} answered in a shape this app does not read.");
        }

        var at = clock.GetUtcNow().UtcDateTime;
        var attempt = row.Attempts + 1;
        var (state, next, detail, kind) = (WriteBackState.Done, (DateTime?)null, Capitalised(what.Replace(" on ", " added to ")) + ".", TicketWriteBacks.PostedKind);
        if (failure is not null)
        {
            logger.LogInformation("Write-back {Id} ({What}), attempt {Attempt}: {Error}", row.Id, what, attempt, failure.Message);
            kind = TicketWriteBacks.FailedKind;
            if (failure.Transient && attempt <= Retries.Count)
            {
                var wait = Retries[attempt - 1];
                if (failure.RetryAfter is { } asked && asked > wait) wait = asked < Retries[^1] ? asked : Retries[^1];
                (state, next) = (WriteBackState.Pending, at + wait);
                // Said once, at the first failure; later attempts say only their outcome.
                detail = attempt == 1 ? $"Could not add the {what} yet: {failure.Message} Trying again at {next:HH:mm} UTC." : null;
            }
            else
            {
                state = WriteBackState.Failed;
                detail = attempt == 1 ? $"Could not add the {what}: {failure.Message}" : $"Gave up adding the {what} after {attempt} attempts: {failure.Message}";
            }
        }

        await using var db = await dbFactory.CreateDbContextAsync(CancellationToken.None);
        await db.TicketWriteBacks.Where(w => w.Id == row.Id).ExecuteUpdateAsync(u => u
            .SetProperty(w => w.State, state).SetProperty(w => w.Attempts, attempt).SetProperty(w => w.NextAttemptAt, next)
            .SetProperty(w => w.LastError, failure == null ? null : TicketImport.Cut(failure.Message, 1_000)), CancellationToken.None);
        if (detail is null) return;
        db.Timeline.Add(new TimelineEvent
        {
            EscalationId = row.EscalationId, At = at, Actor = TimelineActors.System, Kind = kind,
            Detail = row.Kind == WriteBackKind.PublicReply ? $"{detail} Requested by {row.RequestedBy}." : detail,
        });
        await db.SaveChangesAsync(CancellationToken.None);
    }

    private async Task PostAsync(TicketWriteBack row, CancellationToken ct)
    {
        ConnectorConfig config;
        await using (var scope = scopes.CreateAsyncScope())
            config = await scope.ServiceProvider.GetRequiredService<TicketConnections>().GetAsync(row.System, ct)
                ?? throw new TicketConnectorException($"{row.System} is no longer connected (Admin → Connections).");
        var what = $"ticket {row.TicketId}";
        var isPublic = row.Kind == WriteBackKind.PublicReply;
        if (row.System == TicketSystem.Zendesk)
        {
            // Update Ticket with a comment: https://developer.zendesk.com/api-reference/ticketing/tickets/tickets/#update-ticket
            var body = new JsonObject { ["ticket"] = new JsonObject { ["comment"] = new JsonObject { ["body"] = row.Body, ["public"] = isPublic } } };
            await http.SendAsync(config, HttpMethod.Put, $"api/v2/tickets/{row.TicketId}.json", body, what, ct);
            return;
        }
        // Zammad: an internal note is type "note", internal; a reply to the customer an outgoing email by the agent
        // (type "email", sender "Agent", internal false, to the ticket's customer): https://docs.zammad.org/en/latest/api/ticket/articles.html
        var article = new JsonObject
        {
            ["ticket_id"] = long.Parse(row.TicketId, System.Globalization.CultureInfo.InvariantCulture), ["body"] = row.Body,
            ["content_type"] = "text/plain", ["internal"] = !isPublic, ["type"] = isPublic ? "email" : "note",
        };
        if (isPublic)
        {
            var ticket = await http.GetAsync(config, $"api/v1/tickets/{row.TicketId}", what, ct);
            var customer = await http.GetAsync(config, $"api/v1/users/{ticket["customer_id"]!.GetValue<long>()}", $"the customer of {what}", ct);
            article["sender"] = "Agent";
            article["to"] = customer["email"]?.GetValue<string>() ?? throw new TicketConnectorException($"The customer of Zammad {what} has no email address.");
            article["subject"] = ticket["title"]?.GetValue<string>() ?? "";
        }
        await http.SendAsync(config, HttpMethod.Post, "api/v1/ticket_articles", article, what, ct);
    }

    private static string Capitalised(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];
}

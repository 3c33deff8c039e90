using System.Data.Common;
using EscalationDesk.Data;
using EscalationDesk.Features.Judgment;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace EscalationDesk.Features.Notifications;

// One PeriodicTimer on the TimeProvider. Each tick raises the reminders of timers that became due or overdue since the
// last tick: the stored cursor (ReminderCursor) is that tick's instant, and the window (cursor, now] is read by range seeks
// on the timer indexes, so an idle tick costs a few index probes whatever the table's size. A restart resumes from the
// cursor (what came due while the app was down is raised then); the unique key (EscalationId, Kind, TimerAt) makes a
// second look, or a second reminder service on the same database, raise nothing twice, and on PostgreSQL the instances
// take turns (IInstances.TryClaimAsync).
public sealed class ReminderService(IServiceScopeFactory scopes, TimeProvider clock, INotificationPublisher publisher, IConfiguration configuration,
    ILogger<ReminderService> logger) : BackgroundService
{
    // A database with no cursor yet (new, freshly seeded, or upgraded from the version that had none) starts one hour back:
    // that covers an upgrade's downtime without raising the many historic reminders a seeded or long-used database holds
    // (the old service had raised those it saw; the unique key skips them).
    public static readonly TimeSpan FirstLookBack = TimeSpan.FromHours(1);

    // A save stamps UpdatedAt before it commits, so a tick may miss a row saved just as it looked: the next tick looks again that far back.
    public static readonly TimeSpan SavedLookBack = TimeSpan.FromMinutes(1);

    private sealed record Candidate(int Id, string Summary, string? OwnerId, EscalationStatus Status, DateTime UpdatedAt,
        DateTime? NextInternalDueAt, DateTime? NextInternalOverdueAt, DateTime? NextCustomerDueAt, DateTime? NextCustomerOverdueAt);

    private sealed record Reminder(int EscalationId, string OwnerId, string Kind, DateTime TimerAt, string Message);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var seconds = configuration.GetValue("Reminders:IntervalSeconds", 30.0);
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(Math.Max(0.05, seconds)), clock);
        do
        {
            try
            {
                await RaiseDueAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogError(ex, "Raising follow-up reminders failed; trying again next tick");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    public async Task<int> RaiseDueAsync(CancellationToken ct)
    {
        using var scope = scopes.CreateScope();
        // With several instances one raises at a time, reading the cursor only once it holds the claim; another that finds
        // the claim taken skips this tick (the holder raises up to its now).
        var instances = scope.ServiceProvider.GetService<IInstances>() ?? SingleInstance.Instance;
        await using var claim = await instances.TryClaimAsync("reminders", TimeSpan.Zero, ct);
        if (claim is null) return 0;
        var dbFactory = scope.ServiceProvider.GetRequiredService<IDbContextFactory<EscalationDeskDbContext>>();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var now = clock.GetUtcNow().UtcDateTime;
        var from = await db.ReminderCursors.AsNoTracking().Where(c => c.Id == ReminderCursor.SingleId).Select(c => (DateTime?)c.At).SingleOrDefaultAsync(ct)
            ?? now - FirstLookBack;
        if (now <= from) return 0;   // another reminder service already raised up to here

        var reminders = (await CandidatesAsync(db, from, now, ct)).SelectMany(e => RemindersOf(e, from, now)).ToList();

        // Both writes in one transaction that starts by taking the write lock: a reminder is stored exactly when the cursor moves past it.
        List<RaisedNotification> raised;
        await using (var tx = await db.Database.BeginTransactionAsync(ct))
        {
            raised = await InsertAsync(db, tx, reminders, now, ct);
            await AdvanceCursorAsync(db, tx, now, ct);
            // followup.due / followup.overdue webhooks of the reminders stored now, in their transaction.
            if (scope.ServiceProvider.GetService<Webhooks.WebhookOutbox>() is { } webhooks)
                await webhooks.AddFollowUpsAsync(db, raised.Select(r => (r.EscalationId, Overdue: r.Message.Contains(" overdue:", StringComparison.Ordinal), now)).ToList(), ct);
            await tx.CommitAsync(ct);
        }
        Operations.EscalationDeskMetrics.RemindersRaised.Add(raised.Count);
        if (raised.Count > 0) await publisher.PublishAsync(raised, ct);
        return raised.Count;
    }

    // The escalations with a timer instant in the window, and those saved in it with a timer already due (a timer
    // recomputed into the past, e.g. by a severity change, or an escalation given to an owner with an account). Each is a
    // range of an index: (NextInternalDueAt, Status), (NextCustomerDueAt, Status), (NextCustomerOverdueAt, Status), UpdatedAt.
    private static async Task<IEnumerable<Candidate>> CandidatesAsync(EscalationDeskDbContext db, DateTime from, DateTime now, CancellationToken ct)
    {
        var owned = db.Escalations.AsNoTracking().Where(e => e.OwnerId != null);
        var savedFrom = from - SavedLookBack;
        var queries = new[]
        {
            owned.Where(e => e.NextInternalDueAt >= from && e.NextInternalDueAt <= now),
            owned.Where(e => e.NextCustomerDueAt >= from && e.NextCustomerDueAt <= now),
            owned.Where(e => e.NextCustomerOverdueAt >= from && e.NextCustomerOverdueAt <= now),
            owned.Where(e => e.UpdatedAt > savedFrom && e.UpdatedAt <= now && (e.NextInternalDueAt <= now || e.NextCustomerDueAt <= now)),
        };
        var found = new Dictionary<int, Candidate>();
        foreach (var query in queries)
            foreach (var e in await query.Select(e => new Candidate(e.Id, e.Summary, e.OwnerId, e.Status, e.UpdatedAt,
                         e.NextInternalDueAt, e.NextInternalOverdueAt, e.NextCustomerDueAt, e.NextCustomerOverdueAt)).ToListAsync(ct))
                found.TryAdd(e.Id, e);
        return found.Values.Where(e => LifecycleRules.TimersRun(e.Status));
    }

    // A timer's reminder is raised when it crosses into due or overdue within the window, or, for a row saved in the
    // window, when it is due now. A customer update already overdue raises only the overdue reminder.
    private static IEnumerable<Reminder> RemindersOf(Candidate e, DateTime from, DateTime now)
    {
        var saved = e.UpdatedAt > from - SavedLookBack;
        bool Crossed(Func<DateTime, bool> isAt) => isAt(now) && (saved || !isAt(from));
        if (e.NextInternalDueAt is DateTime internalDue)
        {
            var timer = new FollowUpTimer(internalDue, e.NextInternalOverdueAt ?? internalDue);
            if (Crossed(timer.IsDue))
                yield return new(e.Id, e.OwnerId!, "internal", internalDue, $"Internal follow-up {(timer.IsOverdue(now) ? "overdue" : "due")}: ESC-{e.Id} {e.Summary}");
        }
        if (e.NextCustomerDueAt is DateTime customerDue)
        {
            var timer = new FollowUpTimer(customerDue, e.NextCustomerOverdueAt ?? customerDue);
            if (Crossed(timer.IsOverdue))
                yield return new(e.Id, e.OwnerId!, "customer-overdue", timer.OverdueAt, $"Customer update overdue: ESC-{e.Id} {e.Summary}");
            else if (!timer.IsOverdue(now) && Crossed(timer.IsDue))
                yield return new(e.Id, e.OwnerId!, "customer-due", customerDue, $"Customer update due: ESC-{e.Id} {e.Summary}");
        }
    }

    // One multi-row INSERT ... ON CONFLICT DO NOTHING RETURNING (the same SQL on SQLite and PostgreSQL), in chunks that keep
    // within SQLite's parameter limit: a reminder already raised is skipped, and only those stored now are published.
    private static async Task<List<RaisedNotification>> InsertAsync(EscalationDeskDbContext db, IDbContextTransaction tx, List<Reminder> reminders,
        DateTime now, CancellationToken ct)
    {
        var raised = new List<RaisedNotification>();
        foreach (var chunk in reminders.Chunk(1_000))
        {
            await using var command = db.Database.GetDbConnection().CreateCommand();
            command.Transaction = tx.GetDbTransaction();
            var rows = new List<string>();
            Add(command, "@now", now);
            for (var i = 0; i < chunk.Length; i++)
            {
                var r = chunk[i];
                rows.Add($"(@e{i}, @o{i}, @k{i}, @t{i}, @now, @m{i})");
                Add(command, $"@e{i}", r.EscalationId);
                Add(command, $"@o{i}", r.OwnerId);
                Add(command, $"@k{i}", r.Kind);
                Add(command, $"@t{i}", r.TimerAt);
                Add(command, $"@m{i}", r.Message.Length > 500 ? r.Message[..499] + "…" : r.Message);
            }
            command.CommandText = $"""
                INSERT INTO "Notifications" ("EscalationId", "OwnerId", "Kind", "TimerAt", "CreatedAt", "Message")
                VALUES {string.Join(", ", rows)}
                ON CONFLICT ("EscalationId", "Kind", "TimerAt") DO NOTHING
                RETURNING "OwnerId", "EscalationId", "Message"
                """;
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct)) raised.Add(new(reader.GetString(0), reader.GetInt32(1), reader.GetString(2)));
        }
        return raised;
    }

    // Only forward: a reminder service whose clock is behind another's never moves the cursor back.
    private static async Task AdvanceCursorAsync(EscalationDeskDbContext db, IDbContextTransaction tx, DateTime now, CancellationToken ct)
    {
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.Transaction = tx.GetDbTransaction();
        command.CommandText = """
            INSERT INTO "ReminderCursors" ("Id", "At") VALUES (@id, @now)
            ON CONFLICT ("Id") DO UPDATE SET "At" = excluded."At" WHERE excluded."At" > "ReminderCursors"."At"
            """;
        Add(command, "@id", ReminderCursor.SingleId);
        Add(command, "@now", now);
        await command.ExecuteNonQueryAsync(ct);
    }

    private static void Add(DbCommand command, string name, object value)
    {
        var p = command.CreateParameter();
        p.ParameterName = name;
        p.Value = value;
        command.Parameters.Add(p);
    }
}

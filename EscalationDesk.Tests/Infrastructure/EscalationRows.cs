using EscalationDesk.Data;
using EscalationDesk.Features.Judgment;
using Microsoft.EntityFrameworkCore;

namespace EscalationDesk.Tests.Infrastructure;

// Escalations as the queue and dashboard read them, written straight to the database (as the seed command does): the
// content says the summary, customer, severity, targets and ARR, and the save derives their columns (EscalationDerivation).
// The timers are the ones a test names (hours from `now`), pinned after the save as a row escalated under another cadence
// table would hold them; drafts and stopped escalations have none.
public static class EscalationRows
{
    public static async Task<int> AddAsync(IDbContextFactory<EscalationDeskDbContext> dbFactory, DateTime now, string summary,
        EscalationStatus status = EscalationStatus.Escalated, Severity severity = Severity.High, string targets = "Engineering",
        string owner = "Ana", int? accountId = null, string? customer = "Acme", decimal? arr = null, double escalatedHoursAgo = 1,
        double internalDueInHours = 3, double customerDueInHours = 3, double customerOverdueInHours = 7, int[]? linked = null,
        Action<Escalation>? change = null)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        // As in the app, a customer name is its account's name: the account is found or made.
        if (accountId is null && customer is not null)
        {
            var account = await db.Accounts.FirstOrDefaultAsync(a => a.Name == customer)
                ?? db.Accounts.Add(new Account { Name = customer, CreatedAt = now, UpdatedAt = now }).Entity;
            await db.SaveChangesAsync();
            accountId = account.Id;
        }
        var e = new Escalation
        {
            Status = status, Owner = owner, ReportedBy = owner, CreatedAt = now, UpdatedAt = now, Version = 1, EscalatedAt = now.AddHours(-escalatedHoursAgo),
        };
        e.Content.Understand.Summary = summary;
        e.Content.Understand.AccountId = accountId;
        e.Content.Impact.ChosenSeverity = severity;
        e.Content.Impact.ArrAtRisk = arr;
        var chosen = targets.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(t => Enum.Parse<EscalationTarget>(t.Replace(" ", ""))).ToList();
        e.Content.Target.ChosenTargets = chosen;
        e.Content.Target.ChosenPrimary = chosen.Count > 0 ? chosen[0] : null;
        e.Content.Context.LinkedSimilar = [.. linked ?? []];
        change?.Invoke(e);
        db.Escalations.Add(e);
        await db.SaveChangesAsync();
        await db.DatabaseProvider().Search.IndexAsync(db, e.Id, e.Content, CancellationToken.None);
        if (LifecycleRules.TimersRun(status))
        {
            var internalTimer = new FollowUpTimer(now.AddHours(internalDueInHours), now.AddHours(internalDueInHours));
            var customerTimer = new FollowUpTimer(now.AddHours(customerDueInHours), now.AddHours(customerOverdueInHours));
            var overdueFrom = internalTimer.OverdueFrom < customerTimer.OverdueFrom ? internalTimer.OverdueFrom : customerTimer.OverdueFrom;
            await db.Escalations.Where(x => x.Id == e.Id).ExecuteUpdateAsync(u => u
                .SetProperty(x => x.NextInternalDueAt, internalTimer.DueAt).SetProperty(x => x.NextInternalOverdueAt, internalTimer.OverdueAt)
                .SetProperty(x => x.NextCustomerDueAt, customerTimer.DueAt).SetProperty(x => x.NextCustomerOverdueAt, customerTimer.OverdueAt)
                .SetProperty(x => x.InternalOverdueFrom, internalTimer.OverdueFrom).SetProperty(x => x.CustomerOverdueFrom, customerTimer.OverdueFrom)
                .SetProperty(x => x.OverdueFrom, overdueFrom));
        }
        return e.Id;
    }
}

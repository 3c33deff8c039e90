using EscalationDesk.Data;
using EscalationDesk.Features.Judgment;
using Microsoft.EntityFrameworkCore;

namespace EscalationDesk.Tests.Infrastructure;

// Escalations as the queue and dashboard read them, written straight to the database (as the seed command does),
// with the columns WizardService.SaveAsync keeps and the full-text index. Times are hours from `now`.
public static class EscalationRows
{
    public static async Task<int> AddAsync(IDbContextFactory<EscalationDeskDbContext> dbFactory, DateTime now, string summary,
        EscalationStatus status = EscalationStatus.Escalated, Severity severity = Severity.High, string targets = "Engineering",
        string owner = "Ana", int? accountId = null, string? customer = "Acme", double? arr = null, double escalatedHoursAgo = 1,
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
            Summary = summary, Status = status, Severity = severity, Targets = targets, Owner = owner, ReportedBy = owner,
            PrimaryTarget = Enum.TryParse<EscalationTarget>(targets.Split(',')[0].Replace(" ", ""), out var primary) ? primary : null,
            AccountId = accountId, CustomerName = customer, ArrAtRisk = arr, CreatedAt = now, UpdatedAt = now, Version = 1,
            EscalatedAt = now.AddHours(-escalatedHoursAgo),
            NextInternalDueAt = now.AddHours(internalDueInHours), NextInternalOverdueAt = now.AddHours(internalDueInHours),
            NextCustomerDueAt = now.AddHours(customerDueInHours), NextCustomerOverdueAt = now.AddHours(customerOverdueInHours),
        };
        e.Content.Understand.Summary = summary;
        e.Content.Context.LinkedSimilar = [.. linked ?? []];
        e.LinkedSimilarCount = e.Content.Context.LinkedSimilar.Count;
        change?.Invoke(e);
        db.Escalations.Add(e);
        await db.SaveChangesAsync();
        await db.DatabaseProvider().Search.IndexAsync(db, e.Id, e.Content, CancellationToken.None);
        return e.Id;
    }
}

using System.ComponentModel.DataAnnotations;
using System.Text.Json;
using EscalationDesk.Data;
using EscalationDesk.Features.Escalations;
using EscalationDesk.Features.Users;
using EscalationDesk.Features.Wizard;
using Microsoft.EntityFrameworkCore;

namespace EscalationDesk.Features.Accounts;

// TimeZone: the zone the customer's messages state times in; null means the organisation's.
public sealed record AccountSummary(int Id, string Name, string Plan, decimal? Arr, string KeyContacts, string? TimeZone = null);

public sealed class AccountInput
{
    [Required(ErrorMessage = "Name is required.")]
    [StringLength(TextLimits.Name, ErrorMessage = TextLimits.TooLongMessage)]
    public string Name { get; set; } = "";

    [StringLength(TextLimits.Name, ErrorMessage = TextLimits.TooLongMessage)]
    public string Plan { get; set; } = "";

    [Display(Name = "ARR")]
    [Range(typeof(decimal), "0", "1000000000000", ErrorMessage = "{0} must be zero or more.")]
    public decimal? Arr { get; set; }

    [Display(Name = "Key contacts")]
    [StringLength(TextLimits.Short, ErrorMessage = TextLimits.TooLongMessage)]
    public string KeyContacts { get; set; } = "";

    // Empty means the organisation's zone.
    [Display(Name = "Time zone")]
    public string? TimeZone { get; set; }

    public static AccountInput From(AccountSummary a) =>
        new() { Name = a.Name, Plan = a.Plan, Arr = a.Arr, KeyContacts = a.KeyContacts, TimeZone = a.TimeZone };
}

public sealed class AccountService(IDbContextFactory<EscalationDeskDbContext> dbFactory, TimeProvider clock, ICurrentUser user)
{
    public async Task<IReadOnlyList<AccountSummary>> SearchAsync(string? text, CancellationToken ct = default)
    {
        user.RequireSignedIn();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var query = db.Accounts.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(text))
        {
            var pattern = $"%{EscapeLike(text.Trim())}%";
            query = query.Where(a => EF.Functions.Like(a.Name, pattern, "\\"));
        }
        return await query.OrderBy(a => a.Name).Take(20)
            .Select(a => new AccountSummary(a.Id, a.Name, a.Plan, a.Arr, a.KeyContacts, a.TimeZone))
            .ToListAsync(ct);
    }

    public async Task<AccountSummary?> GetAsync(int id, CancellationToken ct = default)
    {
        user.RequireSignedIn();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Accounts.AsNoTracking().Where(a => a.Id == id)
            .Select(a => new AccountSummary(a.Id, a.Name, a.Plan, a.Arr, a.KeyContacts, a.TimeZone))
            .SingleOrDefaultAsync(ct);
    }

    public async Task<AccountSummary> CreateAsync(AccountInput input, CancellationToken ct = default)
    {
        user.RequireSignedIn();
        Validate(input);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var now = clock.GetUtcNow().UtcDateTime;
        var account = new Account { CreatedAt = now };
        Apply(input, account, now);
        db.Accounts.Add(account);
        await db.SaveChangesAsync(ct);
        return Summary(account);
    }

    public const string ReadOnlyReason = "Only Leads, Admins and agents who own an escalation of this customer can change its details.";

    // A customer is shared by every escalation of it, so a change is allowed to those answerable for one of them: Leads and
    // Admins, and agents who own an escalation linked to it (a draft included: the agent filling it in keeps the plan and
    // contacts right; a discarded draft no longer counts). Everyone else reads it.
    public async Task<bool> CanEditAsync(int id, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await MayEditAsync(db, id, ct);
    }

    private Task<bool> MayEditAsync(EscalationDeskDbContext db, int id, CancellationToken ct)
    {
        if (!user.IsSignedIn()) return Task.FromResult(false);
        if (user.SeesAll()) return Task.FromResult(true);
        var me = user.Id;
        return db.Escalations.AnyAsync(e => e.AccountId == id && e.OwnerId == me && e.DiscardedAt == null, ct);
    }

    // Refused (NotAllowedException) for someone who may not edit it, whatever the page offered. Every change is told on the
    // timeline of each escalation of the customer, with its old and new values, in the same transaction as the change.
    public async Task<AccountSummary?> UpdateAsync(int id, AccountInput input, CancellationToken ct = default)
    {
        user.RequireSignedIn();
        Validate(input);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var account = await db.Accounts.SingleOrDefaultAsync(a => a.Id == id, ct);
        if (account is null) return null;
        if (!await MayEditAsync(db, id, ct)) throw new NotAllowedException();
        var before = Summary(account);
        var now = clock.GetUtcNow().UtcDateTime;
        Apply(input, account, now);
        var after = Summary(account);
        var changes = AccountChanges.Between(before, after);
        if (changes.Count > 0)
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            await db.SaveChangesAsync(ct);
            await RecordOnTimelinesAsync(db, after, changes, now, ct);
            await transaction.CommitAsync(ct);
        }
        if (before.Name != after.Name) await RenameEscalationsAsync(db, account, ct);
        return after;
    }

    // One event per escalation of the customer, written in batches so a customer with thousands of them stays in bounds.
    private async Task RecordOnTimelinesAsync(EscalationDeskDbContext db, AccountSummary account, IReadOnlyList<FieldChange> changes, DateTime now, CancellationToken ct)
    {
        var detail = AccountChanges.Describe(account.Name, changes);
        var json = JsonSerializer.Serialize(changes);
        for (var after = 0; ;)
        {
            var ids = await db.Escalations.Where(e => e.AccountId == account.Id && e.Id > after).OrderBy(e => e.Id)
                .Select(e => e.Id).Take(RenameBatch).ToListAsync(ct);
            if (ids.Count == 0) return;
            var events = ids.Select(i => EscalationChange.Event(i, now, user.Name, TimelineKinds.AccountEdited, detail)).ToList();
            foreach (var e in events) e.Changes = json;
            db.Timeline.AddRange(events);
            await db.SaveChangesAsync(ct);
            foreach (var e in events) db.Entry(e).State = EntityState.Detached;
            after = ids[^1];
        }
    }

    private static AccountSummary Summary(Account a) => new(a.Id, a.Name, a.Plan, a.Arr, a.KeyContacts, a.TimeZone);

    public const int RenameBatch = 500;

    // The queue shows and sorts by the customer's name, kept on each escalation: its escalations are saved again in batches
    // beside the tracked account, and the save derives the new name (EscalationDerivation). A batch that someone else saved
    // meanwhile (a Version conflict) is read and saved again.
    private static async Task RenameEscalationsAsync(EscalationDeskDbContext db, Account account, CancellationToken ct)
    {
        for (var after = 0; ;)
        {
            var batch = await db.Escalations.Where(e => e.AccountId == account.Id && e.Id > after).OrderBy(e => e.Id).Take(RenameBatch).ToListAsync(ct);
            if (batch.Count == 0) return;
            foreach (var e in batch) db.Rederive(e);
            try
            {
                await db.SaveChangesAsync(ct);
                after = batch[^1].Id;
            }
            catch (DbUpdateConcurrencyException)
            {
            }
            foreach (var e in batch) db.Entry(e).State = EntityState.Detached;
        }
    }

    private static void Validate(AccountInput input) =>
        Validator.ValidateObject(input, new ValidationContext(input), validateAllProperties: true);

    private static void Apply(AccountInput input, Account account, DateTime now)
    {
        account.Name = input.Name.Trim();
        account.Plan = input.Plan.Trim();
        account.Arr = input.Arr;
        account.KeyContacts = input.KeyContacts.Trim();
        // A name the tz database does not know is not kept: the customer then gets the organisation's zone.
        account.TimeZone = Judgment.WallClock.IsKnown(input.TimeZone) ? input.TimeZone!.Trim() : null;
        account.UpdatedAt = now;
    }

    internal static string EscapeLike(string text) =>
        text.Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_");
}

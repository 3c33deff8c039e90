using System.ComponentModel.DataAnnotations;
using EscalationDesk.Data;
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

public sealed class AccountService(IDbContextFactory<EscalationDeskDbContext> dbFactory, TimeProvider clock, EscalationDesk.Features.Users.ICurrentUser user)
{
    public async Task<IReadOnlyList<AccountSummary>> SearchAsync(string? text, CancellationToken ct = default)
    {
        EscalationDesk.Features.Users.CurrentUserExtensions.RequireSignedIn(user);
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
        EscalationDesk.Features.Users.CurrentUserExtensions.RequireSignedIn(user);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Accounts.AsNoTracking().Where(a => a.Id == id)
            .Select(a => new AccountSummary(a.Id, a.Name, a.Plan, a.Arr, a.KeyContacts, a.TimeZone))
            .SingleOrDefaultAsync(ct);
    }

    public async Task<AccountSummary> CreateAsync(AccountInput input, CancellationToken ct = default)
    {
        EscalationDesk.Features.Users.CurrentUserExtensions.RequireSignedIn(user);
        Validate(input);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var now = clock.GetUtcNow().UtcDateTime;
        var account = new Account { CreatedAt = now };
        Apply(input, account, now);
        db.Accounts.Add(account);
        await db.SaveChangesAsync(ct);
        return new AccountSummary(account.Id, account.Name, account.Plan, account.Arr, account.KeyContacts, account.TimeZone);
    }

    public async Task<AccountSummary?> UpdateAsync(int id, AccountInput input, CancellationToken ct = default)
    {
        EscalationDesk.Features.Users.CurrentUserExtensions.RequireSignedIn(user);
        Validate(input);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var account = await db.Accounts.SingleOrDefaultAsync(a => a.Id == id, ct);
        if (account is null) return null;
        Apply(input, account, clock.GetUtcNow().UtcDateTime);
        await db.SaveChangesAsync(ct);
        await RenameEscalationsAsync(db, account, ct);
        return new AccountSummary(account.Id, account.Name, account.Plan, account.Arr, account.KeyContacts, account.TimeZone);
    }

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

using EscalationDesk.Data;
using EscalationDesk.Features.Wizard;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace EscalationDesk.Features.Users;

public sealed record UserRow(string Id, string Email, string Name, string Role, bool Disabled);

public sealed record FieldError(string Field, string Message);

// The users, through Identity's UserManager, for the Admin pages (AdminUsersService checks the Admin), first-run setup
// and the `users` command. Each call takes its own scope: a circuit lives for hours, a UserManager and its DbContext must not.
public sealed class UserDirectory(IServiceScopeFactory scopes, TimeProvider clock, UserChanges changes)
{
    public async Task<bool> AnyAsync(CancellationToken ct = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>().Users.AnyAsync(ct);
    }

    public async Task<IReadOnlyList<UserRow>> ListAsync(CancellationToken ct = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<EscalationDeskDbContext>();
        var rows = await db.Users.AsNoTracking().OrderBy(u => u.DisplayName)
            .Select(u => new
            {
                u.Id, u.Email, u.DisplayName, u.DisabledAt,
                Role = db.UserRoles.Where(r => r.UserId == u.Id).Join(db.Roles, ur => ur.RoleId, r => r.Id, (ur, r) => r.Name).FirstOrDefault(),
            }).ToListAsync(ct);
        return rows.Select(u => new UserRow(u.Id, u.Email ?? "", u.DisplayName, u.Role ?? "", u.DisabledAt is not null)).ToList();
    }

    public async Task<string?> FindIdByEmailAsync(string email)
    {
        await using var scope = scopes.CreateAsyncScope();
        return (await scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>().FindByEmailAsync(email.Trim()))?.Id;
    }

    public async Task<(string? Id, IReadOnlyList<FieldError> Errors)> CreateAsync(string email, string name, string role, string password, CancellationToken ct = default)
    {
        var errors = new List<FieldError>();
        email = email.Trim();
        name = name.Trim();
        if (email.Length == 0) errors.Add(new("Email", "Email is required."));
        if (name.Length == 0) errors.Add(new("Name", "Name is required."));
        else if (name.Length > TextLimits.Name) errors.Add(new("Name", $"At most {TextLimits.Name} characters."));
        if (!Roles.All.Contains(role)) errors.Add(new("Role", $"The role is one of {string.Join(", ", Roles.All)}."));
        if (string.IsNullOrEmpty(password)) errors.Add(new("Password", "Password is required."));
        if (errors.Count > 0) return (null, errors);

        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        await EnsureRoleAsync(scope, role);
        var user = new AppUser { UserName = email, Email = email, DisplayName = name, CreatedAt = clock.GetUtcNow().UtcDateTime };
        var created = await users.CreateAsync(user, password);
        if (!created.Succeeded) return (null, Fields(created));
        await users.AddToRoleAsync(user, role);
        return (user.Id, []);
    }

    public async Task<IReadOnlyList<FieldError>> SetRoleAsync(string id, string role)
    {
        if (!Roles.All.Contains(role)) return [new("Role", $"The role is one of {string.Join(", ", Roles.All)}.")];
        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        if (await users.FindByIdAsync(id) is not { } user) return [new("", "No such user.")];
        await EnsureRoleAsync(scope, role);
        var current = await users.GetRolesAsync(user);
        if (current.Count > 0) await users.RemoveFromRolesAsync(user, current);
        await users.AddToRoleAsync(user, role);
        changes.Publish(id);
        return [];
    }

    // Disabling also changes the security stamp: the cookie of every open session fails its next check.
    public async Task<IReadOnlyList<FieldError>> SetDisabledAsync(string id, bool disabled)
    {
        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        if (await users.FindByIdAsync(id) is not { } user) return [new("", "No such user.")];
        user.DisabledAt = disabled ? clock.GetUtcNow().UtcDateTime : null;
        var result = await users.UpdateAsync(user);
        if (result.Succeeded && disabled) result = await users.UpdateSecurityStampAsync(user);
        changes.Publish(id);
        return Fields(result);
    }

    // A new password set by an Admin; it ends the user's open sessions.
    public async Task<IReadOnlyList<FieldError>> ResetPasswordAsync(string id, string password)
    {
        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        if (await users.FindByIdAsync(id) is not { } user) return [new("", "No such user.")];
        if (string.IsNullOrEmpty(password)) return [new("Password", "Password is required.")];
        var token = await users.GeneratePasswordResetTokenAsync(user);
        var result = await users.ResetPasswordAsync(user, token, password);
        if (!result.Succeeded) return Fields(result);
        changes.Publish(id);
        return [];
    }

    private static async Task EnsureRoleAsync(AsyncServiceScope scope, string role)
    {
        var roles = scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole>>();
        if (!await roles.RoleExistsAsync(role)) await roles.CreateAsync(new IdentityRole(role));
    }

    private static IReadOnlyList<FieldError> Fields(IdentityResult result) =>
        result.Errors.Select(e => new FieldError(
            e.Code.StartsWith("Password", StringComparison.Ordinal) ? "Password"
            : e.Code.Contains("Email", StringComparison.Ordinal) || e.Code.Contains("UserName", StringComparison.Ordinal) ? "Email" : "",
            e.Code.Contains("UserName", StringComparison.Ordinal) ? "A user with this email already exists." : e.Description)).ToList();
}

// The Admin pages' entry: the same operations, for Admins only, and never on oneself.
public sealed class AdminUsersService(UserDirectory directory, ICurrentUser user)
{
    public Task<IReadOnlyList<UserRow>> ListAsync(CancellationToken ct = default)
    {
        user.RequireAdmin();
        return directory.ListAsync(ct);
    }

    public Task<(string? Id, IReadOnlyList<FieldError> Errors)> CreateAsync(string email, string name, string role, string password, CancellationToken ct = default)
    {
        user.RequireAdmin();
        return directory.CreateAsync(email, name, role, password, ct);
    }

    public Task<IReadOnlyList<FieldError>> SetRoleAsync(string id, string role)
    {
        user.RequireAdmin();
        return id == user.Id ? Task.FromResult<IReadOnlyList<FieldError>>([new("Role", "You cannot change your own role.")]) : directory.SetRoleAsync(id, role);
    }

    public Task<IReadOnlyList<FieldError>> SetDisabledAsync(string id, bool disabled)
    {
        user.RequireAdmin();
        return id == user.Id ? Task.FromResult<IReadOnlyList<FieldError>>([new("", "You cannot disable yourself.")]) : directory.SetDisabledAsync(id, disabled);
    }

    public Task<IReadOnlyList<FieldError>> ResetPasswordAsync(string id, string password)
    {
        user.RequireAdmin();
        return directory.ResetPasswordAsync(id, password);
    }
}

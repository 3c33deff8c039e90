namespace EscalationDesk.Features.Users;

// dotnet run --project EscalationDesk -- users add --email E --name N --role R   (password on standard input)
//                                        users list
//                                        users disable --email E
// The password is never an argument: arguments end up in shell history and process lists.
public sealed record UsersCommand(string Action, string? Email, string? Name, string? Role, string? Database)
{
    public static UsersCommand? Parse(string[] args)
    {
        if (args.Length == 0 || args[0] != "users") return null;
        string? Value(string name) => Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : null;
        return new UsersCommand(args.Length > 1 ? args[1] : "", Value("--email"), Value("--name"), Value("--role"), Value("--database"));
    }

    public const string Usage = """
        Usage:
          users add --email E --name N --role Agent|Lead|Admin   (reads the password from standard input)
          users list
          users disable --email E
        """;

    public static async Task<int> RunAsync(IServiceProvider services, UsersCommand command, TextReader input, TextWriter output)
    {
        await using var scope = services.CreateAsyncScope();
        var directory = scope.ServiceProvider.GetRequiredService<UserDirectory>();
        switch (command.Action)
        {
            case "add" when command.Email is { } email && command.Name is { } name && command.Role is { } role:
            {
                var password = (await input.ReadLineAsync())?.TrimEnd('\r') ?? "";
                var (id, errors) = await directory.CreateAsync(email, name, role, password);
                if (id is null)
                {
                    foreach (var error in errors) await output.WriteLineAsync($"{(error.Field.Length > 0 ? error.Field + ": " : "")}{error.Message}");
                    return 1;
                }
                await output.WriteLineAsync($"Added {name} <{email}> as {role}.");
                return 0;
            }
            case "list":
                foreach (var u in await directory.ListAsync())
                    await output.WriteLineAsync($"{u.Email}\t{u.Name}\t{u.Role}\t{(u.Disabled ? "disabled" : "active")}");
                return 0;
            case "disable" when command.Email is { } email:
            {
                if (await directory.FindIdByEmailAsync(email) is not { } id)
                {
                    await output.WriteLineAsync($"No user has the email {email}.");
                    return 1;
                }
                await directory.SetDisabledAsync(id, disabled: true);
                await output.WriteLineAsync($"Disabled {email}; their open sessions end at their next action.");
                return 0;
            }
            default:
                await output.WriteLineAsync(Usage);
                return 2;
        }
    }
}

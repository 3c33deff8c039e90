using System.Globalization;
using EscalationDesk.Features.Users;
using Microsoft.Extensions.Logging.Console;

namespace EscalationDesk.Features.Api;

// dotnet run --project EscalationDesk -- tokens create --email E --name N --scope read|write [--scope ...] [--days D]
//                                        tokens list --email E
//                                        tokens revoke --email E --name N
// create prints the token alone on its line of standard output, so a script can take it: TOKEN=$(dotnet run … tokens create …).
// The app's log goes to standard error for these commands; errors too, with exit code 2.
public sealed record TokensCommand(string Action, string? Email, string? Name, IReadOnlyList<string> Scopes, string? Days, string? Database)
{
    public static TokensCommand? Parse(string[] args)
    {
        if (args.Length == 0 || args[0] != "tokens") return null;
        string? Value(string name) => Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : null;
        var scopes = args.Select((a, i) => (a, i)).Where(x => x.a == "--scope" && x.i + 1 < args.Length)
            .SelectMany(x => args[x.i + 1].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToList();
        return new TokensCommand(args.Length > 1 ? args[1] : "", Value("--email"), Value("--name"), scopes, Value("--days"), Value("--database"));
    }

    public const string Usage = """
        Usage:
          tokens create --email E --name N --scope read|write [--scope ...] [--days D]   (prints the token; no --days: it never expires)
          tokens list --email E
          tokens revoke --email E --name N
        """;

    // Before the app is built: its own database if given, and the log on standard error (standard output is the token's).
    public static void Prepare(WebApplicationBuilder builder, TokensCommand command)
    {
        if (command.Database is { } database) builder.Configuration["ConnectionStrings:EscalationDesk"] = $"Data Source={database}";
        builder.Services.Configure<ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
    }

    public static async Task<int> RunAsync(IServiceProvider services, TokensCommand command, TextWriter output, TextWriter error)
    {
        await using var scope = services.CreateAsyncScope();
        var tokens = scope.ServiceProvider.GetRequiredService<TokenService>();
        var directory = scope.ServiceProvider.GetRequiredService<UserDirectory>();
        var clock = scope.ServiceProvider.GetRequiredService<TimeProvider>();
        if (command.Action is not ("create" or "list" or "revoke") || command.Email is null || (command.Action != "list" && command.Name is null))
            return await FailAsync(error, Usage);
        if (await directory.FindIdByEmailAsync(command.Email) is not { } userId) return await FailAsync(error, $"No user has the email {command.Email}.");
        switch (command.Action)
        {
            case "create":
            {
                int? days = null;
                if (command.Days is { } text)
                {
                    if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var d)) return await FailAsync(error, $"Days: \"{text}\" is not a whole number of days.");
                    days = d;
                }
                var created = await tokens.CreateAsync(userId, command.Name!, command.Scopes, days);
                if (created.Token is null) return await FailAsync(error, string.Join(Environment.NewLine, created.Errors.Select(e => $"{e.Field}: {e.Message}")));
                await output.WriteLineAsync(created.Token);
                await error.WriteLineAsync($"Created token \"{command.Name!.Trim()}\" for {command.Email} ({string.Join(", ", ChosenScopes(command.Scopes))}"
                    + $"{(days is int n ? $", expires in {n} days" : ", never expires")}). It is not shown again: store it now.");
                return 0;
            }
            case "list":
            {
                var now = clock.GetUtcNow().UtcDateTime;
                foreach (var t in await tokens.ListAsync(userId))
                    await output.WriteLineAsync(string.Join('\t', t.Name, string.Join(',', t.Scopes), Time(t.CreatedAt), Time(t.ExpiresAt, "never"), Time(t.LastUsedAt, "never"), t.Status(now)));
                return 0;
            }
            default:
                if (!await tokens.RevokeByNameAsync(userId, command.Name!)) return await FailAsync(error, $"{command.Email} has no active token named \"{command.Name}\".");
                await output.WriteLineAsync($"Revoked token \"{command.Name!.Trim()}\" of {command.Email}; it stops working at once.");
                return 0;
        }
    }

    private static IEnumerable<string> ChosenScopes(IReadOnlyList<string> scopes) => TokenService.AllScopes.Where(scopes.Contains);

    private static string Time(DateTime? utc, string none = "") => utc?.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture) ?? none;

    private static async Task<int> FailAsync(TextWriter error, string message)
    {
        await error.WriteLineAsync(message);
        return 2;
    }
}

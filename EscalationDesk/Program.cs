using EscalationDesk;
using EscalationDesk.Data;
using EscalationDesk.Data.Postgres;
using EscalationDesk.Features.Api;
using EscalationDesk.Features.Demo;
using EscalationDesk.Features.Users;

var builder = WebApplication.CreateBuilder(args);
var seed = SeedCommand.Parse(args);
var users = UsersCommand.Parse(args);
var migrate = MigrateCommand.Parse(args);
if ((seed?.Database ?? users?.Database) is { } database) builder.Configuration["ConnectionStrings:EscalationDesk"] = $"Data Source={database}";
var tokens = TokensCommand.Parse(args);
if (tokens is not null) TokensCommand.Prepare(builder, tokens);
builder.AddEscalationDesk();

var app = builder.Build();
try
{
    if (seed is not null)
    {
        // dotnet run --project EscalationDesk -- seed --count N [--database PATH]
        return await SeedCommand.RunAsync(app, seed);
    }
    if (users is not null)
    {
        // dotnet run --project EscalationDesk -- users add|list|disable ... (see UsersCommand)
        app.MigrateDatabase();
        return await UsersCommand.RunAsync(app.Services, users, Console.In, Console.Out);
    }
    if (tokens is not null)
    {
        // dotnet run --project EscalationDesk -- tokens create|list|revoke ... (see TokensCommand)
        app.MigrateDatabase();
        return await TokensCommand.RunAsync(app.Services, tokens, Console.Out, Console.Error);
    }
    if (migrate is not null)
    {
        // dotnet run --project EscalationDesk -- migrate --from-sqlite PATH (into the configured PostgreSQL database)
        return await MigrateCommand.RunAsync(app, migrate, Console.Out);
    }
    app.UseEscalationDesk();
}
catch (DatabaseSettingException e)
{
    // A setting to fix, not a bug: one line that names it, no stack trace.
    Console.Error.WriteLine($"EscalationDesk cannot start: {e.Message}");
    return 2;
}
app.Run();
return 0;

public partial class Program;

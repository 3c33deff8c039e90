using EscalationDesk;
using EscalationDesk.Features.Demo;
using EscalationDesk.Features.Users;

var builder = WebApplication.CreateBuilder(args);
var seed = SeedCommand.Parse(args);
var users = UsersCommand.Parse(args);
if ((seed?.Database ?? users?.Database) is { } database) builder.Configuration["ConnectionStrings:EscalationDesk"] = $"Data Source={database}";
builder.AddEscalationDesk();

var app = builder.Build();
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
app.UseEscalationDesk();
app.Run();
return 0;

public partial class Program;

using EscalationDesk;
using EscalationDesk.Features.Demo;

var builder = WebApplication.CreateBuilder(args);
var seed = SeedCommand.Parse(args);
if (seed?.Database is { } database) builder.Configuration["ConnectionStrings:EscalationDesk"] = $"Data Source={database}";
builder.AddEscalationDesk();

var app = builder.Build();
if (seed is not null)
{
    // dotnet run --project EscalationDesk -- seed --count N [--database PATH]
    return await SeedCommand.RunAsync(app, seed);
}
app.UseEscalationDesk();
app.Run();
return 0;

public partial class Program;

using EscalationDesk;

var builder = WebApplication.CreateBuilder(args);
builder.AddEscalationDesk();

var app = builder.Build();
app.UseEscalationDesk();
app.Run();

public partial class Program;

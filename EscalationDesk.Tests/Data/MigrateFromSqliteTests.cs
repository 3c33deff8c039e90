using EscalationDesk.Data;
using EscalationDesk.Data.Postgres;
using EscalationDesk.Features.Judgment;
using EscalationDesk.Features.Queue;
using EscalationDesk.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace EscalationDesk.Tests.Data;

// migrate --from-sqlite: a team moving to PostgreSQL keeps every draft, escalation, timeline, link, user and setting.
public sealed class MigrateFromSqliteTests : IDisposable
{
    private readonly TestDatabase _sqlite = TestDatabase.SqliteFile();
    private string? _postgres;
    private DateTime Now => _sqlite.Clock.GetUtcNow().UtcDateTime;

    [PostgresFact]
    public async Task Every_table_is_copied_into_an_empty_PostgreSQL_database_and_a_second_run_is_refused()
    {
        var postgres = _postgres = PostgresTestServer.CreateDatabase();
        var escalated = await EscalationRows.AddAsync(_sqlite, Now, "Invoice PDF export times out", arr: 12_345.67m, linked: [99],
            change: e => e.Content.Context.RelatedTickets.Add(new EscalationDesk.Features.Wizard.LinkItem { Reference = "ZD 77" }));
        var draft = await EscalationRows.AddAsync(_sqlite, Now, "a draft still being written", EscalationStatus.Draft);
        await using (var db = _sqlite.CreateDbContext())
        {
            db.Timeline.Add(new TimelineEvent { EscalationId = escalated, At = Now, Actor = "Ana", Kind = TimelineKinds.Created, Detail = "created" });
            db.Notifications.Add(new Notification { EscalationId = escalated, OwnerId = "user-ana", Kind = "reminder", TimerAt = Now, CreatedAt = Now, Message = "due" });
            db.Attachments.Add(new EvidenceAttachment { EscalationId = escalated, FileName = "trace.txt", ContentType = "text/plain", Size = 3, Data = [1, 2, 3],
                UploadedAt = Now, UploadedBy = "Ana" });
            db.OrganisationSettings.Add(new OrganisationSettings { TimeZone = "Europe/Berlin", UpdatedBy = "Ada" });
            db.Roles.Add(new IdentityRole("Lead") { NormalizedName = "LEAD" });
            db.Users.Add(new AppUser { UserName = "lee@example.test", NormalizedUserName = "LEE@EXAMPLE.TEST", Email = "lee@example.test", DisplayName = "Lee", CreatedAt = Now,
                LockoutEnd = new DateTimeOffset(2026, 12, 1, 10, 0, 0, TimeSpan.FromHours(2)) });
            await db.SaveChangesAsync();
        }
        await using var app = App(postgres);

        using var output = new StringWriter();
        Assert.Equal(0, await MigrateCommand.RunAsync(app, new MigrateCommand(_sqlite.Path), output));

        var factory = app.Services.GetRequiredService<IDbContextFactory<EscalationDeskDbContext>>();
        await using (var source = _sqlite.CreateDbContext())
        await using (var target = await factory.CreateDbContextAsync())
        {
            foreach (var table in new[] { "Escalations", "Accounts", "Timeline", "EscalationLinks", "Attachments", "Notifications", "OrganisationSettings", "AspNetUsers", "AspNetRoles" })
            {
                var count = $"SELECT count(*) AS \"Value\" FROM \"{table}\"";
                Assert.Equal((table, await source.Database.SqlQueryRaw<long>(count).SingleAsync()), (table, await target.Database.SqlQueryRaw<long>(count).SingleAsync()));
            }
            var copied = await target.Escalations.AsNoTracking().SingleAsync(e => e.Id == escalated);
            var original = await source.Escalations.AsNoTracking().SingleAsync(e => e.Id == escalated);
            Assert.Equal((original.Summary, original.ArrAtRisk, original.EscalatedAt, original.Content.ToJson(), original.OverdueFrom),
                (copied.Summary, copied.ArrAtRisk, copied.EscalatedAt, copied.Content.ToJson(), copied.OverdueFrom));
            Assert.Equal(EscalationStatus.Draft, (await target.Escalations.SingleAsync(e => e.Id == draft)).Status);
            Assert.Equal("Europe/Berlin", (await target.OrganisationSettings.SingleAsync()).TimeZone);
            var user = await target.Users.SingleAsync();
            Assert.Equal(("Lee", new DateTimeOffset(2026, 12, 1, 8, 0, 0, TimeSpan.Zero)), (user.DisplayName, user.LockoutEnd));
            Assert.Equal([1, 2, 3], (await target.Attachments.SingleAsync()).Data);
            // New rows follow the copied ids.
            var next = await EscalationRows.AddAsync(factory, Now, "made after the move");
            Assert.True(next > draft);
        }
        // The copied escalations are found by their words on PostgreSQL.
        var queue = new QueueService(factory, _sqlite.Clock, FixedUser.Lead(), app.Services.GetRequiredService<IEscalationSearch>());
        Assert.Equal(["Invoice PDF export times out"], (await queue.PageAsync(new QueueQuery(Text: "invoice expo"))).Rows.Select(r => r.Summary));

        using var again = new StringWriter();
        Assert.Equal(1, await MigrateCommand.RunAsync(app, new MigrateCommand(_sqlite.Path), again));
        Assert.Contains("is not empty", again.ToString());
    }

    private static WebApplication App(string postgres)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Production", ContentRootPath = AppContext.BaseDirectory });
        builder.Configuration[DatabaseProviders.Setting] = "Postgres";
        builder.Configuration[DatabaseProviders.ConnectionStringSetting] = postgres;
        builder.AddEscalationDesk();
        return builder.Build();
    }

    public void Dispose()
    {
        _sqlite.Dispose();
        if (_postgres is not null) PostgresTestServer.DropDatabase(_postgres);
    }
}

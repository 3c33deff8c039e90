using EscalationDesk.Data;
using EscalationDesk.Data.Sqlite;
using EscalationDesk.Features.Notifications;
using EscalationDesk.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace EscalationDesk.Tests.Features.Notifications;

// A database from before reminders belonged to accounts: each old reminder goes to the account whose display name it carried.
public sealed class NotificationUpgradeTests
{
    [Fact]
    public async Task Old_reminders_kept_by_display_name_reach_their_account_after_the_upgrade()
    {
        using var connection = new SqliteConnection("Data Source=:memory:");
        connection.Open();
        await using var db = new EscalationDeskDbContext(Options(connection));
        await db.GetService<IMigrator>().MigrateAsync("20261125035724_QueueFilterIndexes");
        await db.Database.ExecuteSqlRawAsync("""
            INSERT INTO AspNetUsers (Id, DisplayName, CreatedAt, EmailConfirmed, PhoneNumberConfirmed, TwoFactorEnabled, LockoutEnabled, AccessFailedCount)
            VALUES ('ana-id', 'Ana Agent', '2026-11-24 09:00:00', 0, 0, 0, 0, 0);
            INSERT INTO Escalations (Status, Summary, LinkedSimilarCount, Owner, ReportedBy, CreatedAt, UpdatedAt, CurrentStep, Targets, TargetL2Support,
                TargetEngineering, TargetProduct, TargetSecurity, TargetLeadership, StatusOrder, Outcome, Version, Content)
            VALUES ('Escalated', 'Old one', 0, 'Ana Agent', 'Ana Agent', '2026-11-24 09:00:00', '2026-11-24 09:00:00', 6, '', 0, 0, 0, 0, 0, 1, '{{}}', 1, '{{}}');
            INSERT INTO Notifications (EscalationId, Owner, Kind, TimerAt, CreatedAt, Message)
            VALUES (1, 'Ana Agent', 'internal', '2026-11-24 13:00:00', '2026-11-24 13:00:00', 'Internal follow-up overdue: ESC-1 Old one'),
                   (1, 'Demo Owner', 'customer-due', '2026-11-24 13:00:00', '2026-11-24 13:00:00', 'Customer update due: ESC-1 Old one');
            """);

        await db.Database.MigrateAsync();

        var items = await new NotificationService(new ConnectionFactory(connection), new FixedUser("Ana Agent", id: "ana-id"), TimeProvider.System).ListAsync();
        Assert.Equal(["Internal follow-up overdue: ESC-1 Old one"], items.Select(i => i.Message));
        Assert.Equal(1, await db.Notifications.CountAsync());   // the demo owner's, seen by no account, is gone
    }

    private static DbContextOptions<EscalationDeskDbContext> Options(SqliteConnection connection)
    {
        var options = new DbContextOptionsBuilder<EscalationDeskDbContext>();
        new SqliteDatabase(connection).ConfigureDbContext(options);
        return options.Options;
    }

    private sealed class ConnectionFactory(SqliteConnection connection) : IDbContextFactory<EscalationDeskDbContext>
    {
        public EscalationDeskDbContext CreateDbContext() => new(Options(connection));
    }
}

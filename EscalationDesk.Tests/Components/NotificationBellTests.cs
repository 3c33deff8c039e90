using Bunit;
using EscalationDesk.Data;
using EscalationDesk.Features.Notifications;
using EscalationDesk.Tests.Features.Escalations;
using EscalationDesk.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace EscalationDesk.Tests.Components;

public sealed class NotificationBellTests : ComponentTestBase
{
    [Fact]
    public async Task The_bell_counts_my_unread_reminders_and_a_new_one_for_me_pops_up_as_a_snackbar()
    {
        var id = await new EscalationScenario(Db).EscalatedAsync();
        // Someone else who shares my display name: their reminders are not mine.
        const string namesake = "user-another-ana-agent";
        await using (var db = Db.CreateDbContext())
        {
            db.Notifications.Add(new Notification { EscalationId = id, OwnerId = Agent.Id, Kind = "internal", TimerAt = DateTime.UtcNow, Message = "Internal follow-up due" });
            db.Notifications.Add(new Notification { EscalationId = id, OwnerId = namesake, Kind = "customer-due", TimerAt = DateTime.UtcNow, Message = "not mine" });
            await db.SaveChangesAsync();
        }
        Render<MudSnackbarProvider>();
        var bell = Render<NotificationBell>();
        bell.WaitForAssertion(() => Assert.Equal("Notifications, 1 unread", bell.Find("a[aria-label]").GetAttribute("aria-label")));

        await using (var db = Db.CreateDbContext())
        {
            db.Notifications.Add(new Notification { EscalationId = id, OwnerId = Agent.Id, Kind = "customer-due", TimerAt = DateTime.UtcNow, Message = "Customer update due: ESC-1" });
            await db.SaveChangesAsync();
        }
        var publisher = Services.GetRequiredService<INotificationPublisher>();
        await publisher.PublishAsync([new(namesake, id, "ignored")], CancellationToken.None);
        await publisher.PublishAsync([new(Agent.Id, id, "Customer update due: ESC-1")], CancellationToken.None);

        bell.WaitForAssertion(() => Assert.Equal("Notifications, 2 unread", bell.Find("a[aria-label]").GetAttribute("aria-label")));
        var snackbar = Services.GetRequiredService<ISnackbar>();
        Assert.Equal(["Customer update due: ESC-1"], snackbar.ShownSnackbars.Select(s => s.Message));
    }
}

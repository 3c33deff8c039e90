using EscalationDesk.Features.Notifications;

namespace EscalationDesk.Tests.Features.Notifications;

public sealed class LocalNotificationsTests
{
    [Fact]
    public async Task A_reminder_reaches_the_open_pages_of_its_owner_only_and_a_closed_page_no_more()
    {
        var pages = new LocalNotifications();
        var (first, second, other) = (new List<string>(), new List<string>(), new List<string>());
        using var firstTab = pages.Subscribe("ana", n => first.Add(n.Message));
        var secondTab = pages.Subscribe("ana", n => second.Add(n.Message));
        using var otherUser = pages.Subscribe("sam", n => other.Add(n.Message));

        await pages.PublishAsync([new("ana", 1, "one")], CancellationToken.None);
        secondTab.Dispose();
        await pages.PublishAsync([new("ana", 1, "two")], CancellationToken.None);

        Assert.Equal(["one", "two"], first);
        Assert.Equal(["one"], second);
        Assert.Empty(other);
    }
}

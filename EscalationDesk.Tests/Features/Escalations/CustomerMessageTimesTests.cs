using EscalationDesk.Features.Escalations;
using EscalationDesk.Features.Wizard;

namespace EscalationDesk.Tests.Features.Escalations;

public sealed class CustomerMessageTimesTests
{
    private static readonly DateTime NextUpdate = new(2026, 12, 4, 22, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void Customer_drafts_promise_the_next_update_in_the_customers_zone()
    {
        var content = new DraftContent();

        Assert.Contains("by Friday 4 December at 17:00 EST", CustomerMessages.Interim(content, null, NextUpdate, "America/New_York"));
        Assert.Contains("by Friday 4 December at 23:00 CET", CustomerMessages.StatusUpdate(content, null, NextUpdate, null, "Europe/Berlin"));
    }
}

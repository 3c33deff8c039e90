using Xunit.Abstractions;

namespace EscalationDesk.Tests.EndToEnd;

// Six escalations from a support agent's first click to the lead's queue, each through all seven steps and the lifecycle,
// with the brief downloaded (Markdown and PDF), posted to a local chat webhook and found again with the queue's filters.
// What each journey types and expects is in journeys.json; EscalationJourney walks it.
[Collection(BrowserCollection.Name)]
public sealed class EscalationJourneys(BrowserFixture browser, ITestOutputHelper output)
{
    [Theory]
    [InlineData("bug-for-engineering")]             // full repro; acknowledge, follow-up, resolve, close with learnings
    [InlineData("feature-gap-with-churn-threat")]   // Product and Leadership; customer update, resolve
    [InlineData("security-report")]                 // Security primary with the bypass message; Critical
    [InlineData("handle-in-support-continued")]     // escalated against the recommendation with a reason; de-escalate, close
    [InlineData("pattern-across-three-customers")]  // two earlier reports linked from Similar reports, pattern confirmed
    [InlineData("severity-override")]               // Critical over the suggested High with a reason; severity changed later
    public Task An_escalation_goes_from_the_first_click_through_the_brief_chat_and_lifecycle_into_the_queue(string journey) => RunAsync(journey);

    public static string NewTag(char prefix) => prefix + Guid.NewGuid().ToString("N")[..7];

    private async Task RunAsync(string name)
    {
        var journey = new EscalationJourney(browser, JourneyPlan.Load(name, NewTag('J')));
        try { await journey.RunAsync(); }
        finally { output.WriteLine(journey.Timings.Report()); }
    }
}

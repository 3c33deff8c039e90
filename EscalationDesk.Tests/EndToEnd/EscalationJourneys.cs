using EscalationDesk.Data;
using EscalationDesk.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace EscalationDesk.Tests.EndToEnd;

// Six escalations from a support agent's first click to the lead's queue, each through all seven steps and the lifecycle,
// with the brief downloaded (Markdown and PDF), posted to a local chat webhook and found again with the queue's filters.
[Collection(BrowserCollection.Name)]
public sealed class EscalationJourneys(BrowserFixture browser, ITestOutputHelper output)
{
    private static string NewTag() => "J" + Guid.NewGuid().ToString("N")[..7];

    public static JourneyPlan BugForEngineering(string tag) => new()
    {
        Tag = tag,
        Summary = $"Bulk CSV import drops every row after 10,000 {tag}",
        WhatsBroken = "Imports of large customer files finish with success but only the first 10,000 rows arrive",
        Customer = $"Globex {tag}",
        WhosAffected = "The Globex operations team importing the weekly inventory file",
        Tried = [("Re-ran the import with the same 14,200 row file", "Again 10,000 rows imported"), ("Split the file into two halves", "Both halves import fully")],
        WhyNow = "Their weekly stock count is wrong until the whole file imports",
        EscalateItems = ["Bug confirmed and needs a code fix"],
        Recommendation = "Escalate",
        RelatedTicket = ("SUP-4411", "Original import ticket from Globex"),
        CustomersAffected = 1, Depth = "Degraded", ArrAtRisk = 48_000,
        SeveritySignals = ["Major functionality broken"], SuggestedSeverity = "High",
        TargetSignals = ["Bug confirmed, needs a code fix → Engineering"], Teams = ["Engineering"],
        Repro = new("Business plan account with the Inventory module on and an admin user",
            ["Open Inventory then Import on the admin account", "Upload the 14,200 row file inventory-week47.csv", "Press Start import and wait for the Done banner"],
            "All 14,200 rows appear in the inventory list", "Only 10,000 rows appear and the banner still says Import complete",
            "Chrome 131 on Windows 11, Business plan, flag bulk-import-v2 on", "Always",
            "Import job 88231 log says batch limit reached at 10000", "Same in Firefox, same with a second file of 12,000 rows"),
        Ask = "Prioritize fix",
        WhatsNeeded = "Fix the import batch limit so files above 10,000 rows import completely",
        CustomerExpectation = "A fix before their next weekly import on Monday",
        EscalationRisk = "Their ops director will raise it with their account manager",
        Lifecycle =
        [
            new("acknowledge", p => p.AcknowledgeAsync()),
            new("log an internal follow-up", p => p.LogFollowUpAsync($"Engineering found the batch cap in the importer {tag}")),
            new("resolve", p => p.ResolveAsync("Batch cap removed in release 24.11.3; Globex re-imported the full file")),
            new("close", p => p.CloseAsync("Add a 15,000 row file to the import regression suite")),
        ],
        FinalStatus = "Closed", QueueStatus = "Closed", QueueTarget = "Engineering",
    };

    [Fact]
    public Task A_bug_goes_to_Engineering_with_a_full_reproduction_and_is_closed_with_learnings() =>
        RunAsync(BugForEngineering(NewTag()));

    private static JourneyPlan FeatureGapWithChurnThreat(string tag) => new()
    {
        Tag = tag,
        Summary = $"No approval step for purchase orders above a limit {tag}",
        WhatsBroken = "Finance needs a second approver for orders above 50,000 and the product has no approval step",
        Customer = $"Umbrella Corp {tag}", Plan = "Enterprise",
        WhosAffected = "Umbrella finance team, about 120 buyers",
        Tried = [("Suggested the manual review report as a stopgap", "Rejected, auditors need it enforced in the product")],
        WhyNow = "Their CFO said they will move to a competitor at renewal without it",
        EscalateItems = ["High-value customer at risk", "Customer requesting executive involvement"],
        Recommendation = "Escalate",
        RelatedTicket = ("SUP-5120", "Feature request thread with Umbrella finance"),
        CustomersAffected = 1, Depth = "Inconvenienced", ArrAtRisk = 250_000,
        SeveritySignals = ["Key customer blocked"], SuggestedSeverity = "High",
        TargetSignals = ["Feature gap causing customer pain → Product", "High-revenue customer threatening churn → Leadership"],
        Teams = ["Product", "Leadership"],
        SkipReason = "Not a bug, the product has no approval step at all",
        Ask = "Make a product decision",
        WhatsNeeded = "Decide whether approval steps come this quarter and tell Umbrella before renewal",
        CustomerExpectation = "A committed date for approval steps before the renewal call",
        EscalationRisk = "Their CFO will cancel the renewal worth 250,000 a year",
        Lifecycle =
        [
            new("acknowledge", p => p.AcknowledgeAsync()),
            new("log a customer update", p => p.LogCustomerUpdateAsync("Email", $"Product is reviewing approval steps this week {tag}")),
            new("resolve", p => p.ResolveAsync("Product committed approval steps for the January release; Leadership called the CFO")),
        ],
        FinalStatus = "Resolved", QueueStatus = "Resolved", QueueTarget = "Leadership",
    };

    [Fact]
    public Task A_feature_gap_with_a_churn_threat_goes_to_Product_and_Leadership_and_is_resolved() =>
        RunAsync(FeatureGapWithChurnThreat(NewTag()));

    private static JourneyPlan SecurityReport(string tag) => new()
    {
        Tag = tag,
        Summary = $"Shared report links show invoices of another tenant {tag}",
        WhatsBroken = "A shared report link opened by a logged out user shows invoices that belong to a different customer",
        Customer = $"Initech {tag}",
        WhosAffected = "Initech and at least one other tenant whose invoices were shown",
        Tried = [("Opened the link in a private window", "Invoices of another tenant are listed")],
        WhyNow = "Customer data is exposed right now to anyone holding a link",
        EscalateItems = ["Security concern", "Bug confirmed and needs a code fix"],
        Recommendation = "Escalate to Security now",
        RelatedTicket = ("SUP-6002", "Initech report of foreign invoices"),
        CustomersAffected = 2, Depth = "Blocked", ArrAtRisk = 90_000,
        SeveritySignals = ["Data at risk"], SuggestedSeverity = "Critical",
        TargetSignals = ["Potential data exposure or unauthorised access → Security", "Bug confirmed, needs a code fix → Engineering"],
        Teams = ["Security", "Engineering"],
        SkipReason = "Exploit details stay with Security and are not copied into the shared brief",
        Ask = "Investigate root cause",
        WhatsNeeded = "Disable shared report links now and find which tenants were exposed",
        CustomerExpectation = "Confirmation today that the links are disabled",
        EscalationRisk = "Initech legal will ask for a formal incident report",
        Lifecycle =
        [
            new("acknowledge", p => p.AcknowledgeAsync()),
            new("log an internal follow-up", p => p.LogFollowUpAsync($"Security disabled shared links at 14:00 {tag}")),
            new("resolve", p => p.ResolveAsync("Tenant check added to shared links; two tenants notified by Security")),
        ],
        FinalStatus = "Resolved", QueueStatus = "Resolved", QueueTarget = "Security",
    };

    [Fact]
    public Task A_security_report_goes_to_Security_first_with_the_bypass_message_and_is_resolved() =>
        RunAsync(SecurityReport(NewTag()));

    private static JourneyPlan HandleInSupportContinued(string tag) => new()
    {
        Tag = tag,
        Summary = $"Single sign on setup fails for a new Okta tenant {tag}",
        WhatsBroken = "The customer cannot finish the single sign on setup with their new Okta tenant",
        Customer = $"Hooli {tag}",
        WhosAffected = "Hooli IT admins, sign in for staff is not switched on yet",
        Tried = [("Walked the admin through the setup guide", "Fails at the certificate upload")],
        WhyNow = "Their go live is on Friday and two guided sessions did not fix it",
        HandleItems = ["Configuration or setup issue support can resolve", "Customer needs guidance or training, not a fix"],
        Recommendation = "Handle in support",
        EscalateAnywayReason = "Two guided sessions failed and the go live is on Friday, L2 knows the certificate formats",
        RelatedTicket = ("SUP-7310", "Setup guide session notes"),
        CustomersAffected = 1, Depth = "Inconvenienced", ArrAtRisk = 30_000,
        SuggestedSeverity = "Medium",
        TargetSignals = ["Needs deeper investigation or specialised product knowledge → L2 Support"], Teams = ["L2 Support"],
        SkipReason = "Setup question, not a defect",
        Ask = "Investigate root cause",
        WhatsNeeded = "L2 to check the uploaded certificate format with the Hooli admin",
        CustomerExpectation = "Working sign in before Friday",
        EscalationRisk = "Go live slips a week",
        AlsoInBrief = ["Escalated although the checklist said handle in support: Two guided sessions failed and the go live is on Friday, L2 knows the certificate formats"],
        Lifecycle =
        [
            new("acknowledge", p => p.AcknowledgeAsync()),
            new("de-escalate", p => p.DeEscalateAsync("Root cause is found and it is support-resolvable",
                ["Notify the team you escalated to", "Update the ticket with the resolution", "Inform the customer of the resolution", "Document what was learned"],
                $"Certificate was in DER format, support converted it {tag}")),
            new("close", p => p.CloseAsync("Add the PEM requirement to the Okta setup guide")),
        ],
        FinalStatus = "Closed", QueueStatus = "Closed", QueueTarget = "L2 Support",
    };

    [Fact]
    public Task A_case_support_could_handle_is_escalated_with_a_reason_then_de_escalated_and_closed() =>
        RunAsync(HandleInSupportContinued(NewTag()));

    [Fact]
    public async Task A_pattern_across_three_customers_is_found_through_Similar_reports_and_confirmed()
    {
        var tag = NewTag();
        string[] earlier = [$"Stark users loop on the login page after a password reset {tag}", $"Wayne staff stuck in a login loop after a password reset {tag}"];
        foreach (var (summary, customer) in earlier.Zip(new[] { $"Stark {tag}", $"Wayne {tag}" }))
            await EscalationRows.AddAsync(DbFactory, DateTime.UtcNow, summary, accountId: await AddAccountAsync(customer), customer: customer);

        await RunAsync(new()
        {
            Tag = tag,
            Summary = $"Login loops back to the sign in page after a password reset {tag}",
            WhatsBroken = "After resetting a password users land on the sign in page again and again",
            Customer = $"Acme {tag}",
            WhosAffected = "Every Acme user who resets a password",
            Tried = [("Cleared cookies and signed in again", "The loop continues")],
            WhyNow = "Two other customers reported the same loop this week",
            EscalateItems = ["Multiple customers affected"],
            Recommendation = "Escalate",
            RelatedTicket = ("SUP-8120", "Acme report of the login loop"),
            LinkSimilar = earlier,
            CustomersAffected = 3, Depth = "Blocked", ArrAtRisk = 75_000,
            SeveritySignals = ["Major functionality broken"], SuggestedSeverity = "High",
            TargetSignals = ["Infrastructure or system-level investigation needed → Engineering"], Teams = ["Engineering"],
            SkipReason = "Seen across three tenants at random, an infrastructure investigation rather than a click path",
            Ask = "Investigate root cause",
            WhatsNeeded = "Find why sessions are dropped after a password reset across tenants",
            CustomerExpectation = "A workaround or fix within two days",
            EscalationRisk = "More tenants will report it as resets go out",
            AlsoInBrief = earlier,
            Lifecycle =
            [
                new("acknowledge", p => p.AcknowledgeAsync()),
                new("log an internal follow-up", p => p.LogFollowUpAsync($"Session store evicts keys after reset, Engineering on it {tag}")),
                new("log a customer update", p => p.LogCustomerUpdateAsync("Phone", $"Told Acme we are fixing the session store {tag}")),
            ],
            FinalStatus = "Acknowledged", QueueTarget = "Engineering", QueueRows = 3,
        });
    }

    private static JourneyPlan SeverityOverride(string tag) => new()
    {
        Tag = tag,
        Summary = $"Payroll export times out for large companies {tag}",
        WhatsBroken = "The payroll export stops after two minutes with a timeout for companies above 2,000 staff",
        Customer = $"Soylent {tag}", Plan = "Enterprise",
        WhosAffected = "Soylent payroll admins, 3,000 employees waiting on pay",
        Tried = [("Exported one department at a time", "Works but takes the whole day")],
        WhyNow = "Payroll must reach the bank by Thursday noon",
        EscalateItems = ["Bug confirmed and needs a code fix", "SLA breach imminent or occurred"],
        Recommendation = "Escalate",
        RelatedTicket = ("SUP-9001", "Soylent payroll export ticket"),
        CustomersAffected = 1, Depth = "Blocked", ArrAtRisk = 180_000, Sla = "At risk",
        SeveritySignals = ["Key customer blocked", "Workaround available"], SuggestedSeverity = "High",
        SeverityOverride = ("Critical", "Three thousand people are not paid if the bank file misses Thursday noon"),
        TargetSignals = ["Bug confirmed, needs a code fix → Engineering", "SLA breach on a critical account → Leadership"],
        Teams = ["Engineering", "Leadership"],
        Repro = new("Enterprise account with 3,000 employees and the payroll module",
            ["Open Payroll then Export on the admin account", "Choose the November run and the format BACS", "Press Export and wait for the file"],
            "A BACS file for 3,000 employees downloads", "After 120 seconds the page shows Export timed out",
            "Edge 131 on Windows 11, Enterprise plan", "Only under certain conditions",
            "Export request id 7f3a timed out after 120000 ms", "Companies below 2,000 staff export fine"),
        Ask = "Prioritize fix",
        WhatsNeeded = "Raise the export timeout or stream the file before Thursday noon",
        CustomerExpectation = "The bank file by Wednesday evening",
        EscalationRisk = "Their HR director will escalate to our CEO",
        AlsoInBrief = ["Severity Critical chosen over the suggested High: Three thousand people are not paid if the bank file misses Thursday noon"],
        Lifecycle =
        [
            new("acknowledge", p => p.AcknowledgeAsync()),
            new("log a customer update", p => p.LogCustomerUpdateAsync("Chat", $"Engineering is streaming the export, file by Wednesday {tag}")),
            new("change severity", p => p.ChangeSeverityAsync("High", "Department exports unblock payroll until the fix ships")),
            new("resolve", p => p.ResolveAsync("Export now streams; Soylent sent the bank file on Wednesday")),
        ],
        FinalStatus = "Resolved", QueueStatus = "Resolved", QueueTarget = "Leadership", QueueSeverityAfterLifecycle = "High",
    };

    [Fact]
    public Task A_severity_override_with_a_reason_reaches_the_brief_and_the_lead_sees_it_in_the_queue() =>
        RunAsync(SeverityOverride(NewTag()));

    private async Task RunAsync(JourneyPlan plan)
    {
        var journey = new EscalationJourney(browser, plan);
        try { await journey.RunAsync(); }
        finally { output.WriteLine(journey.Timings.Report()); }
    }

    private IDbContextFactory<EscalationDeskDbContext> DbFactory => browser.Server.Services.GetRequiredService<IDbContextFactory<EscalationDeskDbContext>>();

    private async Task<int> AddAccountAsync(string name)
    {
        await using var db = await DbFactory.CreateDbContextAsync();
        var account = new Account { Name = name, Plan = "Business", CreatedAt = DateTime.UtcNow, UpdatedAt = DateTime.UtcNow };
        db.Accounts.Add(account);
        await db.SaveChangesAsync();
        return account.Id;
    }
}

using System.Text.RegularExpressions;
using EscalationDesk.Data;
using EscalationDesk.Data.Postgres;
using EscalationDesk.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Yarp.ReverseProxy.Model;
using static Microsoft.Playwright.Assertions;

namespace EscalationDesk.Tests.EndToEnd;

// Two app processes on one PostgreSQL database behind the sticky proxy of docs/proxy/yarp.json, as the README runs them.
[Collection(BrowserCollection.Name)]
public sealed class SeveralInstancesDrillTests(BrowserFixture browser)
{
    private const string Broken = "What's broken or needed";

    [PostgresDrillFact]
    public async Task Killing_the_instance_holding_the_circuit_moves_the_agent_to_the_other_signed_in_with_every_acknowledged_save()
    {
        var database = PostgresTestServer.CreateDatabase();
        try
        {
            // instance1 raises no reminders of its own until it is restarted: what its page shows first was raised by instance2.
            await using var one = AppProcess.OnPostgres(database, settings: new Dictionary<string, string> { ["Reminders:IntervalSeconds"] = "3600" });
            await using var two = AppProcess.OnPostgres(database, port: StickyProxy.FreePort(), settings: new Dictionary<string, string> { ["Reminders:IntervalSeconds"] = "1" });
            await one.StartAsync();
            await using var proxy = await StickyProxy.StartAsync(one.BaseUrl, two.BaseUrl);
            await proxy.WaitUntilAsync("instance2", DestinationHealth.Unhealthy);
            await proxy.WaitUntilAsync("instance1", DestinationHealth.Healthy);

            await using var context = await browser.Browser.NewContextAsync(new() { BaseURL = proxy.BaseUrl, ViewportSize = new() { Width = 1280, Height = 900 } });
            context.SetDefaultTimeout(15_000);
            await BrowserArtifacts.KeepOnFailureAsync(nameof(Killing_the_instance_holding_the_circuit_moves_the_agent_to_the_other_signed_in_with_every_acknowledged_save), [context], async () =>
            {
                var page = await context.NewPageAsync();
                var wizard = new WizardPageObject(page);
                await page.GotoAsync("/");
                await one.SignInIfAskedAsync(page);
                await wizard.OpenDraftsAsync();
                await wizard.StartNewEscalationAsync();
                var id = wizard.DraftId;
                Assert.Equal("instance1", proxy.CircuitDestination);

                await two.StartAsync();
                await proxy.WaitUntilAsync("instance2", DestinationHealth.Healthy);
                var agentId = await AgentIdAsync(database, one.Agent.Email);

                // A reminder instance2 raises reaches the bell of the page whose circuit is on instance1.
                await AddDueEscalationAsync(database, agentId, "Reminder raised by the other instance", TimeSpan.FromSeconds(3));
                await Expect(Bell(page, 1)).ToBeVisibleAsync(new() { Timeout = 3_000 + 1_000 + 2_000 });

                var acknowledged = "";
                for (var save = 1; save <= 3; save++)
                {
                    var text = acknowledged + $"save {save} acknowledged\n";
                    await wizard.Field(Broken).FillAsync(text);
                    await ReliabilityDrillTests.WaitSavedAfterEditAsync(wizard);
                    acknowledged = text;
                }
                var inFlight = acknowledged + "in flight at the kill\n";
                await wizard.Field(Broken).FillAsync(inFlight);
                await Task.Delay(300);
                one.Kill();

                await proxy.WaitUntilAsync("instance1", DestinationHealth.Unhealthy);
                try { await page.ReloadAsync(); }
                catch (PlaywrightException) { await page.WaitForLoadStateAsync(); /* the reconnect script reloaded it first */ }
                await Expect(page).Not.ToHaveURLAsync(new Regex("/account/login"));
                await wizard.WaitInteractiveAsync();
                Assert.Equal("instance2", proxy.CircuitDestination);
                await Expect(page).ToHaveURLAsync(new Regex($"/escalations/{id}/edit"));
                var shown = await wizard.Field(Broken).InputValueAsync();
                Assert.True(shown == acknowledged || shown == inFlight, $"After the failover the draft shows{Environment.NewLine}{shown}{Environment.NewLine}but the last acknowledged save was{Environment.NewLine}{acknowledged}");
                await Expect(page.Locator("[data-save-state]")).ToHaveAttributeAsync("data-save-state", "Saved");

                // Both instances raising reminders every second: one that falls due now is raised once.
                one.Settings["Reminders:IntervalSeconds"] = "1";
                await one.StartAsync();
                await proxy.WaitUntilAsync("instance1", DestinationHealth.Healthy);
                var due = await AddDueEscalationAsync(database, agentId, "Reminder with both instances running", TimeSpan.FromSeconds(3));
                await Expect(Bell(page, 2)).ToBeVisibleAsync(new() { Timeout = 3_000 + 1_000 + 2_000 });
                await Task.Delay(3_000);   // both instances tick three more times
                await Expect(Bell(page, 2)).ToBeVisibleAsync();
                await using var db = CreateDbContext(database);
                Assert.Equal(1, await db.Notifications.CountAsync(n => n.EscalationId == due));
            });
        }
        finally
        {
            PostgresTestServer.DropDatabase(database);
        }
    }

    private static ILocator Bell(IPage page, int unread) => page.Locator($"[aria-label='Notifications, {unread} unread']");

    private static async Task<string> AgentIdAsync(string database, string email)
    {
        await using var db = CreateDbContext(database);
        return await db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync();
    }

    // An escalation of the agent whose internal follow-up falls due after dueIn (its customer update far later).
    private static Task<int> AddDueEscalationAsync(string database, string agentId, string summary, TimeSpan dueIn) =>
        EscalationRows.AddAsync(new Factory(database), DateTime.UtcNow, summary, owner: "Drill Agent", internalDueInHours: dueIn.TotalHours,
            customerDueInHours: 100, customerOverdueInHours: 104, change: e => e.OwnerId = agentId);

    private static EscalationDeskDbContext CreateDbContext(string database) => new Factory(database).CreateDbContext();

    private sealed class Factory(string database) : IDbContextFactory<EscalationDeskDbContext>
    {
        public EscalationDeskDbContext CreateDbContext()
        {
            var options = new DbContextOptionsBuilder<EscalationDeskDbContext>();
            new PostgresDatabase(database).ConfigureDbContext(options);
            return new EscalationDeskDbContext(options.Options);
        }
    }
}

// A drill with PostgreSQL: runs whenever an admin connection string is given (ESCALATIONDESK_TEST_POSTGRES), whichever
// provider the other tests use.
public sealed class PostgresDrillFactAttribute : FactAttribute
{
    public PostgresDrillFactAttribute()
    {
        if (Environment.GetEnvironmentVariable(PostgresTestServer.ConnectionVariable) is not { Length: > 0 })
            Skip = $"Needs PostgreSQL: set {PostgresTestServer.ConnectionVariable} to an Npgsql connection string of a role that may create databases.";
    }
}

using System.Text.RegularExpressions;
using EscalationDesk.Data;
using EscalationDesk.Features.Wizard;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace EscalationDesk.Tests.EndToEnd;

// Reliability drills against the shared app server: what a user sees when tabs, clicks and pastes misbehave.
[Collection(BrowserCollection.Name)]
public sealed class ReliabilityDrillTests(BrowserFixture browser)
{
    private IDbContextFactory<EscalationDeskDbContext> Db => browser.Server.Services.GetRequiredService<IDbContextFactory<EscalationDeskDbContext>>();

    private async Task<DraftContent> StoredAsync(int id)
    {
        await using var db = await Db.CreateDbContextAsync();
        return (await db.Escalations.AsNoTracking().SingleAsync(e => e.Id == id)).Content;
    }

    [Fact]
    public Task Text_typed_while_the_connection_drops_is_saved_when_it_returns_and_the_save_state_tells_the_truth() =>
        browser.RunAsync(nameof(Text_typed_while_the_connection_drops_is_saved_when_it_returns_and_the_save_state_tells_the_truth), async page =>
        {
            var wizard = new WizardPageObject(page);
            await wizard.OpenDraftsAsync();
            await wizard.StartNewEscalationAsync();
            var id = wizard.DraftId;
            await wizard.FillSummaryAsync("Connection drop drill");
            await WaitSavedAfterEditAsync(wizard);
            var field = wizard.Field("What's broken or needed");
            const string typed = "typed online, then typed offline";

            await field.PressSequentiallyAsync("typed online, ");
            await page.Context.SetOfflineAsync(true);
            await field.PressSequentiallyAsync("then typed offline", new() { Delay = 15 });
            var log = new List<string>();
            for (var look = 0; look < 8; look++)
            {
                // The state is read before the database: "Saved" must mean the database already has the text.
                var state = await page.Locator("[data-save-state]").GetAttributeAsync("data-save-state");
                var disconnected = await page.Locator("#components-reconnect-modal").IsVisibleAsync();
                var stored = (await StoredAsync(id)).Understand.WhatsBroken;
                log.Add($"{state} disconnected={disconnected} stored='{stored}'");
                Assert.True(state != "Saved" || stored == typed, "The page said Saved while offline: " + string.Join(" | ", log));
                await Task.Delay(250);
            }
            Console.WriteLine("Offline drill: " + string.Join(" | ", log));

            await page.Context.SetOfflineAsync(false);
            await Expect(field).ToHaveValueAsync(typed);
            await Expect(page.Locator("[data-save-state]")).ToHaveAttributeAsync("data-save-state", "Saved", new() { Timeout = 30_000 });
            Assert.Equal(typed, (await StoredAsync(id)).Understand.WhatsBroken);
            await wizard.ReloadAsync();
            await Expect(wizard.Field("What's broken or needed")).ToHaveValueAsync(typed);
        });

    [Fact]
    public Task Two_tabs_on_one_draft_the_second_is_told_of_the_conflict_and_nothing_is_overwritten() =>
        browser.RunAsync(nameof(Two_tabs_on_one_draft_the_second_is_told_of_the_conflict_and_nothing_is_overwritten), async page =>
        {
            var tabA = new WizardPageObject(page);
            await tabA.OpenDraftsAsync();
            await tabA.StartNewEscalationAsync();
            await tabA.FillSummaryAsync("Two tabs drill");
            await tabA.WaitSavedAsync();
            var id = tabA.DraftId;
            var tabB = new WizardPageObject(await page.Context.NewPageAsync());
            await tabB.OpenAsync(id, 1);
            await Expect(tabB.Field("Summary")).ToHaveValueAsync("Two tabs drill");

            await tabA.FillAsync("What's broken or needed", "Typed in tab A");
            await WaitSavedAfterEditAsync(tabA);
            await tabB.FillAsync("What's broken or needed", "Typed in tab B");

            await Expect(tabB.Page.Locator("[data-save-state]")).ToHaveAttributeAsync("data-save-state", "Conflict");
            await Expect(tabB.Page.Locator("[data-save-state]")).ToContainTextAsync("changed in another tab or window");
            await Expect(tabB.Field("What's broken or needed")).ToHaveValueAsync("Typed in tab B");
            Assert.Equal("Typed in tab A", (await StoredAsync(id)).Understand.WhatsBroken);

            // Typing on after the conflict still saves nothing over tab A's work and keeps saying so.
            await tabB.FillAsync("Why escalate now", "More from tab B");
            await Expect(tabB.Page.Locator("[data-save-state]")).ToHaveAttributeAsync("data-save-state", "Conflict");
            Assert.Equal("", (await StoredAsync(id)).Understand.WhyEscalateNow ?? "");

            await tabB.Page.GetByRole(AriaRole.Button, new() { Name = "Reload the latest" }).ClickAsync();
            await Expect(tabB.Field("What's broken or needed")).ToHaveValueAsync("Typed in tab A");
            await Expect(tabB.Page.Locator("[data-save-state]")).ToHaveAttributeAsync("data-save-state", "Saved");
        });

    [Fact]
    public Task Ten_quick_clicks_on_Escalate_make_one_escalation_and_one_timeline_event() =>
        browser.RunAsync(nameof(Ten_quick_clicks_on_Escalate_make_one_escalation_and_one_timeline_event), async page =>
        {
            var wizard = new WizardPageObject(page);
            await wizard.OpenDraftsAsync();
            await wizard.StartNewEscalationAsync();
            var id = wizard.DraftId;
            await wizard.FillSummaryAsync($"Ten clicks drill {id}");
            await wizard.GoToStepAsync("Target");
            await wizard.TickAsync("Bug confirmed, needs a code fix → Engineering");
            await wizard.GoToStepAsync("Brief");
            await wizard.FillAsync("What's needed", "Fix the double submit");
            await wizard.Field("Deadline").FillAsync("2026-12-01T17:00");
            await WaitSavedAfterEditAsync(wizard);
            var escalate = page.GetByRole(AriaRole.Button, new() { Name = "Escalate", Exact = true });
            await Expect(escalate).ToBeEnabledAsync();

            // Ten clicks in one burst: all of them reach the server before it renders the first one's result. They open
            // one confirmation, and ten clicks on its confirm escalate once.
            await escalate.EvaluateAsync("button => { for (let i = 0; i < 10; i++) button.click(); }");
            await Expect(wizard.EscalateDialog).ToHaveCountAsync(1);
            await wizard.ConfirmEscalateAsync(clicks: 10);

            await wizard.ExpectEscalatedOnNextStepsAsync(id);
            await page.GotoAsync($"/escalations/{id}");
            await wizard.WaitInteractiveAsync();
            await Expect(page.GetByTestId("status")).ToHaveTextAsync("Escalated");
            var timeline = page.GetByRole(AriaRole.List, new() { Name = "Timeline" });
            await Expect(timeline.Locator("li").Filter(new() { HasText = "Escalated: " })).ToHaveCountAsync(1);
            await using var db = await Db.CreateDbContextAsync();
            Assert.Equal(1, await db.Escalations.CountAsync(e => e.Summary == $"Ten clicks drill {id}"));
            Assert.Equal(1, await db.Timeline.CountAsync(t => t.EscalationId == id && t.Kind == TimelineKinds.StatusChanged && t.Detail.StartsWith("Escalated")));
        });

    [Fact]
    public Task A_one_megabyte_paste_is_cut_to_the_fields_ceiling_with_a_message_and_the_page_keeps_working() =>
        browser.RunAsync(nameof(A_one_megabyte_paste_is_cut_to_the_fields_ceiling_with_a_message_and_the_page_keeps_working), async page =>
        {
            var wizard = new WizardPageObject(page);
            await wizard.OpenDraftsAsync();
            await wizard.StartNewEscalationAsync();
            var id = wizard.DraftId;
            await wizard.FillSummaryAsync("Oversize paste drill");
            await wizard.FillAsync("Who's affected", "All EU tenants");
            await WaitSavedAfterEditAsync(wizard);
            var megabyte = string.Concat(Enumerable.Repeat("0123456789", 100_000));
            var ceiling = TextLimits.Ceiling(TextLimits.Long);

            // A paste through the keyboard: the browser inserts at most the field's hard ceiling.
            var broken = wizard.Field("What's broken or needed");
            await broken.FocusAsync();
            await page.Keyboard.InsertTextAsync(megabyte);
            await AssertOversizeHandledAsync(wizard, id, "What's broken or needed", ceiling);

            // A script that sets the value directly bypasses maxlength; the page still cuts it before it travels.
            var why = wizard.Field("Why escalate now");
            await why.EvaluateAsync("(field, text) => { field.value = text; field.dispatchEvent(new Event('input', { bubbles: true })); }", megabyte);
            await AssertOversizeHandledAsync(wizard, id, "Why escalate now", ceiling);
        });

    private async Task AssertOversizeHandledAsync(WizardPageObject wizard, int id, string label, int ceiling)
    {
        var page = wizard.Page;
        var field = wizard.Field(label);
        Assert.Equal(ceiling, (await field.InputValueAsync()).Length);
        var container = page.Locator(".mud-input-control").Filter(new() { Has = field });
        await Expect(container).ToContainTextAsync($"must be at most {TextLimits.Long:N0} characters");
        await Expect(page.Locator("[data-save-state]")).ToHaveAttributeAsync("data-save-state", "Saved");
        await Expect(page.Locator("#components-reconnect-modal")).Not.ToBeVisibleAsync();

        // The circuit is alive: another field still saves, and nothing else lost its value.
        await wizard.FillAsync("Summary", $"Oversize paste drill, still working {label}");
        await WaitSavedAfterEditAsync(wizard);
        await Expect(wizard.Field("Who's affected")).ToHaveValueAsync("All EU tenants");
        var stored = (await StoredAsync(id)).Understand;
        Assert.Equal("All EU tenants", stored.WhosAffected);
        Assert.StartsWith("Oversize paste drill, still working", stored.Summary);
        Assert.All(new[] { stored.WhatsBroken, stored.WhyEscalateNow }, text => Assert.True((text ?? "").Length <= ceiling));
    }

    // After an edit the indicator first leaves "Saved" (debounce) and returns to it once the database acknowledged.
    internal static async Task WaitSavedAfterEditAsync(WizardPageObject wizard)
    {
        var state = wizard.Page.Locator("[data-save-state]");
        try { await Expect(state).Not.ToHaveAttributeAsync("data-save-state", "Saved", new() { Timeout = 10_000 }); }
        catch (Exception ex) when (ex is PlaywrightException or TimeoutException) { /* the save may already have completed */ }
        await wizard.WaitSavedAsync();
    }
}

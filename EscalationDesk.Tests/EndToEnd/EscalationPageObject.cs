using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace EscalationDesk.Tests.EndToEnd;

// The escalation page after the brief: lifecycle actions, chat, the communication log and the timeline.
public sealed class EscalationPageObject(IPage page)
{
    public ILocator Status => page.GetByTestId("status");
    public ILocator Severity => page.GetByTestId("severity");
    public ILocator Timeline => page.GetByRole(AriaRole.List, new() { Name = "Timeline" });
    public ILocator CommunicationLog => page.GetByRole(AriaRole.List, new() { Name = "Communication log" });
    public ILocator Snapshots => page.GetByRole(AriaRole.List, new() { Name = "Snapshots" });
    public ILocator ChangesSinceSnapshot => page.GetByTestId("changes-since");

    public async Task<string> SaveSnapshotAsync()
    {
        await page.GetByRole(AriaRole.Button, new() { Name = "Save snapshot", Exact = true }).ClickAsync();
        var saved = page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Saved as ESC-" });
        await Expect(saved).ToBeVisibleAsync();
        return await saved.InnerTextAsync();
    }

    public async Task OpenAsync(int id)
    {
        await page.GotoAsync($"/escalations/{id}");
        await page.Locator("[data-interactive=true]").WaitForAsync(new() { State = WaitForSelectorState.Attached });
        await Expect(Status).ToBeVisibleAsync();
    }

    public async Task PostToChatAsync(IEnumerable<string> teams)
    {
        await page.GetByRole(AriaRole.Button, new() { Name = "Post to chat", Exact = true }).ClickAsync();
        var results = page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Posted to" });
        foreach (var team in teams) await Expect(results).ToContainTextAsync($"Posted to {team}'s chat");
    }

    public async Task AcknowledgeAsync()
    {
        await SubmitAsync("Acknowledge", _ => Task.CompletedTask);
        await Expect(Status).ToHaveTextAsync("Acknowledged");
    }

    public async Task LogFollowUpAsync(string note)
    {
        await SubmitAsync("Log internal follow-up", form => form.GetByLabel("Follow-up note").FillAsync(note));
        await Expect(Timeline).ToContainTextAsync(note);
    }

    public async Task LogCustomerUpdateAsync(string channel, string note)
    {
        await SubmitAsync("Log customer update", async form =>
        {
            await form.GetByRole(AriaRole.Radiogroup, new() { Name = "Channel" }).GetByLabel(channel, new() { Exact = true }).CheckAsync();
            await form.GetByLabel("What was said").FillAsync(note);
        });
        await Expect(CommunicationLog).ToContainTextAsync(note);
    }

    public async Task ChangeSeverityAsync(string severity, string reason)
    {
        await SubmitAsync("Change severity", async form =>
        {
            await form.GetByRole(AriaRole.Radiogroup, new() { Name = "New severity" }).GetByLabel(severity, new() { Exact = true }).CheckAsync();
            await form.GetByLabel("Reason for the change").FillAsync(reason);
        });
        await Expect(Severity).ToHaveTextAsync(severity);
    }

    public async Task DeEscalateAsync(string reason, IEnumerable<string> actions, string note)
    {
        await SubmitAsync("De-escalate", async form =>
        {
            await form.GetByRole(AriaRole.Radiogroup, new() { Name = "Reason to de-escalate" }).GetByLabel(reason, new() { Exact = true }).CheckAsync();
            foreach (var action in actions) await form.GetByLabel(action, new() { Exact = true }).CheckAsync();
            await form.GetByLabel("De-escalation note").FillAsync(note);
        });
        await Expect(Status).ToHaveTextAsync("De-escalated");
    }

    public async Task ResolveAsync(string resolution)
    {
        await SubmitAsync("Resolve", form => form.GetByLabel("Resolution").FillAsync(resolution));
        await Expect(Status).ToHaveTextAsync("Resolved");
    }

    public async Task CloseAsync(string learnings)
    {
        await SubmitAsync("Close", async form =>
        {
            await form.GetByLabel("Confirmed with the customer").CheckAsync();
            await form.GetByLabel("Internal tracking updated").CheckAsync();
            await form.GetByLabel("Learnings").FillAsync(learnings);
        });
        await Expect(Status).ToHaveTextAsync("Closed");
    }

    // Each lifecycle action opens its form, is filled and submitted with the button of the same name.
    private async Task SubmitAsync(string action, Func<ILocator, Task> fill)
    {
        await page.GetByRole(AriaRole.Button, new() { Name = action, Exact = true }).ClickAsync();
        var form = page.GetByLabel($"{action} form");
        await fill(form);
        await form.GetByRole(AriaRole.Button, new() { Name = action, Exact = true }).ClickAsync();
        await Expect(form).ToHaveCountAsync(0);
    }
}

using EscalationDesk.Features.Drafts;
using EscalationDesk.Features.Escalations;
using EscalationDesk.Features.Judgment;
using EscalationDesk.Features.Wizard;
using EscalationDesk.Tests.Infrastructure;

namespace EscalationDesk.Tests.Features.Escalations;

// A draft that is ready to escalate, and the services that act on it, over one test database.
public sealed class EscalationScenario(TestDatabase db)
{
    public FixedUser Agent { get; } = new("Ana Agent");
    public TestDatabase Db => db;

    public EscalateCommand Escalate => new(db, Agent, db.Clock);
    public LifecycleCommands Lifecycle => new(db, Agent, db.Clock);
    public EscalationReader Reader => new(db, Agent);
    public WizardService Wizard => new(db, Agent, db.Clock, db.Search);

    public async Task<int> ReadyDraftAsync(Action<DraftContent>? change = null, string[]? severitySignals = null)
    {
        var id = await new DraftsService(db, Agent, db.Clock, db.Search).CreateAsync();
        var draft = (await Wizard.LoadAsync(id))!;
        var c = draft.Content;
        c.Understand.Summary = "Checkout times out for EU cards";
        c.Impact.SeveritySignals.AddRange(severitySignals ?? ["major-functionality"]);
        c.Target.Signals.Add("bug-needs-fix");
        c.Brief.WhatsNeeded = "Find the root cause of the gateway timeouts";
        c.Brief.Deadline = new DateTime(2026, 11, 30, 17, 0, 0);
        change?.Invoke(c);
        await Wizard.SaveAsync(id, c, 6, draft.Version);
        return id;
    }

    public async Task<int> EscalatedAsync(string[]? severitySignals = null)
    {
        var id = await ReadyDraftAsync(severitySignals: severitySignals);
        Assert.True((await Escalate.EscalateAsync(id)).Ok);
        return id;
    }
}

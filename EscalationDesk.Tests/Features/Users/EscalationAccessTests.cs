using EscalationDesk.Data;
using EscalationDesk.Features.Briefs;
using EscalationDesk.Features.Drafts;
using EscalationDesk.Features.Escalations;
using EscalationDesk.Features.Judgment;
using EscalationDesk.Features.Queue;
using EscalationDesk.Features.Settings;
using EscalationDesk.Features.Users;
using EscalationDesk.Features.Wizard;
using EscalationDesk.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace EscalationDesk.Tests.Features.Users;

// The per-object checks in the services: another agent's draft, by id, is exactly as missing as one that does not exist.
public sealed class EscalationAccessTests : IDisposable
{
    private readonly TestDatabase _db = new();
    private readonly FixedUser _ana = new("Ana Agent");
    private readonly FixedUser _bob = new("Bob Agent");
    private readonly FixedUser _lead = FixedUser.Lead();

    private DraftsService Drafts(ICurrentUser u) => new(_db, u, _db.Clock, _db.Search);
    private WizardService Wizard(ICurrentUser u) => new(_db, u, _db.Clock, _db.Search);
    private EscalateCommand Escalate(ICurrentUser u) => new(_db, u, _db.Clock);
    private LifecycleCommands Lifecycle(ICurrentUser u) => new(_db, u, _db.Clock);
    private EscalationReader Reader(ICurrentUser u) => new(_db, u);
    private OwnerReassignment Reassignment(ICurrentUser u) => new(_db, u, _db.Clock);
    private EvidenceService Evidence(ICurrentUser u) => new(_db, u, _db.Clock);
    private BriefService Briefs(ICurrentUser u) => new(_db, u, _db.Clock, new EscalationDeskOptions(), new Lazy<IBriefPdf>(() => new PdfSharpBriefPdf(new PdfOptions())), new PdfRenderLimits(new PdfOptions()), new BriefPdfCache(new PdfOptions()));
    private QueueService Queue(ICurrentUser u) => new(_db, _db.Clock, u, _db.Search);

    private async Task<int> AnasDraftAsync(string summary = "Ana's secret draft about Initech payroll")
    {
        var id = await Drafts(_ana).CreateAsync();
        var draft = (await Wizard(_ana).LoadAsync(id))!;
        draft.Content.Understand.Summary = summary;
        Assert.Equal(SaveOutcome.Saved, (await Wizard(_ana).SaveAsync(id, draft.Content, 1, draft.Version)).Outcome);
        await Evidence(_ana).AddAsync(id, "trace.log", new MemoryStream("stack trace"u8.ToArray()));
        return id;
    }

    [Fact]
    public async Task Another_agent_cannot_read_export_or_change_a_draft_and_is_told_it_does_not_exist()
    {
        var id = await AnasDraftAsync();
        var attachment = (await Evidence(_ana).ListAsync(id)).Single().Id;

        Assert.Null(await Wizard(_bob).LoadAsync(id));
        Assert.Equal(SaveOutcome.NotFound, (await Wizard(_bob).SaveAsync(id, new DraftContent(), 1, 2)).Outcome);
        Assert.Null(await Reader(_bob).GetAsync(id));
        Assert.Equal("This draft does not exist.", (await Escalate(_bob).EscalateAsync(id)).Error);
        Assert.Null(await Briefs(_bob).LoadAsync(id));
        Assert.Null(await Briefs(_bob).MarkdownAsync(id));
        Assert.Empty(await Evidence(_bob).ListAsync(id));
        Assert.Null(await Evidence(_bob).OpenAsync(id, attachment));
        Assert.False(await Evidence(_bob).RemoveAsync(id, attachment));
        await Assert.ThrowsAsync<EvidenceException>(() => Evidence(_bob).AddAsync(id, "x.txt", new MemoryStream([1])));
        Assert.False(await Drafts(_bob).DiscardAsync(id));
        Assert.Empty(await Drafts(_bob).ListMineAsync());

        // Nothing changed: Ana still has her draft, her file, and a timeline without Bob.
        var mine = (await Wizard(_ana).LoadAsync(id))!;
        Assert.Equal("Ana's secret draft about Initech payroll", mine.Content.Understand.Summary);
        Assert.NotNull(await Evidence(_ana).OpenAsync(id, attachment));
        Assert.DoesNotContain((await Reader(_ana).GetAsync(id))!.Timeline, t => t.Actor == _bob.Name);
    }

    [Fact]
    public async Task A_lead_sees_and_acts_on_every_escalation_and_reassigns_its_owner()
    {
        var id = await AnasDraftAsync();
        Assert.NotNull(await Wizard(_lead).LoadAsync(id));
        Assert.NotNull(await Briefs(_lead).MarkdownAsync(id));

        var bobAccount = await AddAccountAsync(_bob);
        Assert.True((await Reassignment(_lead).ReassignAsync(id, bobAccount)).Ok);
        var view = (await Reader(_lead).GetAsync(id))!;
        Assert.Equal("Bob Agent", view.Owner);
        Assert.Contains(view.Timeline, t => t.Kind == TimelineKinds.OwnerChanged && t.Detail == "Owner Ana Agent → Bob Agent" && t.Actor == _lead.Name);
        // Bob owns it now; Ana no longer does.
        Assert.NotNull(await Wizard(_bob).LoadAsync(id));
        Assert.Null(await Wizard(_ana).LoadAsync(id));
        await Assert.ThrowsAsync<NotAllowedException>(() => Reassignment(_ana).ReassignAsync(id, bobAccount));
    }

    [Fact]
    public async Task Security_escalations_are_seen_only_by_their_owner_leads_and_admins()
    {
        var now = _db.Clock.GetUtcNow().UtcDateTime;
        var security = await EscalationRows.AddAsync(_db, now, "Token leak in export", targets: "Security, Engineering", owner: _ana.Name, change: e => e.OwnerId = _ana.Id);
        var ordinary = await EscalationRows.AddAsync(_db, now, "Export slow", owner: _ana.Name, change: e => e.OwnerId = _ana.Id);
        var seeded = await EscalationRows.AddAsync(_db, now, "Vulnerability report", targets: "Security", owner: "Someone without an account");

        async Task<int[]> QueueIds(ICurrentUser u) => (await Queue(u).PageAsync(new QueueQuery())).Rows.Select(r => r.Id).Order().ToArray();
        Assert.Equal([ordinary], await QueueIds(_bob));
        Assert.Equal([security, ordinary], await QueueIds(_ana));
        Assert.Equal([security, ordinary, seeded], await QueueIds(_lead));
        Assert.Equal([security, ordinary, seeded], await QueueIds(FixedUser.Admin()));

        Assert.Null(await Reader(_bob).GetAsync(security));
        Assert.NotNull(await Reader(_bob).GetAsync(ordinary));
        Assert.False((await Lifecycle(_bob).LogFollowUpAsync(ordinary, "not mine")).Ok);
        var csv = new MemoryStream();
        await Queue(_bob).WriteCsvAsync(new QueueQuery(), csv);
        Assert.DoesNotContain("Token leak", System.Text.Encoding.UTF8.GetString(csv.ToArray()));
    }

    [Fact]
    public async Task Similar_report_suggestions_never_show_another_agents_draft_or_a_security_escalation()
    {
        var now = _db.Clock.GetUtcNow().UtcDateTime;
        await AnasDraftAsync("Payroll export crashes with a timeout on large files");
        await EscalationRows.AddAsync(_db, now, "Payroll export crashes: token in the timeout error", targets: "Security", owner: "Sam");
        var visible = await EscalationRows.AddAsync(_db, now, "Payroll export crashes after a timeout", owner: "Sam");

        var bobs = await Drafts(_bob).CreateAsync();
        var draft = (await Wizard(_bob).LoadAsync(bobs))!;
        draft.Content.Understand.Summary = "Payroll export crashes with a timeout";
        var facts = await Wizard(_bob).FactsAsync(bobs, draft.Content);
        Assert.Equal([visible], facts.Suggestions.Select(s => s.Id));

        var leads = await Wizard(_lead).FactsAsync(bobs, draft.Content);
        Assert.Equal(3, leads.Suggestions.Count);
    }

    [Fact]
    public async Task The_dashboard_and_digest_are_for_leads_and_settings_for_admins()
    {
        await Assert.ThrowsAsync<NotAllowedException>(() => new DashboardService(_db, _db.Clock, _ana).LoadAsync());
        var digest = new DigestService(_db, _db.Clock, _ana, new EscalationDeskOptions(), new Lazy<IBriefPdf>(() => new PdfSharpBriefPdf(new PdfOptions())), new PdfRenderLimits(new PdfOptions()));
        await Assert.ThrowsAsync<NotAllowedException>(() => digest.MarkdownAsync());
        var settings = new SettingsService(_db, new ConfigurationBuilder().Build(), _lead, _db.Clock);
        await Assert.ThrowsAsync<NotAllowedException>(() => settings.WebhooksAsync());
        await Assert.ThrowsAsync<NotAllowedException>(() => settings.SaveWebhookAsync(EscalationTarget.Engineering, "https://hooks.example.com/x"));
        Assert.NotNull(await new DashboardService(_db, _db.Clock, _lead).LoadAsync());
    }

    [Fact]
    public async Task Nobody_signed_in_can_create_or_read_anything()
    {
        var nobody = new FixedUser("", id: "");
        var id = await AnasDraftAsync();
        await Assert.ThrowsAsync<NotAllowedException>(() => Drafts(nobody).CreateAsync());
        Assert.Null(await Wizard(nobody).LoadAsync(id));
        Assert.Null(await Briefs(nobody).LoadAsync(id));
        await Assert.ThrowsAsync<NotAllowedException>(() => Queue(nobody).PageAsync(new QueueQuery()));
    }

    private async Task<string> AddAccountAsync(FixedUser user)
    {
        await using var db = _db.CreateDbContext();
        db.Users.Add(new AppUser { Id = user.Id, UserName = user.Name, Email = $"{user.Id}@test.example", DisplayName = user.Name });
        await db.SaveChangesAsync();
        return user.Id;
    }

    public void Dispose() => _db.Dispose();
}

using Bunit;
using EscalationDesk.Features.Escalations;
using EscalationDesk.Features.Tickets;
using EscalationDesk.Tests.Features.Escalations;
using EscalationDesk.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace EscalationDesk.Tests.Components;

// "Also post as public reply on the ticket": offered only for an escalation started from a ticket, never ticked by itself.
public sealed class PublicReplyChoiceTests : ComponentTestBase
{
    private sealed class Model { public string StatusUpdate { get; set; } = "Hello Roger, a fix is being tested."; }

    private readonly Model _model = new();

    private async Task<int> EscalatedAsync(bool fromTicket)
    {
        var id = await new EscalationScenario(Db).EscalatedAsync();
        if (!fromTicket) return id;
        await using var db = Db.CreateDbContext();
        db.TicketLinks.Add(new TicketLink { EscalationId = id, System = TicketSystem.Zendesk, ExternalId = "35436", Url = "https://acme.zendesk.com/agent/tickets/35436", Subject = "Printer fire" });
        await db.SaveChangesAsync();
        return id;
    }

    private IRenderedComponent<CustomerMessageDraft> RenderDraft(int id) => Render<CustomerMessageDraft>(p => p
        .Add(x => x.Label, "Customer status update").Add(x => x.Value, _model.StatusUpdate).Add(x => x.For, () => _model.StatusUpdate)
        .Add(x => x.Generate, _ => _model.StatusUpdate).Add(x => x.EscalationId, id).Add(x => x.CanSend, true));

    private async Task<List<TicketWriteBack>> RepliesAsync()
    {
        await using var db = Db.CreateDbContext();
        return await db.TicketWriteBacks.Where(w => w.Kind == WriteBackKind.PublicReply).ToListAsync();
    }

    [Fact]
    public async Task Ticked_the_update_marked_sent_is_queued_as_a_public_reply_on_the_ticket()
    {
        var id = await EscalatedAsync(fromTicket: true);
        var draft = RenderDraft(id);
        draft.WaitForAssertion(() => Assert.Contains("Also post as public reply on the ticket", draft.Markup));

        draft.Find("input[type=checkbox]").Change(true);
        draft.Find("button[aria-label='Mark Customer status update as sent']").Click();

        draft.WaitForAssertion(() => Assert.Contains("being posted as a public reply on Zendesk ticket 35436", draft.Markup));
        var reply = Assert.Single(await RepliesAsync());
        Assert.Equal(("35436", "Hello Roger, a fix is being tested.", WriteBackState.Pending), (reply.TicketId, reply.Body, reply.State));
    }

    [Fact]
    public async Task Not_ticked_nothing_goes_to_the_ticket()
    {
        var id = await EscalatedAsync(fromTicket: true);
        var draft = RenderDraft(id);
        draft.WaitForAssertion(() => Assert.Contains("Also post as public reply on the ticket", draft.Markup));

        draft.Find("button[aria-label='Mark Customer status update as sent']").Click();

        draft.WaitForAssertion(() => Assert.Contains("the customer timer restarted", draft.Markup));
        Assert.Empty(await RepliesAsync());
    }

    [Fact]
    public async Task Without_a_ticket_the_choice_is_not_offered()
    {
        var id = await EscalatedAsync(fromTicket: false);

        var draft = RenderDraft(id);

        draft.WaitForAssertion(() => Assert.Contains("Mark as sent", draft.Markup));
        Assert.DoesNotContain("public reply", draft.Markup);
    }
}

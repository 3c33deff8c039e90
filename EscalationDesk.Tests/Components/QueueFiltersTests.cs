using Bunit;
using EscalationDesk.Features.Judgment;
using EscalationDesk.Features.Queue;
using EscalationDesk.Tests.Infrastructure;

namespace EscalationDesk.Tests.Components;

public sealed class QueueFiltersTests : ComponentTestBase
{
    private QueueQuery? _changed;

    private IRenderedComponent<QueueFilters> RenderWith(QueueQuery query) =>
        Render<QueueFilters>(p => p.Add(x => x.Query, query).Add(x => x.QueryChanged, (Func<QueueQuery, QueueQuery> change) => _changed = change(query)));

    private static AngleSharp.Dom.IElement ClearButton(IRenderedComponent<QueueFilters> filters) =>
        filters.FindAll("button").Single(b => b.TextContent.Trim() == "Clear filters");

    [Fact]
    public void Clear_filters_resets_every_filter_and_keeps_the_order()
    {
        var filters = RenderWith(new QueueQuery([EscalationStatus.Closed], Severity.Critical, EscalationTarget.Product, QueueQuery.Me, "Globex",
            OverdueFilter.Customer, "gateway", "arr", true, 3, 50, EscalationTarget.Engineering));

        ClearButton(filters).Click();

        Assert.Equal("?sort=arr&desc=true&size=50", QueueUrl.QueryString(_changed!));
    }

    [Fact]
    public void Clear_filters_is_disabled_while_no_filter_is_set()
    {
        var filters = RenderWith(new QueueQuery(Sort: "summary", PageSize: 50));

        Assert.True(ClearButton(filters).HasAttribute("disabled"));
    }

    [Fact]
    public void Search_and_customer_run_as_the_lead_types_after_a_short_pause()
    {
        var filters = RenderWith(new QueueQuery());

        var debounced = filters.FindComponents<MudBlazor.MudTextField<string>>().ToDictionary(f => f.Instance.Label!, f => f.Instance.DebounceInterval);

        Assert.Equal(300, debounced["Search"]);
        Assert.Equal(300, debounced["Customer"]);
    }
}

using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Routing;
using Microsoft.AspNetCore.WebUtilities;
using MudBlazor;

namespace EscalationDesk.Features.Queue;

public sealed partial class QueuePage : IDisposable
{
    [Inject] private QueueService Queue { get; set; } = default!;
    [Inject] private NavigationManager Navigation { get; set; } = default!;
    [Inject] private TimeProvider Clock { get; set; } = default!;
    [Inject] private Trackers.TrackerService Trackers { get; set; } = default!;

    // The shown rows' linked Jira and GitHub issues, as chips beside their status.
    private IReadOnlyDictionary<int, IReadOnlyList<Trackers.TrackerIssueView>> _issues = new Dictionary<int, IReadOnlyList<Trackers.TrackerIssueView>>();

    private static readonly (string Key, string Title)[] Columns =
    [
        ("summary", "Summary"), ("customer", "Customer"), ("severity", "Severity"), ("targets", "Targets"), ("status", "Status"), ("owner", "Owner"),
        ("queue", "Time in queue"), ("internal", "Next internal follow-up"), ("customer-update", "Next customer update"), ("arr", "ARR at risk"),
    ];
    private static readonly int[] PageSizes = [10, 25, 50, 100];
    private static readonly Dictionary<string, object> TableLabel = new() { ["aria-label"] = "Escalation queue" };

    private readonly Dictionary<string, MudButton> _sortButtons = [];
    private string? _focusSort;
    private int _tableKey, _currentPage, _rowsPerPage = QueueService.DefaultPageSize;
    // The view shown (filters, order, page, size): what the URL says once the page has loaded.
    private QueueQuery _query = new();
    private QueueResult? _page;
    // The view came from the URL (opened, reloaded, back or forward): the URL is only tidied, not added to the history.
    private bool _fromUrl;
    // URLs this page navigated to itself: their location events arrive later and may trail a newer view already shown.
    private readonly List<string> _ownUrls = [];
    // The table's loads, numbered; the newest one's task.
    private int _loads;
    private bool _disposed;
    private Task<TableData<QueueRow>>? _latestLoad;

    protected override void OnInitialized()
    {
        Navigation.LocationChanged += OnLocationChanged;
        StartFrom(FromUrl(), fromUrl: true);
    }

    private QueueQuery FromUrl() =>
        QueueUrl.Parse(QueryHelpers.ParseQuery(new Uri(Navigation.Uri).Query).ToDictionary(q => q.Key, q => (string?)q.Value.ToString()));

    // A fresh table at the view's page and size.
    private void StartFrom(QueueQuery query, bool fromUrl)
    {
        _fromUrl = fromUrl;
        _query = query with { Page = Math.Max(0, query.Page), PageSize = Math.Clamp(query.PageSize, QueueService.MinPageSize, QueueService.MaxPageSize) };
        (_currentPage, _rowsPerPage) = (_query.Page, _query.PageSize);
        _tableKey++;
    }

    // Back, forward or a link to another view of the queue; the table's own changes are already the view shown.
    private void OnLocationChanged(object? sender, LocationChangedEventArgs e)
    {
        if (!OnQueue()) return;
        var query = FromUrl();
        if (_ownUrls.Remove(QueueUrl.QueryString(query)) || QueueUrl.QueryString(query) == QueueUrl.QueryString(_query)) return;
        _ = InvokeAsync(() => { StartFrom(query, fromUrl: true); StateHasChanged(); });
    }

    // The table's ServerData: this page of the view, its count reused while only the page changes. A newer request cancels
    // this one's query (the table's token goes to EF). The table keeps whatever a call returns last, so a call overtaken by a
    // newer one (the pager clicked twice) returns the newer one's rows, never its own stale ones.
    private Task<TableData<QueueRow>> LoadPageAsync(TableState state, CancellationToken ct) => _latestLoad = LoadAsync(++_loads, state, ct);

    private async Task<TableData<QueueRow>> LoadAsync(int load, TableState state, CancellationToken ct)
    {
        var query = _query with { Page = state.Page, PageSize = state.PageSize };
        QueueResult page;
        try
        {
            page = await Queue.PageAsync(query, _page, ct);
        }
        catch (OperationCanceledException) when (load != _loads && _latestLoad is { } newer)
        {
            return await newer;
        }
        // Read before the checks below, so a newer load started meanwhile still wins.
        var issues = await Trackers.ForEscalationsAsync(page.Rows.Select(r => r.Id).ToList(), ct);
        if (load != _loads && _latestLoad is { } newest) return await newest;
        // A view chosen while this loaded (a filter or an order: its new table loads it) must not be undone by this one.
        if (View(_query) != View(query)) return new TableData<QueueRow> { Items = page.Rows, TotalItems = page.Total };
        _page = page;
        _issues = issues;
        _query = query with { Page = page.Page, PageSize = page.PageSize };
        // A page past the end (an old link) shows the last one; the pager follows.
        if (page.Page != state.Page) _ = InvokeAsync(() => { _currentPage = page.Page; StateHasChanged(); });
        var shown = QueueUrl.QueryString(_query);
        // A load that finishes after the user went elsewhere (the search's pause, then a click on Dashboard) must not pull
        // them back to the queue.
        if (_disposed) return new TableData<QueueRow> { Items = page.Rows, TotalItems = page.Total };
        if (QueueUrl.QueryString(FromUrl()) != shown)
        {
            _ownUrls.Add(shown);
            Navigation.NavigateTo($"/queue{shown}", replace: _fromUrl);
        }
        _fromUrl = false;
        StateHasChanged();
        return new TableData<QueueRow> { Items = page.Rows, TotalItems = page.Total };
    }

    // New filters: a fresh table on the first page.
    private Task GoAsync(Func<QueueQuery, QueueQuery> change)
    {
        StartFrom(change(_query) with { Page = 0, PageSize = _rowsPerPage }, fromUrl: false);
        return Task.CompletedTask;
    }

    // A new order: a fresh table on the first page, with the focus back on the column's button.
    private void Sort(string key)
    {
        StartFrom(_query with { Sort = key, Descending = _query.Sort == key && !_query.Descending, Page = 0 }, fromUrl: false);
        _focusSort = key;
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (_focusSort is { } key && _sortButtons.TryGetValue(key, out var button))
        {
            _focusSort = null;
            await button.FocusAsync();
        }
    }

    // The filters and the order, without the page and its size.
    private static string View(QueueQuery q) => QueueUrl.QueryString(q with { Page = 0, PageSize = QueueService.DefaultPageSize });

    private void RowClicked(TableRowClickEventArgs<QueueRow> e)
    {
        if (e.Item is { } row) Navigation.NavigateTo($"/escalations/{row.Id}");
    }

    private string AriaSort(string key) => _query.Sort != key ? "none" : _query.Descending ? "descending" : "ascending";

    private string? SortIcon(string key) => _query.Sort != key ? null : _query.Descending ? Icons.Material.Filled.ArrowDownward : Icons.Material.Filled.ArrowUpward;

    private string PagerInfo => _page is { Capped: true } ? $"{{first_item}}–{{last_item}} of {_page.Total:N0}+" : "{first_item}–{last_item} of {all_items}";

    // "26–50 of 1,234 escalations", or "of 10,000+" when the count stopped at the cap.
    private static string Showing(QueueResult? page)
    {
        if (page is null) return "Loading the queue…";
        if (page.Total == 0) return "No escalations match";
        var from = page.Page * page.PageSize + 1;
        var to = from + page.Rows.Count - 1;
        var total = $"{page.Total:N0}{(page.Capped ? "+" : "")}";
        return page.Total == 1 && !page.Capped ? "1 escalation" : $"{from:N0}–{to:N0} of {total} escalations";
    }

    private static string Age(DateTime? since, DateTime now)
    {
        if (since is not DateTime at) return "—";
        var age = now - at;
        return age.TotalDays >= 1 ? $"{(int)age.TotalDays} d {age.Hours} h" : $"{(int)age.TotalHours} h {age.Minutes} min";
    }

    private bool OnQueue() => new Uri(Navigation.Uri).AbsolutePath.Equals("/queue", StringComparison.OrdinalIgnoreCase);

    public void Dispose()
    {
        _disposed = true;
        Navigation.LocationChanged -= OnLocationChanged;
    }
}

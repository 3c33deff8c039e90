using EscalationDesk.Features.Users;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace EscalationDesk.Components.Layout;

public sealed partial class MainLayout
{
    [Inject] private DarkModePreference DarkMode { get; set; } = default!;
    [Inject] private NavigationManager Navigation { get; set; } = default!;

    private MudThemeProvider? _themeProvider;
    private ErrorReport? _errorReport;
    private string _path = "";
    private bool _navigationOpen;
    // The user's stored choice (null: none yet, the system setting applies) and what is shown now.
    private bool? _choice;
    private bool _dark;
    private bool _saving;

    protected override async Task OnInitializedAsync()
    {
        _choice = await DarkMode.ReadAsync();
        // Before the circuit asks the browser, an undecided user gets the system's colours from CSS (SystemDarkPalette).
        _dark = _choice ?? false;
    }

    protected override void OnParametersSet()
    {
        // Leaving a page that failed shows the next page, not the old error; the menu closes once a page is chosen.
        _errorReport?.Recover();
        _navigationOpen = false;
        _path = new Uri(Navigation.Uri).AbsolutePath;
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (!firstRender || _choice is not null || _themeProvider is null) return;
        _dark = await _themeProvider.GetSystemDarkModeAsync();
        StateHasChanged();
    }

    // The browser's system setting changed while the user has no choice of their own.
    private void SystemDarkModeChanged(bool dark)
    {
        if (_choice is null) _dark = dark;
    }

    private async Task ToggleDarkModeAsync()
    {
        // A click while the last choice is still being saved is ignored: the colours shown are the ones stored.
        if (_saving) return;
        _saving = true;
        try
        {
            _dark = !_dark;
            _choice = _dark;
            await DarkMode.SaveAsync(_dark);
        }
        finally { _saving = false; }
    }

    private void ToggleNavigation() => _navigationOpen = !_navigationOpen;
}

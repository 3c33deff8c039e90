using System.Text;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Rendering;
using MudBlazor;

namespace EscalationDesk.Components.Layout;

// The app's colours in light and dark. Each colour used for text passes WCAG AA (4.5:1) on the backgrounds it sits
// on (the light status colours are darker than MudBlazor's defaults, the dark ones lighter, with dark text on them).
public static class AppTheme
{
    private static readonly string[] FontStack = ["system-ui", "Segoe UI", "DejaVu Sans", "Helvetica", "Arial", "sans-serif"];

    private const string DarkText = "#16171b";

    public static MudTheme Theme { get; } = new()
    {
        Typography = new Typography { Default = new DefaultTypography { FontFamily = FontStack } },
        PaletteLight = new PaletteLight { Success = "#1b5e20", Warning = "#8a4b00", Info = "#0d47a1", Error = "#c62828" },
        PaletteDark = new PaletteDark
        {
            Background = DarkText,
            BackgroundGray = "#2a2b32",
            Surface = "#202127",
            AppbarBackground = "#25233f",
            AppbarText = "#f0f0f5",
            DrawerBackground = "#202127",
            DrawerText = "#e6e6eb",
            DrawerIcon = "#c8c8d0",
            TextPrimary = "#e6e6eb",
            TextSecondary = "#b4b5bd",
            TextDisabled = "rgba(255,255,255,0.45)",
            ActionDefault = "#c8c8d0",
            ActionDisabled = "rgba(255,255,255,0.38)",
            ActionDisabledBackground = "rgba(255,255,255,0.12)",
            Primary = "#a99fff",
            PrimaryContrastText = DarkText,
            Secondary = "#ff9ec4",
            SecondaryContrastText = DarkText,
            // Alerts write their text in the "darken" shade: on a dark page it must be the lighter one.
            Info = "#7ab8ff",
            InfoContrastText = DarkText,
            InfoDarken = "#a8d0ff",
            Success = "#6fcf87",
            SuccessContrastText = DarkText,
            SuccessDarken = "#9be3ad",
            Warning = "#ffb74d",
            WarningContrastText = DarkText,
            WarningDarken = "#ffd08a",
            Error = "#ff8a80",
            ErrorContrastText = DarkText,
            ErrorDarken = "#ffb4ab",
            LinesDefault = "rgba(255,255,255,0.16)",
            LinesInputs = "rgba(255,255,255,0.5)",
            TableLines = "rgba(255,255,255,0.16)",
            TableHover = "rgba(255,255,255,0.06)",
            TableStriped = "rgba(255,255,255,0.04)",
            Divider = "rgba(255,255,255,0.16)",
            DividerLight = "rgba(255,255,255,0.08)",
        },
    };
}

// The dark colours for a browser whose system setting is dark, as CSS: a page drawn on the server (before its circuit
// runs, or static like sign-in) is dark at once, without waiting for script to ask the browser.
public sealed class SystemDarkPalette : MudThemeProvider
{
    public override Task SetParametersAsync(ParameterView parameters) =>
        base.SetParametersAsync(ParameterView.FromDictionary(new Dictionary<string, object?>
        {
            [nameof(Theme)] = AppTheme.Theme,
            [nameof(IsDarkMode)] = true,
            [nameof(ObserveSystemDarkModeChange)] = false,
        }));

    protected override void BuildRenderTree(RenderTreeBuilder builder)
    {
        var css = new StringBuilder("<style>@media (prefers-color-scheme: dark) { :root { color-scheme: dark;");
        GenerateTheme(css);
        css.Append("} }</style>");
        builder.AddMarkupContent(0, css.ToString());
    }
}

using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace EscalationDesk.Tests.EndToEnd;

// What a person sees of the layout: sideways scrolling, the page's colours, and axe's serious findings.
public static class LayoutChecks
{
    // A page is ready to measure once its circuit runs, its heading shows and nothing is still loading.
    public static async Task OpenAsync(IPage page, string url)
    {
        await page.GotoAsync(url);
        await page.Locator("[data-interactive=true]").WaitForAsync(new() { State = WaitForSelectorState.Attached });
        await Expect(page.Locator("h1").First).ToBeVisibleAsync();
        await Expect(page.Locator(".mud-progress-linear")).ToHaveCountAsync(0);
    }

    // Null when the page scrolls only up and down and nothing visible sticks out on the right (the fixed app bar does
    // not widen the page, so it is checked element by element); otherwise what sticks out. An element inside a box that
    // scrolls or clips sideways (a wide table in its own box) is that box's concern.
    public static async Task<string?> SidewaysScrollAsync(IPage page) =>
        await page.EvaluateAsync<string?>("""
            () => {
                const width = window.innerWidth;
                const inBox = e => {
                    for (let a = e.parentElement; a && a !== document.body; a = a.parentElement)
                        if (getComputedStyle(a).overflowX !== 'visible') return true;
                    return false;
                };
                const out = [...document.querySelectorAll('body *')].filter(e => {
                    const r = e.getBoundingClientRect();
                    return r.width > 0 && r.right > width + 1 && getComputedStyle(e).visibility !== 'hidden' && !inBox(e);
                });
                const leaves = out.filter(e => !out.some(o => o !== e && e.contains(o)));
                const scrollWidth = document.documentElement.scrollWidth;
                if (scrollWidth <= width && leaves.length === 0) return null;
                const names = leaves.slice(0, 5).map(e =>
                    `${e.tagName.toLowerCase()}.${[...e.classList].join('.')} "${(e.textContent || '').trim().slice(0, 30)}" (${Math.round(e.getBoundingClientRect().right)}px)`);
                return `${scrollWidth}px wide on a ${width}px screen: ${names.join(', ')}`;
            }
            """);

    // The relative luminance (0 black, 1 white) of the page's background, as the browser computed it.
    public static async Task<double> BackgroundLuminanceAsync(IPage page)
    {
        var rgb = await page.EvaluateAsync<double[]>(
            "() => getComputedStyle(document.body).backgroundColor.match(/[\\d.]+/g).slice(0, 3).map(Number)");
        static double Channel(double v) => (v /= 255) <= 0.03928 ? v / 12.92 : Math.Pow((v + 0.055) / 1.055, 2.4);
        return 0.2126 * Channel(rgb[0]) + 0.7152 * Channel(rgb[1]) + 0.0722 * Channel(rgb[2]);
    }

    public static async Task<IEnumerable<string>> AxeProblemsAsync(IPage page)
    {
        // Scan what the user reads, not a transition halfway through (its colours are checked once it ends).
        await page.WaitForFunctionAsync("() => document.getAnimations().every(a => a.playState !== 'running' || a.effect?.getComputedTiming().endTime === Infinity)");
        var result = await page.RunAxe();
        return result.Violations.Where(v => v.Impact is "serious" or "critical")
            .Select(v => $"{new Uri(page.Url).PathAndQuery}: {v.Id} {string.Join(" | ", v.Nodes.Take(3).Select(n => n.Html))}");
    }
}

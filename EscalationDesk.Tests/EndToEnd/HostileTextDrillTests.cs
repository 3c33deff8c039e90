using System.Diagnostics;
using System.Text.RegularExpressions;
using EscalationDesk.Tests.Features.Briefs;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace EscalationDesk.Tests.EndToEnd;

// Drill 7: hostile text typed into every text field of the wizard runs nowhere and changes no structure.
[Collection(BrowserCollection.Name)]
public sealed class HostileTextDrillTests(BrowserFixture browser)
{
    // Besides the shared corpus: strings that would set a flag if anything ran them.
    private static readonly string[] ScriptProbes =
    [
        "<img src=x onerror=\"window.__xss=1\">",
        "<svg onload=window.__xss=1></svg>",
        "<script>window.__xss=1</script>",
        "[probe](javascript:window.__xss=1)",
        "<a href=\"javascript:window.__xss=1\">click</a>",
        "<iframe srcdoc=\"<script>parent.__xss=1</script>\"></iframe>",
        "<details open ontoggle=window.__xss=1>",
    ];

    private static readonly string[] TemplateHeadings =
        ["### Impact", "### Issue Description", "### What's Been Tried", "### Reproduction Steps", "### Customer Communication", "### What's Needed", "### Supporting Context"];

    // Text fields the agent types into: not pickers, numbers, dates or money.
    private const string TextFields =
        "main textarea:not([readonly]):visible, main input:is([type=text], :not([type])):not([readonly]):not([role=combobox]):not([inputmode=numeric]):not([inputmode=decimal]):visible";

    private const string Summary = "<script>window.__xss=1</script> ## Summary **bold**";

    [Fact]
    public Task Hostile_text_in_every_field_runs_no_script_keeps_the_brief_structure_and_exports() =>
        browser.RunAsync(nameof(Hostile_text_in_every_field_runs_no_script_keeps_the_brief_structure_and_exports), async page =>
        {
            var dialogs = new List<string>();
            page.Dialog += async (_, dialog) => { dialogs.Add(dialog.Message); await dialog.DismissAsync(); };
            var corpus = HostileText.Corpus.Concat(ScriptProbes).ToArray();
            var wizard = new WizardPageObject(page);
            await wizard.OpenDraftsAsync();
            await wizard.StartNewEscalationAsync();
            var id = wizard.DraftId;
            await wizard.CreateCustomerAsync("<img src=x onerror=window.__xss=1> ## Acme", "[plan](javascript:window.__xss=1)");

            var filled = 0;
            var perStep = new List<int>();
            for (var step = 1; step <= 7; step++)
            {
                await wizard.OpenAsync(id, step);
                if (step == 6) await wizard.ChooseAsync("Specific ask", "Other");
                // Every list gets an item, so its fields are filled too.
                var items = page.Locator("main [role=group][aria-label*=', item ']");
                var before = await items.CountAsync();
                var adds = await page.Locator("main").GetByRole(AriaRole.Button, new() { NameRegex = new Regex("^Add a (step|link)$") }).AllAsync();
                foreach (var add in adds) await add.ClickAsync();
                await Expect(items).ToHaveCountAsync(before + adds.Count);
                var fields = page.Locator(TextFields);
                var count = await fields.CountAsync();
                for (var i = 0; i < count; i++)
                {
                    await fields.Nth(i).FillAsync(corpus[filled % corpus.Length]);
                    filled++;
                }
                if (step == 1) await wizard.Field("Summary").FillAsync(Summary);
                perStep.Add(count);
                await ReliabilityDrillTests.WaitSavedAfterEditAsync(wizard);
            }
            Assert.True(filled >= 30, $"Only {filled} text fields were found across the wizard ({string.Join(", ", perStep)} on the steps).");

            await wizard.OpenAsync(id, 6);
            var preview = page.GetByTestId("brief-preview");
            await Expect(preview.GetByRole(AriaRole.Heading, new() { Level = 2 })).ToHaveTextAsync("ESCALATION: " + Summary);
            await Expect(preview.Locator("script, img, svg, iframe, object, embed, details, [onerror], [onload], [ontoggle]")).ToHaveCountAsync(0);
            await Expect(preview.Locator("a[href^='javascript:' i], a[href^='data:' i]")).ToHaveCountAsync(0);
            Assert.Equal(TemplateHeadings.Select(h => h[4..]), await preview.GetByRole(AriaRole.Heading, new() { Level = 3 }).AllTextContentsAsync());

            var markdown = await DownloadTextAsync(page, "Download Markdown");
            var headings = markdown.Split('\n').Where(line => line.StartsWith('#')).ToList();
            Assert.StartsWith("## ESCALATION: \\<script\\>", headings[0]);
            Assert.Equal(TemplateHeadings, headings.Skip(1));

            var pdf = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Button, new() { Name = "Download PDF" }).ClickAsync());
            var pdfPath = Path.Combine(Path.GetTempPath(), $"{Guid.NewGuid():N}.pdf");
            await pdf.SaveAsAsync(pdfPath);
            try
            {
                Assert.Equal("%PDF-"u8.ToArray(), (await File.ReadAllBytesAsync(pdfPath))[..5]);
                var text = await PdfToTextAsync(pdfPath);
                Assert.Contains("ESCALATION: " + Summary, text);
                foreach (var heading in TemplateHeadings) Assert.Contains(heading[4..], text);
            }
            finally
            {
                File.Delete(pdfPath);
            }

            Assert.Empty(dialogs);
            Assert.False(await page.EvaluateAsync<bool>("() => window.__xss !== undefined"), "A hostile string ran as script.");
        });

    private static async Task<string> DownloadTextAsync(IPage page, string button)
    {
        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Button, new() { Name = button }).ClickAsync());
        var path = Path.Combine(Path.GetTempPath(), $"{Guid.NewGuid():N}.download");
        await download.SaveAsAsync(path);
        try { return (await File.ReadAllTextAsync(path)).ReplaceLineEndings("\n"); }
        finally { File.Delete(path); }
    }

    private static async Task<string> PdfToTextAsync(string path)
    {
        using var process = Process.Start(new ProcessStartInfo("pdftotext", ["-enc", "UTF-8", path, "-"]) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var text = await process.StandardOutput.ReadToEndAsync();
        var errors = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0 && errors.Length == 0, $"pdftotext: exit {process.ExitCode} {errors}");
        return Regex.Replace(text, @"\s+", " ");
    }
}

using EscalationDesk.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace EscalationDesk.Tests.EndToEnd;

[Collection(BrowserCollection.Name)]
public sealed class BriefJourneyTests(BrowserFixture browser)
{
    [Fact]
    public async Task Step_six_previews_the_brief_live_and_downloads_it_as_markdown_and_pdf()
    {
        var wizard = new WizardPageObject(await browser.NewPageAsync());
        var dialogs = 0;
        wizard.Page.Dialog += async (_, dialog) => { dialogs++; await dialog.DismissAsync(); };
        await wizard.OpenDraftsAsync();
        await wizard.StartNewEscalationAsync();
        await wizard.FillSummaryAsync("Webhooks stop after 500 events <script>alert(1)</script>");
        await wizard.FillAsync("What's broken or needed", "<img src=x onerror=alert(2)> [x](javascript:alert(3))");
        await wizard.GoToStepAsync("Brief");

        var preview = wizard.Page.GetByTestId("brief-preview");
        await Expect(preview.GetByRole(AriaRole.Heading, new() { Level = 2 })).ToHaveTextAsync("ESCALATION: Webhooks stop after 500 events <script>alert(1)</script>");
        await wizard.FillAsync("What's needed", "Raise the per-tenant cap");
        await Expect(preview).ToContainTextAsync("Raise the per-tenant cap");
        await Expect(preview.Locator("script, img")).ToHaveCountAsync(0);

        var markdown = await wizard.Page.RunAndWaitForDownloadAsync(() =>
            wizard.Page.GetByRole(AriaRole.Button, new() { Name = "Download Markdown" }).ClickAsync());
        var markdownPath = Path.Combine(Path.GetTempPath(), $"{Guid.NewGuid():N}-{markdown.SuggestedFilename}");
        await markdown.SaveAsAsync(markdownPath);
        Assert.Matches(@"^ESC-\d+-webhooks-stop-after-500-events-script-alert-1-script\.md$", markdown.SuggestedFilename);
        var text = await File.ReadAllTextAsync(markdownPath);
        Assert.StartsWith("## ESCALATION: Webhooks stop after 500 events \\<script\\>alert(1)\\</script\\>", text);
        Assert.Contains("- Raise the per-tenant cap", text);

        var pdf = await wizard.Page.RunAndWaitForDownloadAsync(() =>
            wizard.Page.GetByRole(AriaRole.Button, new() { Name = "Download PDF" }).ClickAsync());
        var pdfPath = Path.Combine(Path.GetTempPath(), $"{Guid.NewGuid():N}.pdf");
        await pdf.SaveAsAsync(pdfPath);
        var pdfText = await PdfText.ExtractAsync(pdfPath);
        Assert.Contains("ESCALATION: Webhooks stop after 500 events <script>alert(1)</script>", pdfText);
        Assert.Contains("What's Needed", pdfText);
        Assert.Contains("Raise the per-tenant cap", pdfText);
        Assert.Contains("Page 1 of", pdfText);

        Assert.Equal(0, dialogs);
        Assert.False(await wizard.Page.EvaluateAsync<bool>("() => window.__xss === true"));
        File.Delete(markdownPath);
        File.Delete(pdfPath);
    }
}

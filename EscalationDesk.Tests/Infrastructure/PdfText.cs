using System.Diagnostics;
using System.Text.RegularExpressions;

namespace EscalationDesk.Tests.Infrastructure;

// A PDF's text as a reader would copy it, through poppler's pdftotext (scripts/test.sh installs it); whitespace collapsed.
public static partial class PdfText
{
    public static async Task<string> ExtractAsync(string path)
    {
        using var process = Process.Start(new ProcessStartInfo("pdftotext", [path, "-"]) { RedirectStandardOutput = true })!;
        var text = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.Equal(0, process.ExitCode);
        return Whitespace().Replace(text, " ");
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}

using System.Diagnostics;
using EscalationDesk.Features.Briefs;
using EscalationDesk.Features.Judgment;
using EscalationDesk.Features.Wizard;

namespace EscalationDesk.Benchmarks;

public static class BriefBenchmark
{
    public static BriefSource Typical() => new(42, TypicalContent(), "Acme Corp", "Ana Agent", new DateTime(2026, 11, 23, 8, 0, 0, DateTimeKind.Utc),
        [new LinkedEscalation(7, "Exports truncated for Globex", "Globex")], ["export-log.txt"], "USD", new DateTime(2026, 11, 24, 10, 0, 0, DateTimeKind.Utc));

    public static BriefSource Long(int characters = 20_000)
    {
        var content = TypicalContent();
        var text = string.Join(" ", Enumerable.Range(0, 2_900).Select(i => $"word{i}"))[..characters];
        content.Understand.WhatsBroken = text;
        content.Reproduce.Actual = text;
        content.Brief.EscalationRisk = text;
        return Typical() with { Content = content };
    }

    private static DraftContent TypicalContent() => new()
    {
        Understand = new()
        {
            Summary = "CSV export drops rows above 10,000 for Acme", WhatsBroken = "Exports of the Transactions report stop at exactly 10,000 rows. No error is shown.",
            WhosAffected = "Acme finance team", Started = new DateTime(2026, 11, 20, 9, 0, 0), WhyEscalateNow = "Month-end close on the 30th.",
            Tried = [new() { Step = "Smaller date range", Result = "Works below 10,000 rows" }, new() { Step = "Firefox and Chrome", Result = "Same" }],
        },
        Context = new() { RelatedTickets = [new() { Reference = "https://support.example.com/t/4711", Note = "first report" }], RelatedBugs = [new() { Reference = "ENG-1234", Note = "open" }] },
        Impact = new() { CustomersAffected = 3, ArrAtRisk = 250_000m, Depth = ImpactDepth.Blocked, SlaStatus = SlaStatus.AtRisk, SeveritySignals = ["major-functionality"] },
        Target = new() { Signals = ["bug-needs-fix", "churn-threat"] },
        Reproduce = new()
        {
            Steps = [new() { Text = "Open Reports > Transactions" }, new() { Text = "Set the range to 2026-01-01..2026-11-01" }, new() { Text = "Click Export CSV" }],
            Expected = "12,345 rows", Actual = "10,000 rows", Environment = "Chrome 131, Enterprise", Frequency = ReproFrequency.Always, ErrorMessages = "ExportLimitExceeded",
        },
        Brief = new() { SpecificAsk = SpecificAsk.PrioritizeFix, WhatsNeeded = "Lift the cap before month-end.", Deadline = new DateTime(2026, 11, 28, 17, 0, 0),
            CustomerExpectation = "A fix before the 30th", EscalationRisk = "CFO will call our CEO." },
    };

    public static void Run(Action<string, List<double>> report)
    {
        var pdf = new PdfSharpBriefPdf(new PdfOptions());
        foreach (var (name, source) in new[] { ("typical", Typical()), ("2,500-character fields", Long(2_500)), ("20,000-character fields", Long()) })
        {
            report($"Markdown, {name}", Time(5_000, () => BriefMarkdown.Render(source)));
            var markdown = BriefMarkdown.Render(source);
            var request = new BriefPdfRequest("ESC-42", "ESC-42", source.ReportedBy, source.Assessment.Severity.Effective, markdown, source.AsOf);
            var pages = UglyPageCount(pdf.Render(request));
            report($"PDF, {name} ({pages} pages)", Time(200, () => pdf.Render(request)));
        }
    }

    private static int UglyPageCount(byte[] pdf) =>
        System.Text.RegularExpressions.Regex.Matches(System.Text.Encoding.Latin1.GetString(pdf), @"/Type\s*/Page[^s]").Count;

    private static List<double> Time(int iterations, Action action)
    {
        for (var i = 0; i < Math.Max(20, iterations / 10); i++) action();
        var timings = new List<double>(iterations);
        for (var i = 0; i < iterations; i++)
        {
            var watch = Stopwatch.StartNew();
            action();
            timings.Add(watch.Elapsed.TotalMilliseconds);
        }
        return timings;
    }
}

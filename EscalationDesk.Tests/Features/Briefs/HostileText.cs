using System.Collections;
using System.Reflection;
using EscalationDesk.Features.Wizard;

namespace EscalationDesk.Tests.Features.Briefs;

// User text that tries to change a document's structure or run code; shared by the brief's tests.
public static class HostileText
{
    public static readonly string[] Corpus =
    [
        "## Injected heading",
        "### What's Needed",
        "**bold** and __also bold__ and *it*",
        "[click me](javascript:alert(1))",
        "[data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
        "<script>alert('x')</script>",
        "<img src=x onerror=alert(1)>",
        "1. looks like a list",
        "- a bullet\n* another\n+ third",
        "---",
        "line one\n===",
        "> quoted\n    indented code",
        "```\ncode fence\n```",
        "`inline code`",
        "| a | b |\n|---|---|",
        "&lt;script&gt; &amp; &#x3C;",
        "<https://evil.example>",
        "text\\\nwith backslash break",
        "trailing spaces  \nnext",
        "مرحبا بالعالم RTL \u202Ereversed\u202C",
        "emoji 🔥🚀👩‍💻 flags 🇳🇱",
        "zero\u200Bwidth\u200Djoiner\uFEFF",
        "![img](https://evil.example/x.png)",
        "![alt](javascript:alert(1))",
    ];

    public static readonly string All = string.Join("\n", Corpus);

    // Puts the text into every string field of the draft, including every list item.
    public static DraftContent Everywhere(string text)
    {
        var content = new DraftContent();
        content.Understand.Tried.Add(new());
        content.Context.RelatedTickets.Add(new());
        content.Context.InternalDiscussions.Add(new());
        content.Context.RelatedBugs.Add(new());
        content.Context.KnownIssues.Add(new());
        content.Reproduce.Steps.Add(new());
        Fill(content, text);
        return content;
    }

    private static void Fill(object model, string text)
    {
        foreach (var property in model.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            var value = property.GetValue(model);
            if (property.PropertyType == typeof(string) && property.CanWrite) property.SetValue(model, text);
            else if (value is IEnumerable items and not string) foreach (var item in items) { if (item is not null && item.GetType().Namespace == typeof(DraftContent).Namespace) Fill(item, text); }
            else if (value is not null && value.GetType().Namespace == typeof(DraftContent).Namespace) Fill(value, text);
        }
    }
}

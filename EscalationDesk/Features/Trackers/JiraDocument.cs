using System.Text.Json.Nodes;
using Markdig;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace EscalationDesk.Features.Trackers;

// The brief's Markdown as an Atlassian Document Format document, which Jira Cloud's v3 API takes for a description:
// headings, paragraphs, bullet and numbered lists, bold, italics, code and links, with hard breaks kept.
// https://developer.atlassian.com/cloud/jira/platform/apis/document/structure/
public static class JiraDocument
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder().DisableHtml().Build();

    public static JsonObject FromMarkdown(string markdown)
    {
        var content = new JsonArray();
        foreach (var block in Markdown.Parse(markdown, Pipeline)) if (Block(block) is { } node) content.Add(node);
        return new JsonObject { ["type"] = "doc", ["version"] = 1, ["content"] = content };
    }

    private static JsonObject? Block(Block block) => block switch
    {
        HeadingBlock h => new JsonObject { ["type"] = "heading", ["attrs"] = new JsonObject { ["level"] = Math.Clamp(h.Level, 1, 6) }, ["content"] = Inlines(h.Inline) },
        ParagraphBlock p => new JsonObject { ["type"] = "paragraph", ["content"] = Inlines(p.Inline) },
        ListBlock { IsOrdered: true } list => new JsonObject
        {
            ["type"] = "orderedList", ["attrs"] = new JsonObject { ["order"] = int.TryParse(list.OrderedStart, out var start) ? start : 1 }, ["content"] = Items(list),
        },
        ListBlock list => new JsonObject { ["type"] = "bulletList", ["content"] = Items(list) },
        ThematicBreakBlock => new JsonObject { ["type"] = "rule" },
        QuoteBlock quote => new JsonObject { ["type"] = "blockquote", ["content"] = Children(quote) },
        CodeBlock code => new JsonObject
        {
            ["type"] = "codeBlock",
            ["content"] = code.Lines.ToString() is { Length: > 0 } text ? new JsonArray(Text(text, [])) : new JsonArray(),
        },
        _ => null,
    };

    private static JsonArray Items(ListBlock list)
    {
        var items = new JsonArray();
        foreach (var item in list.OfType<ListItemBlock>())
        {
            var children = Children(item);
            // A list item holds at least one block.
            if (children.Count == 0) children.Add(new JsonObject { ["type"] = "paragraph", ["content"] = new JsonArray() });
            items.Add(new JsonObject { ["type"] = "listItem", ["content"] = children });
        }
        return items;
    }

    private static JsonArray Children(ContainerBlock container)
    {
        var children = new JsonArray();
        foreach (var child in container) if (Block(child) is { } node) children.Add(node);
        return children;
    }

    private static JsonArray Inlines(ContainerInline? container)
    {
        var nodes = new JsonArray();
        if (container is not null) AddInlines(nodes, container, []);
        return nodes;
    }

    private static void AddInlines(JsonArray nodes, ContainerInline container, IReadOnlyList<JsonObject> marks)
    {
        foreach (var inline in container)
        {
            switch (inline)
            {
                case LiteralInline literal:
                    Add(nodes, literal.Content.ToString(), marks);
                    break;
                case HtmlEntityInline entity:
                    Add(nodes, entity.Transcoded.ToString(), marks);
                    break;
                case CodeInline code:
                    Add(nodes, code.Content, [.. marks, new JsonObject { ["type"] = "code" }]);
                    break;
                case LineBreakInline { IsHard: true }:
                    nodes.Add(new JsonObject { ["type"] = "hardBreak" });
                    break;
                case LineBreakInline:
                    Add(nodes, " ", marks);
                    break;
                case EmphasisInline emphasis:
                    AddInlines(nodes, emphasis, [.. marks, new JsonObject { ["type"] = emphasis.DelimiterCount >= 2 ? "strong" : "em" }]);
                    break;
                case LinkInline { IsImage: false } link when Uri.TryCreate(link.Url, UriKind.Absolute, out var href) && href.Scheme is "http" or "https" or "mailto":
                    AddInlines(nodes, link, [.. marks, new JsonObject { ["type"] = "link", ["attrs"] = new JsonObject { ["href"] = href.AbsoluteUri } }]);
                    break;
                case ContainerInline other:
                    AddInlines(nodes, other, marks);
                    break;
            }
        }
    }

    // ADF refuses empty text nodes.
    private static void Add(JsonArray nodes, string text, IReadOnlyList<JsonObject> marks)
    {
        if (text.Length > 0) nodes.Add(Text(text, marks));
    }

    private static JsonObject Text(string text, IReadOnlyList<JsonObject> marks)
    {
        var node = new JsonObject { ["type"] = "text", ["text"] = text };
        if (marks.Count > 0) node["marks"] = new JsonArray([.. marks.Select(m => m.DeepClone())]);
        return node;
    }
}

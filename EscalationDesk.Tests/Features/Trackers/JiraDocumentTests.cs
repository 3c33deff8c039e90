using System.Text.Json.Nodes;
using EscalationDesk.Features.Trackers;

namespace EscalationDesk.Tests.Features.Trackers;

// The brief's Markdown as Atlassian Document Format, node by node.
public sealed class JiraDocumentTests
{
    [Fact]
    public void Headings_marks_links_lists_and_hard_breaks_become_ADF_nodes()
    {
        var doc = JiraDocument.FromMarkdown("## ESCALATION: Checkout\n\n**Severity:** High  \n**Date:** today\n\n1. Open *cart*\n2. Pay\n\n- see [ENG-1](https://acme.atlassian.net/browse/ENG-1)\n");

        var expected = JsonNode.Parse("""
            {"type":"doc","version":1,"content":[
              {"type":"heading","attrs":{"level":2},"content":[{"type":"text","text":"ESCALATION: Checkout"}]},
              {"type":"paragraph","content":[
                {"type":"text","text":"Severity:","marks":[{"type":"strong"}]},{"type":"text","text":" High"},{"type":"hardBreak"},
                {"type":"text","text":"Date:","marks":[{"type":"strong"}]},{"type":"text","text":" today"}]},
              {"type":"orderedList","attrs":{"order":1},"content":[
                {"type":"listItem","content":[{"type":"paragraph","content":[{"type":"text","text":"Open "},{"type":"text","text":"cart","marks":[{"type":"em"}]}]}]},
                {"type":"listItem","content":[{"type":"paragraph","content":[{"type":"text","text":"Pay"}]}]}]},
              {"type":"bulletList","content":[
                {"type":"listItem","content":[{"type":"paragraph","content":[{"type":"text","text":"see "},
                  {"type":"text","text":"ENG-1","marks":[{"type":"link","attrs":{"href":"https://acme.atlassian.net/browse/ENG-1"}}]}]}]}]}
            ]}
            """);
        Assert.True(JsonNode.DeepEquals(expected, doc), doc.ToJsonString());
    }

    [Fact]
    public void A_link_that_is_not_http_stays_plain_text()
    {
        var doc = JiraDocument.FromMarkdown("[click](javascript:alert(1))");

        Assert.DoesNotContain("\"link\"", doc.ToJsonString());
        Assert.Contains("click", doc.ToJsonString());
    }
}

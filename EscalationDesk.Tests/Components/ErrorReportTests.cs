using Bunit;
using EscalationDesk.Components.Layout;
using EscalationDesk.Tests.Infrastructure;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Rendering;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace EscalationDesk.Tests.Components;

public sealed class ErrorReportTests : ComponentTestBase
{
    private readonly LogCapture _log = new();

    public ErrorReportTests() => Services.AddSingleton<ILoggerFactory>(new LoggerFactory([_log]));

    [Fact]
    public void An_error_in_the_page_shows_a_friendly_message_with_an_id_and_only_the_log_has_the_details()
    {
        var page = Render<ErrorReport>(p => p.AddChildContent<FailingButton>());

        page.Find("button").Click();

        var errorId = page.Find("code.error-id").TextContent;
        Assert.NotEmpty(errorId);
        Assert.Contains("Something went wrong", page.Markup);
        Assert.DoesNotContain(FailingButton.Secret, page.Markup);
        Assert.Contains(_log.Entries, e => e.Message.Contains(errorId) && e.Exception?.Message == FailingButton.Secret);

        page.FindAll("button").Single(b => b.TextContent.Contains("Try again")).Click();
        Assert.Equal("Fail", page.Find("button").TextContent);
    }

    private sealed class FailingButton : ComponentBase
    {
        public const string Secret = "connection string Password=hunter2";

        protected override void BuildRenderTree(RenderTreeBuilder builder)
        {
            builder.OpenElement(0, "button");
            builder.AddAttribute(1, "onclick", EventCallback.Factory.Create(this, () => throw new InvalidOperationException(Secret)));
            builder.AddContent(2, "Fail");
            builder.CloseElement();
        }
    }
}

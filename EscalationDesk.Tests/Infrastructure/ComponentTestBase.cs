using Bunit;
using EscalationDesk.Data;
using EscalationDesk.Features.Drafts;
using EscalationDesk.Features.Users;
using EscalationDesk.Features.Wizard;
using Microsoft.Extensions.Configuration;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Services;

namespace EscalationDesk.Tests.Infrastructure;

// bUnit with the app's real services over a real SQLite database, MudBlazor set up the way its own tests do it.
public abstract class ComponentTestBase : BunitContext, IAsyncLifetime
{
    protected TestDatabase Db { get; } = new();
    protected FixedUser Agent { get; } = new("Ana Agent");

    // Settings are the app's configuration keys ("EscalationDesk:Currency"); without them every default applies.
    protected ComponentTestBase(IReadOnlyDictionary<string, string?>? settings = null)
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices(o =>
        {
            o.PopoverOptions.CheckForPopoverProvider = false;
            o.SnackbarConfiguration.ShowTransitionDuration = 0;
            o.SnackbarConfiguration.HideTransitionDuration = 0;
        });
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings ?? new Dictionary<string, string?>()).Build();
        Services.AddSingleton<IConfiguration>(configuration);
        Services.AddEscalationDeskFeatures(configuration);
        // The app's own services, over this test's database, clock and user.
        Services.AddSingleton<IDbContextFactory<EscalationDeskDbContext>>(Db);
        Services.AddSingleton(Db.Search);
        Services.AddSingleton<TimeProvider>(Db.Clock);
        Services.AddSingleton<ICurrentUser>(Agent);
    }

    protected DraftsService Drafts => Services.GetRequiredService<DraftsService>();
    protected WizardService Wizard => Services.GetRequiredService<WizardService>();

    protected void RenderPopoverProvider() => Render<MudPopoverProvider>();

    // The wizard as a user reaches it: the URL names the draft and the step.
    protected IRenderedComponent<WizardPage> RenderWizard(int id, int step)
    {
        Services.GetRequiredService<Microsoft.AspNetCore.Components.NavigationManager>().NavigateTo(WizardRoutes.Edit(id, step));
        var page = Render<WizardPage>(p => p.Add(x => x.Id, id));
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll(".mud-stepper")));
        return page;
    }

    public Task InitializeAsync() => Task.CompletedTask;

    async Task IAsyncLifetime.DisposeAsync()
    {
        await base.DisposeAsync();
        Db.Dispose();
    }
}

using EscalationDesk.Components;
using EscalationDesk.Data;
using EscalationDesk.Features.Accounts;
using EscalationDesk.Features.Api;
using EscalationDesk.Features.Briefs;
using EscalationDesk.Features.Chat;
using EscalationDesk.Features.Escalations;
using EscalationDesk.Features.Notifications;
using EscalationDesk.Features.Operations;
using EscalationDesk.Features.Queue;
using EscalationDesk.Features.Security;
using EscalationDesk.Features.Settings;
using EscalationDesk.Features.Tickets;
using EscalationDesk.Features.Trackers;
using EscalationDesk.Features.Webhooks;
using Microsoft.Extensions.Http.Resilience;
using Polly;
using EscalationDesk.Features.Drafts;
using EscalationDesk.Features.Judgment;
using EscalationDesk.Features.Users;
using EscalationDesk.Features.Wizard;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection.Extensions;
using MudBlazor.Services;

namespace EscalationDesk;

public static class EscalationDeskSetup
{
    public static WebApplicationBuilder AddEscalationDesk(this WebApplicationBuilder builder)
    {
        // Serves MudBlazor's static files when running the build output outside Development.
        builder.WebHost.UseStaticWebAssets();

        var services = builder.Services;
        services.AddRazorComponents().AddInteractiveServerComponents(o => SecurityHeaders.ConfigureCircuits(o, builder.Environment));
        // Long pasted texts travel in one message; the field limits (TextLimits) stay far below this.
        services.AddSignalR(o => o.MaximumReceiveMessageSize = 512 * 1024);
        services.AddMudServices();
        services.AddSecurityHeaders(builder.Environment, builder.Configuration);
        services.AddRateLimits(builder.Configuration);
        services.AddTrustedProxies();
        services.AddCircuitCap(builder.Configuration);

        // The database engine (Database:Provider) is chosen once; the DbContext, full-text search and migrations go through it.
        var contentRoot = builder.Environment.ContentRootPath;
        services.AddSingleton(sp => DatabaseProviders.FromConfiguration(sp.GetRequiredService<IConfiguration>(), contentRoot));
        services.AddSingleton(sp => sp.GetRequiredService<IDatabaseProvider>().Search);
        services.AddDbContextFactory<EscalationDeskDbContext>((sp, o) => sp.GetRequiredService<IDatabaseProvider>().ConfigureDbContext(o));
        // Keys in the database and one application name: a cookie or antiforgery token of one instance is valid on every other.
        services.AddDataProtection().SetApplicationName("EscalationDesk").PersistKeysToDbContext<EscalationDeskDbContext>();
        services.AddInstances();

        services.AddSingleton(TimeProvider.System);
        services.AddEscalationDeskUsers(builder.Environment, builder.Configuration);
        // Bearer tokens on /api/v1 (and only there), after the cookie sign-in they keep out of the API.
        services.AddApiTokens();
        services.AddEscalationDeskFeatures(builder.Configuration);
        services.AddHostedService<ReminderService>();
        services.AddHostedService<TrackerPoller>();
        // The REST API (/api/v1), its OpenAPI document and reference.
        services.AddEscalationDeskApi();
        services.AddHostedService<DashboardRefresher>();
        // Health endpoints, OpenTelemetry, a stop within the service manager's timeout (Features/Operations).
        services.AddEscalationDeskHealth();
        services.AddGracefulStop();
        builder.AddEscalationDeskTelemetry();
        services.AddWebhookDelivery();
        services.AddTicketWriteBackDelivery();
        return builder;
    }

    // The features' services and options, shared by the app and the component tests.
    public static IServiceCollection AddEscalationDeskFeatures(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(configuration.GetSection(EscalationDeskOptions.Section).Get<EscalationDeskOptions>() ?? new EscalationDeskOptions());
        services.Configure<CadenceOptions>(configuration.GetSection("Cadence"));
        services.AddScoped<ICurrentUser, CurrentUser>();
        services.AddSingleton<OrganisationCalendar>();
        services.AddScoped<ViewerTime>();
        services.AddScoped<ProfileService>();
        services.AddScoped<TokenService>();
        services.AddScoped<DraftsService>();
        services.AddScoped<WizardService>();
        services.AddSingleton<PendingSaves>();
        services.AddScoped<EvidenceService>();
        services.AddScoped<AccountService>();
        services.AddScoped<BriefService>();
        services.AddScoped<BriefSnapshots>();
        services.AddScoped<ShareLinks>();
        services.AddScoped<EscalateCommand>();
        services.AddScoped<LifecycleCommands>();
        services.AddScoped<EscalationReader>();
        services.AddScoped<OwnerReassignment>();
        services.AddScoped<SettingsService>();
        services.AddScoped<CalendarSettings>();
        services.AddScoped<ChatService>();
        services.AddScoped<NotificationService>();
        services.AddScoped<QueueService>();
        services.AddScoped<DashboardService>();
        services.AddSingleton<DashboardSnapshot>();
        services.AddScoped<DigestService>();
        services.AddSingleton<LocalNotifications>();
        // One instance unless AddInstances found a database that several share.
        services.TryAddSingleton<IInstances>(SingleInstance.Instance);
        services.AddSingleton<INotificationPublisher, InstanceNotifications>();
        var chat = configuration.GetSection("Chat").Get<ChatOptions>() ?? new ChatOptions();
        services.AddSingleton(chat);
        // Timeout per attempt, retries with backoff for transient failures (5xx, 408, 429, network), and an overall cap.
        services.AddWebhooks();
        // Chat posts go only where webhooks may (WebhookTargets: no private or loopback addresses unless allowed).
        services.AddHttpClient(ChatService.HttpClientName)
            .ConfigurePrimaryHttpMessageHandler(sp => sp.GetRequiredService<WebhookTargets>().Handler())
            .AddResilienceHandler("chat", pipeline =>
        {
            pipeline.AddTimeout(TimeSpan.FromSeconds(chat.TotalTimeoutSeconds));
            pipeline.AddRetry(new HttpRetryStrategyOptions
            {
                MaxRetryAttempts = Math.Max(0, chat.Retries), Delay = TimeSpan.FromMilliseconds(200), BackoffType = DelayBackoffType.Exponential, UseJitter = true,
            });
            pipeline.AddTimeout(TimeSpan.FromSeconds(chat.AttemptTimeoutSeconds));
        });
        // Zendesk and Zammad: New from ticket, Connections (Features/Tickets).
        services.AddTickets(configuration);
        // Jira and GitHub: Create issue, linked issues' status (Features/Trackers).
        services.AddTrackers(configuration);
        var pdfOptions = configuration.GetSection("Pdf").Get<PdfOptions>() ?? new PdfOptions();
        services.AddSingleton(pdfOptions);
        services.AddSingleton<PdfRenderLimits>();
        services.AddSingleton<BriefPdfCache>();
        services.AddSingleton<IBriefPdf>(sp => new PdfSharpBriefPdf(sp.GetRequiredService<PdfOptions>()));
        // Resolved on first export, so missing fonts fail that export with a clear message, not the app.
        services.AddTransient(sp => new Lazy<IBriefPdf>(sp.GetRequiredService<IBriefPdf>));
        return services;
    }

    public static WebApplication UseEscalationDesk(this WebApplication app)
    {
        // Held while the app runs on a SQLite file, so `restore` refuses to replace it under the app.
        app.HoldRunningAppLock();
        app.MigrateDatabase();
        var pdf = app.Services.GetRequiredService<PdfOptions>();
        if (BriefFonts.TryFind(pdf.FontDirectory, out var searched) is null)
            app.Logger.LogWarning("PDF export will fail: {Message}", BriefFonts.MissingMessage(searched));

        // First: the client's address and scheme, as the configured proxies report them, for every later step.
        app.UseForwardedHeaders();
        app.UseSecurityHeaders();
        app.UseCircuitOriginCheck();
        app.UseCircuitConnectionsClosedOnStop();
        if (!app.Environment.IsDevelopment())
        {
            app.UseExceptionHandler("/Error", createScopeForErrors: true);
            app.UseHsts();
        }
        app.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);
        // /api/v1 answers problem details, never the HTML not-found or error page.
        app.UseApiProblems();
        app.UseCookiePolicy();
        app.UseAuthentication();
        // After authentication: a signed-in client is limited as its user, others by address.
        app.UseRateLimiter();
        app.UseAuthorization();
        // A service's "not yours" (NotAllowedException) reaches an endpoint as a 404, the same as a missing object.
        app.Use(async (context, next) =>
        {
            try
            {
                await next(context);
            }
            catch (NotAllowedException) when (!context.Response.HasStarted)
            {
                context.Response.Clear();
                context.Response.StatusCode = StatusCodes.Status404NotFound;
            }
        });
        app.UseAntiforgery();

        app.MapStaticAssets().AllowAnonymous();
        // For load balancers: /health/live, /health/ready and /health (= live); /metrics when Metrics:Prometheus is on.
        app.MapHealthEndpoints();
        app.MapEscalationDeskMetrics();
        app.MapSignInEndpoints();
        app.MapEvidenceEndpoints();
        app.MapBriefEndpoints();
        app.MapShareEndpoints();
        app.MapQueueEndpoints();
        app.MapTokenEndpoints();
        app.MapEscalationDeskApi();
        app.MapInboundTicketEndpoints();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        return app;
    }

    public static void MigrateDatabase(this WebApplication app)
    {
        var database = app.Services.GetRequiredService<IDatabaseProvider>();
        using var db = app.Services.GetRequiredService<IDbContextFactory<EscalationDeskDbContext>>().CreateDbContext();
        database.BeforeMigrate(db);
        var addsQueueColumns = EscalationDeskDbContext.AddsQueueColumns(db.Database.GetPendingMigrations());
        var addsLinks = EscalationLink.AddsLinks(db.Database.GetPendingMigrations());
        var upgradesContent = StoredContentUpgrade.Needed(db.Database.GetPendingMigrations());
        var cleansUploadNames = EvidenceNames.UpgradeNeeded(db.Database.GetPendingMigrations());
        db.Database.Migrate();
        // Before any escalation is read or saved: old typed times are read in the organisation's zone, timers use its calendar.
        var calendar = app.Services.GetRequiredService<OrganisationCalendar>();
        calendar.Load(db);
        if (upgradesContent)
        {
            var upgraded = StoredContentUpgrade.Run(db, calendar.ZoneId);
            if (upgraded > 0) app.Logger.LogInformation("{Count} stored escalations upgraded, typed times read in {Zone}", upgraded, calendar.ZoneId);
        }
        if (cleansUploadNames && EvidenceNames.UpgradeStored(db) is > 0 and var cleaned)
            app.Logger.LogInformation("{Count} stored upload names cleaned of control and bidirectional characters", cleaned);
        if (addsQueueColumns) db.BackfillQueueColumns();
        if (addsLinks)
        {
            var watch = System.Diagnostics.Stopwatch.StartNew();
            EscalationLink.Backfill(db);
            app.Logger.LogInformation("Link rows of the existing escalations made in {Seconds:F1} s", watch.Elapsed.TotalSeconds);
        }
        database.AfterMigrate(db);
        app.Logger.LogInformation("Database: {Path}", database.Location);
    }
}

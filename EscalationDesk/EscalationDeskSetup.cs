using EscalationDesk.Components;
using EscalationDesk.Data;
using EscalationDesk.Features.Accounts;
using EscalationDesk.Features.Briefs;
using EscalationDesk.Features.Chat;
using EscalationDesk.Features.Escalations;
using EscalationDesk.Features.Notifications;
using EscalationDesk.Features.Queue;
using EscalationDesk.Features.Security;
using EscalationDesk.Features.Settings;
using Microsoft.Extensions.Http.Resilience;
using Polly;
using EscalationDesk.Features.Drafts;
using EscalationDesk.Features.Judgment;
using EscalationDesk.Features.Similar;
using EscalationDesk.Features.Users;
using EscalationDesk.Features.Wizard;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Endpoints;
using Microsoft.AspNetCore.Components.Server.Circuits;
using Microsoft.AspNetCore.Identity;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
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

        var contentRoot = builder.Environment.ContentRootPath;
        services.AddDbContextFactory<EscalationDeskDbContext>((sp, o) =>
            o.UseSqlite(SqliteConnectionString(sp.GetRequiredService<IConfiguration>(), contentRoot)));

        services.AddSingleton(TimeProvider.System);
        services.AddEscalationDeskIdentity(builder.Environment, builder.Configuration);
        services.AddEscalationDeskFeatures(builder.Configuration);
        services.AddHostedService<ReminderService>();
        services.AddHostedService<DashboardRefresher>();
        return builder;
    }

    // ASP.NET Core Identity on our database, cookie sign-in, and a fallback policy: every page and endpoint needs a
    // signed-in user unless it says [AllowAnonymous] (sign-in, first-run setup, static files).
    public static IServiceCollection AddEscalationDeskIdentity(this IServiceCollection services, IHostEnvironment environment, IConfiguration configuration)
    {
        services.AddHttpContextAccessor();
        services.AddCascadingAuthenticationState();
        services.AddSingleton<AccountChanges>();
        services.AddScoped<AuthenticationStateProvider, RevalidatingAuthenticationStateProvider>();
        services.AddScoped<CircuitHandler, CurrentUserCircuitHandler>();
        services.AddAuthentication(o =>
        {
            o.DefaultScheme = IdentityConstants.ApplicationScheme;
            o.DefaultSignInScheme = IdentityConstants.ExternalScheme;
        }).AddIdentityCookies();
        // Password rules and lockout (5 failures, 5 minutes) are Identity's defaults.
        services.AddIdentityCore<AppUser>(o => o.User.RequireUniqueEmail = true)
            .AddRoles<IdentityRole>()
            .AddEntityFrameworkStores<EscalationDeskDbContext>()
            .AddSignInManager<AppSignInManager>()
            .AddClaimsPrincipalFactory<AppUserClaimsFactory>()
            .AddDefaultTokenProviders();
        // The cookie is checked against the account on every request (not every 30 minutes): a disabled account or
        // a session signed out elsewhere stops at its next request, and a new role applies at once.
        services.Configure<SecurityStampValidatorOptions>(o => o.ValidationInterval = TimeSpan.Zero);
        services.ConfigureApplicationCookie(o =>
        {
            o.LoginPath = "/account/login";
            o.LogoutPath = "/account/logout";
            o.Cookie.Name = "EscalationDesk.Auth";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Lax;
            o.Cookie.SecurePolicy = SecurityHeaders.CookieSecurity(environment, configuration);
            o.Events.OnRedirectToLogin = context =>
            {
                // Pages send the browser to sign in; endpoints (downloads, CSV, logout, the circuit's hub) answer 401.
                if (IsPage(context.HttpContext))
                {
                    context.Response.Redirect(context.RedirectUri);
                    return Task.CompletedTask;
                }
                // A bare 401: the not-found page must not be rendered in its place (a POST cannot re-execute into a page).
                context.HttpContext.Features.Get<Microsoft.AspNetCore.Diagnostics.IStatusCodePagesFeature>()?.Enabled = false;
                context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                return Task.CompletedTask;
            };
            // A page or file the role may not have is reported as missing, like an object one may not see.
            o.Events.OnRedirectToAccessDenied = context =>
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return Task.CompletedTask;
            };
        });
        services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build())
            .AddPolicy(Roles.LeadPolicy, p => p.RequireRole(Roles.Lead, Roles.Admin))
            .AddPolicy(Roles.AdminPolicy, p => p.RequireRole(Roles.Admin));
        services.AddScoped<UserAccounts>();
        services.AddScoped<AdminUsersService>();
        return services;
    }

    // A page, or an address that matches nothing (it may be a page the user reaches after signing in).
    private static bool IsPage(HttpContext context) => context.GetEndpoint() is not { } endpoint || endpoint.Metadata.GetMetadata<ComponentTypeMetadata>() is not null;

    // The features' services and options, shared by the app and the component tests.
    public static IServiceCollection AddEscalationDeskFeatures(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<CadenceOptions>(configuration.GetSection("Cadence"));
        services.AddSingleton<ISimilarReports, SqliteSimilarReports>();
        services.AddScoped<ICurrentUser, CurrentUser>();
        services.AddScoped<DraftsService>();
        services.AddScoped<WizardService>();
        services.AddScoped<EvidenceService>();
        services.AddScoped<AccountService>();
        services.AddScoped<BriefService>();
        services.AddScoped<EscalationService>();
        services.AddScoped<SettingsService>();
        services.AddScoped<ChatService>();
        services.AddScoped<NotificationService>();
        services.AddScoped<QueueService>();
        services.AddScoped<DashboardService>();
        services.AddSingleton<DashboardSnapshot>();
        services.AddScoped<DigestService>();
        services.AddSingleton<LocalNotifications>();
        services.AddSingleton<INotificationPublisher>(sp => sp.GetRequiredService<LocalNotifications>());
        var chat = configuration.GetSection("Chat").Get<ChatOptions>() ?? new ChatOptions();
        services.AddSingleton(chat);
        // Timeout per attempt, retries with backoff for transient failures (5xx, 408, 429, network), and an overall cap.
        services.AddHttpClient(ChatService.HttpClientName).AddResilienceHandler("chat", pipeline =>
        {
            pipeline.AddTimeout(TimeSpan.FromSeconds(chat.TotalTimeoutSeconds));
            pipeline.AddRetry(new HttpRetryStrategyOptions
            {
                MaxRetryAttempts = Math.Max(0, chat.Retries), Delay = TimeSpan.FromMilliseconds(200), BackoffType = DelayBackoffType.Exponential, UseJitter = true,
            });
            pipeline.AddTimeout(TimeSpan.FromSeconds(chat.AttemptTimeoutSeconds));
        });
        var pdfOptions = configuration.GetSection("Pdf").Get<PdfOptions>() ?? new PdfOptions();
        services.AddSingleton(pdfOptions);
        services.AddSingleton<IBriefPdf>(sp => new PdfSharpBriefPdf(sp.GetRequiredService<PdfOptions>()));
        // Resolved on first export, so missing fonts fail that export with a clear message, not the app.
        services.AddTransient(sp => new Lazy<IBriefPdf>(sp.GetRequiredService<IBriefPdf>));
        return services;
    }

    public static WebApplication UseEscalationDesk(this WebApplication app)
    {
        app.MigrateDatabase();
        var pdf = app.Services.GetRequiredService<PdfOptions>();
        if (BriefFonts.TryFind(pdf.FontDirectory, out var searched) is null)
            app.Logger.LogWarning("PDF export will fail: {Message}", BriefFonts.MissingMessage(searched));

        app.UseSecurityHeaders();
        if (!app.Environment.IsDevelopment())
        {
            app.UseExceptionHandler("/Error", createScopeForErrors: true);
            app.UseHsts();
        }
        app.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);
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
        app.MapAccountEndpoints();
        app.MapEvidenceEndpoints();
        app.MapBriefEndpoints();
        app.MapQueueEndpoints();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        return app;
    }

    // A relative Data Source is taken from the content root, not from wherever the app was started.
    public static string SqliteConnectionString(IConfiguration configuration, string contentRoot)
    {
        var builder = new SqliteConnectionStringBuilder(
            configuration.GetConnectionString("EscalationDesk") ?? "Data Source=App_Data/escalationdesk.db");
        if (builder.Mode != SqliteOpenMode.Memory && !builder.DataSource.StartsWith(':') && !Path.IsPathRooted(builder.DataSource))
            builder.DataSource = Path.GetFullPath(Path.Combine(contentRoot, builder.DataSource));
        return builder.ToString();
    }

    public static void MigrateDatabase(this WebApplication app)
    {
        using var scope = app.Services.CreateScope();
        using var db = scope.ServiceProvider.GetRequiredService<IDbContextFactory<EscalationDeskDbContext>>().CreateDbContext();
        var path = new SqliteConnectionStringBuilder(db.Database.GetConnectionString()).DataSource;
        if (Path.GetDirectoryName(path) is { Length: > 0 } folder) Directory.CreateDirectory(folder);
        var addsQueueColumns = EscalationDeskDbContext.AddsQueueColumns(db.Database.GetPendingMigrations());
        db.Database.Migrate();
        if (addsQueueColumns) db.BackfillQueueColumns();
        // WAL survives in the file; it is not accepted in the connection string.
        db.Database.ExecuteSqlRaw("PRAGMA journal_mode=WAL;");
        app.Logger.LogInformation("Database: {Path}", path);
    }
}

using EscalationDesk.Data;
using EscalationDesk.Features.Notifications;
using EscalationDesk.Features.Tickets;
using EscalationDesk.Features.Trackers;
using EscalationDesk.Features.Users;
using EscalationDesk.Tests.Infrastructure;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace EscalationDesk.Tests.Features.Trackers;

// The app's services over a real database (the run's engine), with FakeJira and FakeGitHub on loopback configured as
// Connectors:Jira and Connectors:GitHub, and the owner's open pages listening for notifications. The clock is the real one
// (the connectors' retry delays run on it); time passing for the poll is the issues' last refresh moved back (Age).
// Timeouts short enough for quick failures, long enough for a loaded machine (a lost answer would be retried).
public sealed class TrackerTestHost : IAsyncDisposable
{
    private readonly TestDatabase _db = new();
    private ServiceProvider _services = default!;
    private IDisposable? _listening;

    public FakeJira Jira { get; private set; } = default!;
    public FakeGitHub GitHub { get; private set; } = default!;
    public TimeProvider Clock { get; } = TimeProvider.System;
    public ICurrentUser Owner { get; private init; } = new FixedUser("Ana Agent");
    public List<RaisedNotification> Published { get; } = [];
    public TestDatabase Db => _db;

    public static async Task<TrackerTestHost> StartAsync(bool jira = true, bool github = true, Dictionary<string, string?>? settings = null, bool admin = false)
    {
        var host = new TrackerTestHost { Jira = await FakeJira.StartNewAsync(), GitHub = await FakeGitHub.StartNewAsync(), Owner = admin ? FixedUser.Admin() : new FixedUser("Ana Agent") };
        var values = new Dictionary<string, string?>
        {
            ["Connectors:AttemptTimeoutSeconds"] = "2", ["Connectors:TotalTimeoutSeconds"] = "5", ["Connectors:Retries"] = "2",
            ["Connectors:MaxRetryAfterSeconds"] = "2", [ConnectorAddressRule.AllowSetting] = "true", ["Trackers:PollSeconds"] = "60",
            ["Chat:BaseUrl"] = "https://desk.acme.example",
        };
        if (jira)
        {
            values["Connectors:Jira:BaseUrl"] = host.Jira.BaseUrl;
            values["Connectors:Jira:Email"] = FakeJira.Email;
            values["Connectors:Jira:ApiToken"] = FakeJira.Token;
            values["Connectors:Jira:Project"] = FakeJira.Project;
        }
        if (github)
        {
            values["Connectors:GitHub:BaseUrl"] = host.GitHub.BaseUrl;
            values["Connectors:GitHub:Token"] = FakeGitHub.Token;
            values["Connectors:GitHub:Repository"] = FakeGitHub.Repository;
        }
        foreach (var (key, value) in settings ?? []) values[key] = value;
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        host._services = new ServiceCollection()
            .AddLogging()
            .AddSingleton<IConfiguration>(configuration)
            .AddEscalationDeskFeatures(configuration)
            .AddSingleton<IDbContextFactory<EscalationDeskDbContext>>(host._db)
            .AddSingleton(host._db.Search)
            .AddSingleton<TimeProvider>(host.Clock)
            .AddSingleton<IDataProtectionProvider>(new EphemeralDataProtectionProvider())
            .AddScoped<ICurrentUser>(_ => host.Owner)
            .BuildServiceProvider();
        host._listening = host._services.GetRequiredService<LocalNotifications>().Subscribe(host.Owner.Id, n => { lock (host.Published) host.Published.Add(n); });
        return host;
    }

    public T Get<T>() where T : notnull => _services.CreateScope().ServiceProvider.GetRequiredService<T>();

    public TrackerService Trackers => Get<TrackerService>();

    // An escalation owned by Owner, to the given targets, with the words the brief carries.
    public Task<int> AddEscalationAsync(string targets = "Engineering", EscalationDesk.Features.Judgment.EscalationStatus status = EscalationDesk.Features.Judgment.EscalationStatus.Escalated) =>
        EscalationRows.AddAsync(_db, Clock.GetUtcNow().UtcDateTime, "Checkout fails for EU cards", status: status, targets: targets, owner: Owner.Name, customer: "Globex",
            change: e =>
            {
                e.OwnerId = Owner.Id;
                e.Content.Understand.WhatsBroken = "Every card payment from the EU is declined with error 3DS-17 since this morning's release.";
                e.Content.Reproduce.Steps = [new() { Text = "Pay with the test card 4000 0027 6000 3184" }];
            });

    // As if this long had passed since the linked issues were last read.
    public async Task AgeAsync(TimeSpan by)
    {
        await using var db = _db.CreateDbContext();
        var rows = await db.TrackerIssues.ToListAsync();
        foreach (var row in rows) row.RefreshedAt -= by;
        await db.SaveChangesAsync();
    }

    public async Task<(int Issues, int TrackerTimeline, int Notifications)> CountsAsync(int escalationId)
    {
        await using var db = _db.CreateDbContext();
        return (await db.TrackerIssues.CountAsync(t => t.EscalationId == escalationId),
            await db.Timeline.CountAsync(t => t.EscalationId == escalationId && t.Kind.StartsWith("tracker-")),
            await db.Notifications.CountAsync(n => n.EscalationId == escalationId));
    }

    public async ValueTask DisposeAsync()
    {
        _listening?.Dispose();
        await _services.DisposeAsync();
        await Jira.DisposeAsync();
        await GitHub.DisposeAsync();
        _db.Dispose();
    }
}

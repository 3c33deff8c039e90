using Bunit;
using EscalationDesk.Data;
using EscalationDesk.Features.Users;
using EscalationDesk.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace EscalationDesk.Tests.Components;

public sealed class ProfilePageTests : ComponentTestBase
{
    private async Task SignedUpAsync(string? zone)
    {
        await using var db = Db.CreateDbContext();
        db.Users.Add(new AppUser { Id = Agent.Id, UserName = "ana@example.com", Email = "ana@example.com", DisplayName = Agent.Name, TimeZone = zone });
        await db.SaveChangesAsync();
    }

    private async Task<string?> StoredZoneAsync()
    {
        await using var db = Db.CreateDbContext();
        return db.Users.Single(u => u.Id == Agent.Id).TimeZone;
    }

    [Fact]
    public async Task The_profile_shows_the_users_zone_and_the_time_now_in_it()
    {
        await SignedUpAsync("Europe/Berlin");
        RenderPopoverProvider();

        var page = Render<ProfilePage>();

        page.WaitForAssertion(() => Assert.Equal("Europe/Berlin", page.Find("input").GetAttribute("value")));
        // The test clock is 2026-11-24 09:00 UTC: 10:00 in Berlin.
        Assert.Contains("Now: 2026-11-24 10:00 CET", page.Markup);
    }

    [Fact]
    public async Task The_browser_zone_fills_an_empty_profile_but_never_replaces_a_chosen_one()
    {
        await SignedUpAsync(null);
        var profiles = Services.GetRequiredService<ProfileService>();

        Assert.True(await profiles.AdoptBrowserZoneAsync("America/New_York"));
        Assert.Equal("America/New_York", await StoredZoneAsync());
        Assert.Equal("2026-11-24 04:00 EST", Services.GetRequiredService<ViewerTime>().Format(Db.Clock.GetUtcNow().UtcDateTime));

        Assert.Null(await profiles.SaveTimeZoneAsync("Europe/Berlin"));
        Assert.False(await profiles.AdoptBrowserZoneAsync("America/New_York"));
        Assert.Equal("Europe/Berlin", await StoredZoneAsync());
        Assert.NotNull(await profiles.SaveTimeZoneAsync("Mars/Olympus"));
        Assert.Equal("Europe/Berlin", await StoredZoneAsync());
    }
}

using Microsoft.AspNetCore.Identity;

namespace EscalationDesk.Data;

// An account. The email is the sign-in name; the display name fills Reported by, Owner and the timeline.
public sealed class AppUser : IdentityUser
{
    public string DisplayName { get; set; } = "";
    public DateTime CreatedAt { get; set; }
    // A disabled account cannot sign in, and its open sessions end (its security stamp changes when disabled).
    public DateTime? DisabledAt { get; set; }
    // The app bar's dark-mode toggle, kept on the account so it follows the user to another browser; null until they
    // choose, and then the browser's system setting applies.
    public bool? DarkMode { get; set; }
    // IANA name (America/New_York) the user reads and types times in; null until the first sign-in reports the browser's.
    public string? TimeZone { get; set; }
}

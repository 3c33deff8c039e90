namespace EscalationDesk.Features.Users;

// Who is acting. Every service asks this, never the UI, so sign-in can replace the placeholder alone.
public interface ICurrentUser
{
    string Name { get; }
}

// Until sign-in exists everyone acts as one configured agent (EscalationDesk:ActingUser).
public sealed class PlaceholderCurrentUser(IConfiguration configuration) : ICurrentUser
{
    public string Name { get; } = configuration["EscalationDesk:ActingUser"] is { Length: > 0 } name ? name : "Support agent";
}

using System.Net;
using Microsoft.AspNetCore.HttpOverrides;

namespace EscalationDesk.Features.Security;

// X-Forwarded-For and X-Forwarded-Proto are believed only from the proxies named under "ForwardedHeaders" (KnownProxies:
// addresses, KnownNetworks: CIDR ranges; default none): from anyone else the header is a client's claim, and a client
// could name any address to dodge the per-address limits.
// https://learn.microsoft.com/aspnet/core/host-and-deploy/proxy-load-balancer
public static class TrustedProxies
{
    public static IServiceCollection AddTrustedProxies(this IServiceCollection services)
    {
        services.AddOptions<ForwardedHeadersOptions>().Configure<IConfiguration>((o, configuration) =>
        {
            o.KnownProxies.Clear();
            o.KnownIPNetworks.Clear();
            foreach (var proxy in configuration.GetSection("ForwardedHeaders:KnownProxies").Get<string[]>() ?? [])
                o.KnownProxies.Add(IPAddress.Parse(proxy));
            foreach (var network in configuration.GetSection("ForwardedHeaders:KnownNetworks").Get<string[]>() ?? [])
                o.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network));
            // With both lists empty the middleware would believe every sender, so then it reads no header at all.
            o.ForwardedHeaders = o.KnownProxies.Count + o.KnownIPNetworks.Count > 0
                ? ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto
                : ForwardedHeaders.None;
        });
        return services;
    }
}

using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using Scalar.AspNetCore;

namespace EscalationDesk.Features.Api;

public static class ApiSetup
{
    public const string DocumentUrl = "/openapi/v1.json", DocsUrl = "/api/docs";

    public static IServiceCollection AddEscalationDeskApi(this IServiceCollection services)
    {
        services.ConfigureHttpJsonOptions(o => ApiJson.Configure(o.SerializerOptions));
        services.AddProblemDetails();
        services.AddScoped<ApiEscalations>();
        services.AddSingleton<ApiCursor>();
        services.AddOpenApi("v1", o =>
        {
            // Only the API: the pages' own endpoints (sign-in, downloads) are not part of it.
            o.ShouldInclude = d => d.RelativePath?.StartsWith("api/", StringComparison.Ordinal) == true;
            o.AddDocumentTransformer((document, _, _) =>
            {
                document.Info = new OpenApiInfo
                {
                    Title = "EscalationDesk API", Version = "v1",
                    Description = "Escalations as a script sees them: create a draft, change it, escalate it and every lifecycle step. " +
                        "Authorization: Bearer edk_… (a personal access token, /account/tokens). Errors are RFC 9457 problem details.",
                };
                document.Components ??= new OpenApiComponents();
                document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
                document.Components.SecuritySchemes["bearer"] = new OpenApiSecurityScheme
                {
                    Type = SecuritySchemeType.Http, Scheme = "bearer", BearerFormat = "edk_ personal access token",
                    Description = "A personal access token (scopes read, write) from the API tokens page or `tokens create`.",
                };
                document.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference("bearer", document)] = [] }];
                return Task.CompletedTask;
            });
        });
        return services;
    }

    public static IEndpointRouteBuilder MapEscalationDeskApi(this IEndpointRouteBuilder app)
    {
        app.MapApiEndpoints();
        app.MapOpenApi(DocumentUrl).AllowAnonymous();
        // The interactive reference, for signed-in users (the sign-in cookie, the fallback policy); its requests carry a token.
        // Its inline script carries this response's CSP nonce (SecurityHeaders); fonts are the browser's (font-src 'self').
        app.MapScalarApiReference(DocsUrl, (o, http) => o
            .WithOpenApiRoutePattern($"{http.Request.Scheme}://{http.Request.Host}{http.Request.PathBase}{DocumentUrl}")
            .WithTitle("EscalationDesk API").WithNonce(Security.SecurityHeaders.Nonce(http) ?? "").WithDefaultFonts(false)
            .AddPreferredSecuritySchemes("bearer"));
        return app;
    }
}

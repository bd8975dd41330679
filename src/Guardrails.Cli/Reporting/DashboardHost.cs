using Guardrails.Core.Reporting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;

namespace Guardrails.Cli.Reporting;

/// <summary>The dashboard's routes on a local Kestrel host (the same handler as the Function App).</summary>
public static class DashboardRoutes
{
    /// <summary>Maps GET /api/dashboard (page) and GET /api/dashboard/{name} (JSON). Add to any local host, e.g. `guardrails serve`.</summary>
    public static IEndpointRouteBuilder MapGuardrailsDashboard(this IEndpointRouteBuilder app, DashboardEndpoints endpoints)
    {
        app.MapGet(DashboardEndpoints.ApiBase, (HttpContext http) => Write(http, endpoints, null));
        app.MapGet(DashboardEndpoints.ApiBase + "/{name}", (HttpContext http, string name) => Write(http, endpoints, name));
        app.MapGet("/", () => Results.Redirect(DashboardEndpoints.ApiBase));
        return app;
    }

    private static async Task Write(HttpContext http, DashboardEndpoints endpoints, string? name)
    {
        var response = await endpoints.HandleAsync(name, k => http.Request.Query.TryGetValue(k, out var v) ? v.ToString() : null, http.RequestAborted);
        http.Response.StatusCode = response.StatusCode;
        http.Response.ContentType = response.ContentType;
        http.Response.Headers.CacheControl = "no-store";
        http.Response.Headers["Content-Security-Policy"] = DashboardPage.ContentSecurityPolicy;
        await http.Response.WriteAsync(response.Body, http.RequestAborted);
    }
}

/// <summary>A loopback-only Kestrel host serving the dashboard (used by `guardrails dashboard` and the browser test).</summary>
public sealed class DashboardHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private DashboardHost(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
    }

    /// <summary>The base address, e.g. http://127.0.0.1:5123/.</summary>
    public Uri Address { get; }

    public Uri PageUri => new(Address, DashboardEndpoints.ApiBase.TrimStart('/'));

    /// <param name="port">0 picks a free port.</param>
    public static async Task<DashboardHost> StartAsync(DashboardEndpoints endpoints, int port = 0, CancellationToken cancellationToken = default)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o => o.Listen(System.Net.IPAddress.Loopback, port));
        var app = builder.Build();
        app.MapGuardrailsDashboard(endpoints);
        await app.StartAsync(cancellationToken);
        var address = app.Urls.Select(u => new Uri(u)).First();
        return new DashboardHost(app, new Uri($"http://127.0.0.1:{address.Port}/"));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

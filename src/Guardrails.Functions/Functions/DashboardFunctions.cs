using System.Net;
using System.Web;
using Guardrails.Core.Reporting;

namespace Guardrails.Functions.Functions;

/// <summary>
/// HTTP (function key): the dashboard page at GET /api/dashboard and the JSON behind each chart at
/// GET /api/dashboard/{name} (summary, spend?by=team, budgets, gpu, top-resources, models, carbon, chargeback,
/// actions, pull-requests). ?month=yyyy-MM or ?from=&amp;to= (months or days), ?team=; default the latest month with costs.
/// </summary>
public sealed class DashboardFunctions(DashboardEndpoints endpoints)
{
    [Function("DashboardPage")]
    public Task<HttpResponseData> Page(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = DashboardEndpoints.RoutePrefix)] HttpRequestData request,
        FunctionContext context) => Handle(request, null, context.CancellationToken);

    [Function("DashboardApi")]
    public Task<HttpResponseData> Api(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = DashboardEndpoints.RoutePrefix + "/{name}")] HttpRequestData request,
        string name, FunctionContext context) => Handle(request, name, context.CancellationToken);

    private async Task<HttpResponseData> Handle(HttpRequestData request, string? name, CancellationToken cancellationToken)
    {
        var query = HttpUtility.ParseQueryString(request.Url.Query);
        var result = await endpoints.HandleAsync(name, k => query[k], cancellationToken);
        var response = request.CreateResponse((HttpStatusCode)result.StatusCode);
        response.Headers.Add("Content-Type", result.ContentType);
        response.Headers.Add("Cache-Control", "no-store");
        response.Headers.Add("Content-Security-Policy", DashboardPage.ContentSecurityPolicy);
        await response.WriteStringAsync(result.Body, cancellationToken);
        return response;
    }
}

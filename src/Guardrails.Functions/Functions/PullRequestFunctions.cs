using System.Net;
using Guardrails.Core.Pricing;
using Guardrails.Core.PullRequests;
using Guardrails.Infrastructure.GitHub;
using Guardrails.Infrastructure.Pricing;

namespace Guardrails.Functions.Functions;

/// <summary>GitHub → <c>pr-checks</c> queue → PR comment and commit status; and the price cache refresh.</summary>
public sealed class PullRequestFunctions(GitHubWebhookHandler webhook, PullRequestCheckRunner runner, PriceRefresher refresher,
    PriceRefreshOptions prices, RetailPricesOptions retailPrices, ILogger<PullRequestFunctions> logger)
{
    [Function("GitHubWebhook")]
    public async Task<HttpResponseData> GitHubWebhookAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "github/webhook")] HttpRequestData request, CancellationToken cancellationToken)
    {
        var length = request.Headers.TryGetValues("Content-Length", out var cl) && long.TryParse(cl.FirstOrDefault(), out var n) ? n : (long?)null;
        var result = GitHubWebhookHandler.CheckLength(length);
        if (result is null)
        {
            (var body, result) = await GitHubWebhookHandler.ReadBodyAsync(request.Body, cancellationToken);
            var headers = request.Headers.Select(h => new KeyValuePair<string, string>(h.Key, string.Join(",", h.Value)));
            result ??= await webhook.HandleAsync(headers, body, cancellationToken);
        }
        var response = request.CreateResponse((HttpStatusCode)result.StatusCode);
        await response.WriteStringAsync(result.Message, cancellationToken);
        return response;
    }

    [Function("CheckPullRequest")]
    public async Task CheckPullRequestAsync([QueueTrigger(StoragePullRequestCheckQueue.DefaultQueueName, Connection = AppSettings.Storage)] string message, CancellationToken cancellationToken)
    {
        var request = PullRequestCheckRequest.FromJson(message);
        using var scope = logger.BeginScope(new Dictionary<string, object> { ["Repository"] = $"{request.Owner}/{request.Repository}", ["PullRequest"] = request.Number });
        var outcome = await runner.RunAsync(message, cancellationToken);
        logger.LogInformation("pr-check: comment {Comment}, gate {Gate}", outcome.Comment, outcome.Gate?.State.ToString() ?? "-");
    }

    /// <summary>Daily (PriceRefreshSchedule, e.g. 03:15 UTC): refresh the cached Retail Prices for the catalog's SKUs (regions:
    /// PullRequests:PriceRegions), then the (size, region) pairs checks asked live (at most RetailPrices:MaxRefreshedAskedPairs).</summary>
    [Function("RefreshPrices")]
    public async Task RefreshPricesAsync([TimerTrigger("%" + AppSettings.PriceRefreshSchedule + "%")] TimerInfo timer, CancellationToken cancellationToken)
    {
        var count = await refresher.RefreshAsync(prices.Regions, VmSkuCatalog.Default.All.Select(s => s.ArmSkuName), cancellationToken);
        var asked = await refresher.RefreshAskedAsync(retailPrices.MaxRefreshedAskedPairs, cancellationToken);
        logger.LogInformation("RefreshPrices: {Count} prices cached for {Regions} regions, {Asked} for the sizes checks asked live",
            count, prices.Regions.Count, asked);
    }
}

using Azure.Data.Tables;
using Guardrails.Core.Pricing;
using Guardrails.Infrastructure.GitHub;
using Guardrails.Infrastructure.Pricing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Guardrails.Functions.Startup;

/// <summary>Pull-request cost checks: GitHubWebhook (HTTP), CheckPullRequest (queue "pr-checks"), RefreshPrices (timer).</summary>
public static class PullRequestRegistration
{
    public static IServiceCollection AddGuardrailsPullRequests(this IServiceCollection services, IConfiguration configuration)
    {
        var storage = configuration["AzureWebJobsStorage"] is { Length: > 0 } s ? s : "UseDevelopmentStorage=true";
        services.AddSingleton(new TablePriceCatalog(new TableClient(storage, TablePriceCatalog.DefaultTableName)));
        // Cached live prices first, the sourced offline snapshot as the fallback.
        services.AddSingleton<IPriceCatalog>(sp => new FallbackPriceCatalog(sp.GetRequiredService<TablePriceCatalog>(), SnapshotPriceCatalog.Default));
        services.AddHttpClient<RetailPricesClient>();
        services.AddSingleton<PriceRefresher>();
        services.AddGuardrailsPullRequestChecks(name => configuration[name]);
        return services;
    }
}

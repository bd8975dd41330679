using Guardrails.Core.Pricing;
using Guardrails.Core.PullRequests;
using Guardrails.Core.Reporting;
using Guardrails.Infrastructure.GitHub;
using Guardrails.Infrastructure.Pricing;
using Guardrails.Infrastructure.PullRequests;
using Guardrails.Infrastructure.Storage;
using Microsoft.Extensions.Logging;

namespace Guardrails.Infrastructure.Composition;

/// <summary>The regions whose Retail Prices RefreshPrices caches (<c>PullRequests__PriceRegions</c>, comma-separated; default: the snapshot's).</summary>
public sealed record PriceRefreshOptions(IReadOnlyList<string> Regions);

/// <summary>
/// Pull-request cost checks: the webhook handler (HMAC, dedupe, enqueue), the <c>pr-checks</c> queue and its runner,
/// the checks table the dashboard reads, and the cached Retail Prices (timer RefreshPrices). All storage is the app's
/// (<c>GuardrailsStorage</c>). Settings: <c>GitHub__WebhookSecret</c>, <c>GitHub__Token</c> or <c>GitHub__AppId</c> +
/// <c>GitHub__AppPrivateKey</c> (Key Vault references in Azure), <c>GitHub__ApiBaseUrl</c>, <c>PullRequests__ChecksTable</c>,
/// <c>PullRequests__QueueName</c>. A Key Vault reference Azure could not resolve counts as not set.
/// An <see cref="IBudgetContextProvider"/> registered by the budgets feature wins over the null default.
/// </summary>
public static class PullRequestChecksRegistration
{
    public static IServiceCollection AddPullRequestChecks(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddGuardrailsFoundation(configuration);
        var options = ReadGitHubOptions(configuration);
        var queueName = configuration["PullRequests:QueueName"] is { Length: > 0 } q ? q : StoragePullRequestCheckQueue.DefaultQueueName;
        var checksTable = configuration["PullRequests:ChecksTable"] is { Length: > 0 } t ? t : TablePullRequestCheckLog.DefaultTableName;

        services.TryAddSingleton(options);
        services.TryAddSingleton<IBudgetContextProvider>(NullBudgetContextProvider.Instance);
        // Cached live prices first, the sourced offline snapshot as the fallback.
        services.TryAddSingleton(sp => new TablePriceCatalog(sp.GetRequiredService<StorageClients>().Tables.GetTableClient(TablePriceCatalog.DefaultTableName)));
        services.AddSingleton<IPriceCatalog>(sp => new FallbackPriceCatalog(sp.GetRequiredService<TablePriceCatalog>(), SnapshotPriceCatalog.Default));
        services.AddHttpClient<RetailPricesClient>();
        services.TryAddSingleton<PriceRefresher>();
        services.TryAddSingleton(new PriceRefreshOptions(configuration["PullRequests:PriceRegions"] is { Length: > 0 } regions
            ? regions.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            : [.. SnapshotPriceCatalog.Default.Regions]));
        services.TryAddSingleton<GitHubClientFactory>();
        services.TryAddSingleton<IGitHubPullRequestApiFactory, OctokitPullRequestApiFactory>();
        services.TryAddSingleton<IPullRequestCheckLog>(sp => new TablePullRequestCheckLog(sp.GetRequiredService<StorageClients>().Tables.GetTableClient(checksTable)));
        services.AddHttpClient(nameof(OciBicepModuleRegistry));
        services.TryAddSingleton<IBicepModuleRegistry>(sp => new OciBicepModuleRegistry(
            () => sp.GetRequiredService<IHttpClientFactory>().CreateClient(nameof(OciBicepModuleRegistry)), logger: sp.GetService<ILogger<OciBicepModuleRegistry>>()));
        services.TryAddSingleton<PullRequestCheckRunner>();
        services.TryAddSingleton<IPullRequestCheckQueue>(sp => new StoragePullRequestCheckQueue(sp.GetRequiredService<StorageClients>().Queues.GetQueueClient(queueName)));
        services.TryAddSingleton<IWebhookDeliveryDeduplicator>(sp => new TableWebhookDeliveryDeduplicator(
            sp.GetRequiredService<StorageClients>().Tables.GetTableClient(TableWebhookDeliveryDeduplicator.DefaultTableName), sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton(sp => new GitHubWebhookHandler(() => options.WebhookSecret, sp.GetRequiredService<IWebhookDeliveryDeduplicator>(),
            sp.GetRequiredService<IPullRequestCheckQueue>(), sp.GetRequiredService<TimeProvider>()));
        return services;
    }

    public static GitHubOptions ReadGitHubOptions(IConfiguration configuration)
    {
        var options = new GitHubOptions
        {
            WebhookSecret = Secret(configuration, AppSettings.GitHubWebhookSecret),
            Token = Secret(configuration, AppSettings.GitHubToken),
            AppId = long.TryParse(configuration[AppSettings.GitHubAppId], out var appId) ? appId : null,
            AppPrivateKey = Secret(configuration, AppSettings.GitHubAppPrivateKey),
            ApiBaseUrl = configuration[AppSettings.GitHubApiBaseUrl] is { Length: > 0 } url ? url : "https://api.github.com/",
        };
        if (int.TryParse(configuration["GitHub:MaxAttempts"], out var attempts) && attempts > 0) options.MaxAttempts = attempts;
        if (double.TryParse(configuration["GitHub:RetryBaseDelaySeconds"], System.Globalization.CultureInfo.InvariantCulture, out var delay) && delay >= 0)
            options.RetryBaseDelay = TimeSpan.FromSeconds(delay);
        return options;
    }

    private static string? Secret(IConfiguration configuration, string key) =>
        configuration[key] is { Length: > 0 } value && !AppSettings.IsUnresolvedKeyVaultReference(value) ? value : null;
}

using Guardrails.Core.Pricing;
using Guardrails.Core.PullRequests;
using Guardrails.Core.Reporting;
using Guardrails.Infrastructure.GitHub;
using Guardrails.Infrastructure.Notifications;
using Guardrails.Infrastructure.Pricing;
using Guardrails.Infrastructure.PullRequests;
using Guardrails.Infrastructure.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Guardrails.Infrastructure.Composition;

/// <summary>The regions whose Retail Prices RefreshPrices caches (<c>PullRequests__PriceRegions</c>, comma-separated; default: the snapshot's).</summary>
public sealed record PriceRefreshOptions(IReadOnlyList<string> Regions);

/// <summary>
/// Pull-request cost checks: the webhook handler (HMAC, dedupe, enqueue), the <c>pr-checks</c> queue and its runner,
/// the checks table the dashboard reads, and the cached Retail Prices (timer RefreshPrices). All storage is the app's
/// (<c>GuardrailsStorage</c>). Settings: <c>GitHub__WebhookSecret</c>, <c>GitHub__Token</c> or <c>GitHub__AppId</c> +
/// <c>GitHub__AppPrivateKey</c> (Key Vault references in Azure), <c>GitHub__ApiBaseUrl</c>, <c>PullRequests__ChecksTable</c>,
/// <c>PullRequests__QueueName</c>, <c>RetailPrices__*</c> (<see cref="RetailPricesOptions"/>), <c>BicepRegistry__AllowedHosts</c> (<see cref="BicepRegistryOptions"/>). A Key Vault reference Azure could not resolve counts as not set.
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
        AddRetailPrices(services, configuration);
        services.TryAddSingleton(new PriceRefreshOptions(configuration["PullRequests:PriceRegions"] is { Length: > 0 } regions
            ? regions.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            : [.. SnapshotPriceCatalog.Default.Regions]));
        services.TryAddSingleton<GitHubClientFactory>();
        services.TryAddSingleton<IGitHubPullRequestApiFactory, OctokitPullRequestApiFactory>();
        services.TryAddSingleton<IPullRequestCheckLog>(sp => new TablePullRequestCheckLog(sp.GetRequiredService<StorageClients>().Tables.GetTableClient(checksTable)));
        services.AddOptions<BicepRegistryOptions>()
            .Bind(configuration.GetSection(BicepRegistryOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddHttpClient(nameof(OciBicepModuleRegistry));
        services.TryAddSingleton<IBicepModuleRegistry>(sp => new OciBicepModuleRegistry(
            () => sp.GetRequiredService<IHttpClientFactory>().CreateClient(nameof(OciBicepModuleRegistry)),
            sp.GetRequiredService<IOptions<BicepRegistryOptions>>().Value.Hosts, logger: sp.GetService<ILogger<OciBicepModuleRegistry>>()));
        services.TryAddSingleton<PullRequestCheckRunner>();
        services.TryAddSingleton<IPullRequestCheckQueue>(sp => new StoragePullRequestCheckQueue(sp.GetRequiredService<StorageClients>().Queues.GetQueueClient(queueName)));
        services.TryAddSingleton<IWebhookDeliveryDeduplicator>(sp => new TableWebhookDeliveryDeduplicator(
            sp.GetRequiredService<StorageClients>().Tables.GetTableClient(TableWebhookDeliveryDeduplicator.DefaultTableName), sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton(sp => new GitHubWebhookHandler(() => options.WebhookSecret, sp.GetRequiredService<IWebhookDeliveryDeduplicator>(),
            sp.GetRequiredService<IPullRequestCheckQueue>(), sp.GetRequiredService<TimeProvider>()));
        return services;
    }

    /// <summary>
    /// Prices: the table cache, asked live from the Retail Prices API on a miss (bounded per check, <c>RetailPrices__*</c>),
    /// then the sourced offline snapshot. The API client retries 408/429/5xx and transport errors with backoff and
    /// Retry-After (the notification HTTP policy) within <see cref="RetailPricesOptions.LookupTimeout"/> per attempt.
    /// </summary>
    private static void AddRetailPrices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<RetailPricesOptions>()
            .Bind(configuration.GetSection(RetailPricesOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddSingleton(sp => sp.GetRequiredService<IOptions<RetailPricesOptions>>().Value);
        services.TryAddSingleton(sp => new TablePriceCatalog(sp.GetRequiredService<StorageClients>().Tables.GetTableClient(TablePriceCatalog.DefaultTableName)));
        services.TryAddSingleton(sp =>
        {
            var o = sp.GetRequiredService<RetailPricesOptions>();
            var retry = new NotificationRetryOptions
            {
                MaxRetryAttempts = o.MaxRetryAttempts,
                BaseDelay = TimeSpan.FromMilliseconds(500),
                MaxDelay = TimeSpan.FromSeconds(5),
                AttemptTimeout = o.LookupTimeout,
            };
            return new RetailPricesClient(NotificationHttp.CreateClient(retry), o.ApiUrl);
        });
        services.TryAddSingleton<PriceRefresher>();
        services.TryAddSingleton<LiveRetailPriceCatalog>();
        services.AddSingleton<IPriceCatalog>(sp => new FallbackPriceCatalog(sp.GetRequiredService<LiveRetailPriceCatalog>(), SnapshotPriceCatalog.Default));
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

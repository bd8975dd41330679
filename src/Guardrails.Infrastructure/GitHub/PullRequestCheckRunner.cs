using Azure.Data.Tables;
using Guardrails.Core.Pricing;
using Guardrails.Core.PullRequests;
using Guardrails.Core.Reporting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Guardrails.Infrastructure.GitHub;

/// <summary>
/// Runs one <c>pr-checks</c> message: a GitHub client for the installation, then <see cref="PullRequestChecker"/>; a check
/// that priced the PR is recorded in <paramref name="checks"/> (the dashboard's PR-check panel) when one is given.
/// </summary>
public sealed class PullRequestCheckRunner(GitHubClientFactory clients, GitHubOptions options, IPriceCatalog prices,
    IBudgetContextProvider budgets, TimeProvider time, IPullRequestCheckLog? checks = null)
{
    public async Task<CheckOutcome> RunAsync(string message, CancellationToken cancellationToken = default)
    {
        var request = PullRequestCheckRequest.FromJson(message);
        var client = await clients.CreateAsync(request.InstallationId, cancellationToken).ConfigureAwait(false);
        var api = new OctokitPullRequestApi(client, options, time);
        var checker = new PullRequestChecker(api, prices, VmSkuCatalog.Default, budgets, time, SnapshotPriceCatalog.Default.AsOf);
        var outcome = await checker.CheckAsync(request, cancellationToken).ConfigureAwait(false);
        if (checks is not null && OperationalLogs.ToCheckSummary(request, outcome) is { } summary)
            await checks.RecordAsync(summary, cancellationToken).ConfigureAwait(false);
        return outcome;
    }
}

/// <summary>
/// Registration shared by the Function App and <c>guardrails serve</c>. Settings are read through <paramref name="setting"/>
/// (names as in local.settings.sample.json: <c>GitHub:WebhookSecret</c> = env <c>GitHub__WebhookSecret</c>, <c>GitHub:Token</c>,
/// <c>GitHub:AppId</c>, <c>GitHub:AppPrivateKey</c>, <c>GitHub:ApiBaseUrl</c>, <c>AzureWebJobsStorage</c>,
/// <c>PullRequests:ChecksTable</c> = the table of finished checks the dashboard reads, default <c>prchecks</c>).
/// An <see cref="IBudgetContextProvider"/> registered before this call wins over the null default; so does an <see cref="IPriceCatalog"/>.
/// </summary>
public static class PullRequestCheckServices
{
    public static IServiceCollection AddGuardrailsPullRequestChecks(this IServiceCollection services, Func<string, string?> setting)
    {
        var options = new GitHubOptions
        {
            WebhookSecret = setting("GitHub:WebhookSecret"),
            Token = setting("GitHub:Token"),
            AppId = long.TryParse(setting("GitHub:AppId"), out var appId) ? appId : null,
            AppPrivateKey = setting("GitHub:AppPrivateKey"),
            ApiBaseUrl = setting("GitHub:ApiBaseUrl") is { Length: > 0 } url ? url : "https://api.github.com/",
        };
        if (int.TryParse(setting("GitHub:MaxAttempts"), out var attempts) && attempts > 0) options.MaxAttempts = attempts;
        if (double.TryParse(setting("GitHub:RetryBaseDelaySeconds"), System.Globalization.CultureInfo.InvariantCulture, out var delay) && delay >= 0)
            options.RetryBaseDelay = TimeSpan.FromSeconds(delay);
        var storage = setting("AzureWebJobsStorage") is { Length: > 0 } s ? s : "UseDevelopmentStorage=true";
        var queueName = setting("PullRequests:QueueName") is { Length: > 0 } q ? q : StoragePullRequestCheckQueue.DefaultQueueName;
        var checksTable = setting("PullRequests:ChecksTable") is { Length: > 0 } t ? t : TablePullRequestCheckLog.DefaultTableName;

        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(options);
        services.TryAddSingleton<IBudgetContextProvider>(NullBudgetContextProvider.Instance);
        services.TryAddSingleton<IPriceCatalog>(SnapshotPriceCatalog.Default);
        services.AddSingleton<GitHubClientFactory>();
        services.TryAddSingleton<IPullRequestCheckLog>(_ => new TablePullRequestCheckLog(new TableClient(storage, checksTable)));
        services.AddSingleton<PullRequestCheckRunner>();
        services.AddSingleton<IPullRequestCheckQueue>(_ => new StoragePullRequestCheckQueue(StoragePullRequestCheckQueue.CreateClient(storage, queueName)));
        services.AddSingleton<IWebhookDeliveryDeduplicator>(sp =>
            new TableWebhookDeliveryDeduplicator(new TableClient(storage, TableWebhookDeliveryDeduplicator.DefaultTableName), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp => new GitHubWebhookHandler(() => options.WebhookSecret, sp.GetRequiredService<IWebhookDeliveryDeduplicator>(),
            sp.GetRequiredService<IPullRequestCheckQueue>(), sp.GetRequiredService<TimeProvider>()));
        return services;
    }
}

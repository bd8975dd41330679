using Guardrails.Core.Pricing;

namespace Guardrails.Core.PullRequests;

/// <summary>Opens the GitHub API as one app installation (or the token's user when the id is null).</summary>
public interface IGitHubPullRequestApiFactory
{
    Task<IGitHubPullRequestApi> CreateAsync(long? installationId, CancellationToken cancellationToken = default);
}

/// <summary>
/// Runs one <c>pr-checks</c> message: a GitHub client for the installation, then <see cref="PullRequestChecker"/>; a check
/// that priced the PR is recorded in <paramref name="checks"/> (the dashboard's PR-check panel) when one is given.
/// </summary>
public sealed class PullRequestCheckRunner(IGitHubPullRequestApiFactory apis, IPriceCatalog prices,
    IBudgetContextProvider budgets, TimeProvider time, IPullRequestCheckLog? checks = null, IBicepModuleRegistry? registry = null)
{
    public async Task<CheckOutcome> RunAsync(string message, CancellationToken cancellationToken = default)
    {
        var request = PullRequestCheckRequest.FromJson(message);
        var api = await apis.CreateAsync(request.InstallationId, cancellationToken).ConfigureAwait(false);
        // Live price look-ups (when the catalog makes them) are bounded per check.
        var checkPrices = prices is IPerCheckPriceCatalog perCheck ? perCheck.ForOneCheck() : prices;
        var checker = new PullRequestChecker(api, checkPrices, VmSkuCatalog.Default, budgets, time, SnapshotPriceCatalog.Default.AsOf, registry);
        var outcome = await checker.CheckAsync(request, cancellationToken).ConfigureAwait(false);
        if (checks is not null && PullRequestCheckSummaries.ToCheckSummary(request, outcome) is { } summary)
            await checks.RecordAsync(summary, cancellationToken).ConfigureAwait(false);
        return outcome;
    }
}

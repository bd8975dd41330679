using Guardrails.Core.Pricing;
using Guardrails.Core.PullRequests;
using Guardrails.Core.Reporting;

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
        if (checks is not null && PullRequestCheckSummaries.ToCheckSummary(request, outcome) is { } summary)
            await checks.RecordAsync(summary, cancellationToken).ConfigureAwait(false);
        return outcome;
    }
}

using Guardrails.Core.PullRequests;

namespace Guardrails.Infrastructure.GitHub;

/// <summary>The pull-request check's GitHub API: an Octokit client for the installation (<see cref="GitHubClientFactory"/>), with retries.</summary>
public sealed class OctokitPullRequestApiFactory(GitHubClientFactory clients, GitHubOptions options, TimeProvider time) : IGitHubPullRequestApiFactory
{
    public async Task<IGitHubPullRequestApi> CreateAsync(long? installationId, CancellationToken cancellationToken = default)
    {
        var client = await clients.CreateAsync(installationId, cancellationToken).ConfigureAwait(false);
        return new OctokitPullRequestApi(client, options, time, await clients.AppLoginAsync(installationId, cancellationToken).ConfigureAwait(false));
    }
}

using Guardrails.Core.PullRequests;
using Microsoft.Extensions.Time.Testing;
using Xunit.Abstractions;

namespace Guardrails.Core.Tests.PullRequests;

/// <summary>
/// A signed webhook body damaged in every way <see cref="HostileFiles"/> knows (cut, flipped, NULs, other encodings,
/// 10,000 deep, hostile numbers, duplicate keys) is answered 202 or 400, never an exception (a 500 GitHub redelivers).
/// </summary>
public sealed class GitHubWebhookHostileInputTests(ITestOutputHelper output)
{
    private const string Secret = "test-secret";

    private sealed class Memory : IWebhookDeliveryDeduplicator, IPullRequestCheckQueue
    {
        public List<PullRequestCheckRequest> Queued { get; } = [];
        public Task<bool> HasSeenAsync(string deliveryId, CancellationToken cancellationToken = default) => Task.FromResult(false);
        public Task<bool> TryRecordAsync(string deliveryId, CancellationToken cancellationToken = default) => Task.FromResult(true);
        public Task EnqueueAsync(PullRequestCheckRequest request, CancellationToken cancellationToken = default)
        {
            Queued.Add(request);
            return Task.CompletedTask;
        }
    }

    [Fact]
    public async Task A_damaged_signed_body_is_answered_202_or_400()
    {
        var seed = await File.ReadAllBytesAsync(Path.Combine(AppContext.BaseDirectory, "testdata", "pull-requests", "github-webhooks", "pull_request.opened.raw-body.json"));
        var handler = new GitHubWebhookHandler(() => Secret, new Memory(), new Memory(), new FakeTimeProvider(DateTimeOffset.UnixEpoch));
        await HostileFiles.CheckAsync(seed, async v =>
        {
            var headers = new Dictionary<string, string>
            {
                ["X-GitHub-Event"] = "pull_request",
                ["X-GitHub-Delivery"] = "d-1",
                ["X-Hub-Signature-256"] = WebhookSignature.Compute(Secret, v.Bytes),
            };
            var response = await handler.HandleAsync(headers, v.Bytes);
            if (response.StatusCode is not (202 or 400)) throw new InvalidOperationException($"answered {response.StatusCode}: {response.Message}");
        }, _ => false, output);
    }
}

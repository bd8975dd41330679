using System.Text;
using Guardrails.Core.PullRequests;
using Microsoft.Extensions.Time.Testing;

namespace Guardrails.Core.Tests.PullRequests;

/// <summary>
/// A signed pull_request payload of any shape is answered (202 queued or ignored, 400 malformed), never an exception
/// (a 500 that GitHub would redeliver forever); whatever is queued passes the request's own validation.
/// </summary>
public sealed class GitHubWebhookTests
{
    private const string Secret = "test-secret";

    private static readonly string s_opened = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "testdata", "pull-requests", "github-webhooks",
        "pull_request.opened.raw-body.json"));

    private static readonly string[] s_kinds = ["{}", "null", "\"text\"", "1e30", "-1", "[]"]; // one of each kind, as every value is tried

    private sealed class Memory : IWebhookDeliveryDeduplicator, IPullRequestCheckQueue
    {
        public List<PullRequestCheckRequest> Queued { get; } = [];
        private readonly HashSet<string> _seen = [];
        public Task<bool> HasSeenAsync(string deliveryId, CancellationToken cancellationToken = default) => Task.FromResult(_seen.Contains(deliveryId));
        public Task<bool> TryRecordAsync(string deliveryId, CancellationToken cancellationToken = default) => Task.FromResult(_seen.Add(deliveryId));
        public Task EnqueueAsync(PullRequestCheckRequest request, CancellationToken cancellationToken = default)
        {
            Queued.Add(request);
            return Task.CompletedTask;
        }
    }

    private static async Task<(WebhookResponse Response, Memory Memory)> Deliver(byte[] body)
    {
        var memory = new Memory();
        var handler = new GitHubWebhookHandler(() => Secret, memory, memory, new FakeTimeProvider(new DateTimeOffset(2026, 11, 20, 9, 0, 0, TimeSpan.Zero)));
        var headers = new Dictionary<string, string>
        {
            ["X-GitHub-Event"] = "pull_request",
            ["X-GitHub-Delivery"] = "d-1",
            ["X-Hub-Signature-256"] = WebhookSignature.Compute(Secret, body),
        };
        return (await handler.HandleAsync(headers, body), memory);
    }

    [Fact]
    public async Task The_real_opened_delivery_is_queued()
    {
        var (response, memory) = await Deliver(Encoding.UTF8.GetBytes(s_opened));

        Assert.Equal(202, response.StatusCode);
        Assert.Null(Assert.Single(memory.Queued).Invalid());
    }

    /// <summary>octokit/webhooks' payload examples (another project's idea of each action, nulls and organizations included).</summary>
    [Theory]
    [InlineData("opened.with-null-body.json", 202, "queued")]
    [InlineData("synchronize.json", 202, "queued")]
    [InlineData("reopened.json", 202, "queued")]
    [InlineData("labeled.with-organization.json", 202, "queued")]
    [InlineData("ready_for_review.with-installation.json", 202, "queued")]
    [InlineData("closed.json", 202, "ignored pull_request action 'closed'")]
    [InlineData("converted_to_draft.with-installation.json", 202, "ignored pull_request action 'converted_to_draft'")]
    public async Task Octokit_s_payload_examples_are_queued_or_ignored_by_action(string file, int status, string message)
    {
        var body = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "testdata", "pull-requests", "github-webhooks", "octokit", file));

        var (response, memory) = await Deliver(body);

        Assert.Equal(status, response.StatusCode);
        Assert.StartsWith(message, response.Message, StringComparison.Ordinal);
        Assert.Equal(message == "queued" ? 1 : 0, memory.Queued.Count);
        Assert.All(memory.Queued, q => Assert.Null(q.Invalid()));
    }

    [Fact]
    public async Task Every_value_of_a_real_payload_replaced_by_any_other_kind_is_answered_202_or_400_never_an_exception()
    {
        var failures = new List<string>();
        var slots = JsonMutations.SlotCount(s_opened);
        for (var slot = 0; slot < slots; slot++)
            foreach (var replacement in s_kinds)
            {
                var body = JsonMutations.Mutate(s_opened, slot, replacement);
                try
                {
                    var (response, memory) = await Deliver(body);
                    if (response.StatusCode is not (202 or 400)) failures.Add($"slot {slot} = {replacement}: {response.StatusCode} {response.Message}");
                    if (memory.Queued.Any(q => q.Invalid() is not null)) failures.Add($"slot {slot} = {replacement}: queued an invalid request");
                }
                catch (Exception e)
                {
                    failures.Add($"slot {slot} = {replacement}: {e.GetType().Name}: {e.Message}");
                }
            }

        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures.Take(20)));
    }

    [Theory]
    [InlineData("""{"installation":{"id":1e30}}""")]
    [InlineData("""{"installation":{"id":1.5}}""")]
    [InlineData("""{"installation":{"id":"12"}}""")]
    [InlineData("""{"installation":[1]}""")]
    [InlineData("""{"label":{"name":5}}""")]
    [InlineData("""{"sender":{"login":[]}}""")]
    public async Task An_optional_field_of_the_wrong_kind_is_a_400_naming_the_payload(string patch)
    {
        var node = System.Text.Json.Nodes.JsonNode.Parse(s_opened)!;
        foreach (var (k, v) in System.Text.Json.Nodes.JsonNode.Parse(patch)!.AsObject()) node[k] = v?.DeepClone();

        var (response, memory) = await Deliver(Encoding.UTF8.GetBytes(node.ToJsonString()));

        Assert.Equal(400, response.StatusCode);
        Assert.StartsWith("pull_request payload", response.Message, StringComparison.Ordinal);
        Assert.Empty(memory.Queued);
    }
}

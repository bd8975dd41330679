using System.Text;
using System.Text.Json;
using Azure.Data.Tables;
using Guardrails.Core.PullRequests;
using Guardrails.Infrastructure.GitHub;
using Guardrails.Testing;
using Microsoft.Extensions.Time.Testing;

namespace Guardrails.Infrastructure.Tests.GitHub;

internal static class Webhooks
{
    public static string Path(string name) => System.IO.Path.Combine(AppContext.BaseDirectory, "testdata", "github-webhooks", name);
    public static byte[] RawBody(string action) => File.ReadAllBytes(Path($"pull_request.{action}.raw-body.json"));
    public static JsonElement Vector => JsonDocument.Parse(File.ReadAllText(Path("signature-test-vector.json"))).RootElement;
    public static string FixtureSecret => Vector.GetProperty("additional_real_delivery_vectors").GetProperty("secret").GetString()!;

    /// <summary>The captured headers of a real delivery (lower-case names, as relayed by smee.io).</summary>
    public static Dictionary<string, string> Headers(string action)
    {
        var d = JsonDocument.Parse(File.ReadAllText(Path($"pull_request.{action}.delivery.json"))).RootElement.GetProperty("headers");
        return d.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!);
    }
}

public class WebhookSignatureTests
{
    [Fact]
    public void Official_github_docs_vector()
    {
        var v = Webhooks.Vector;
        var body = Encoding.UTF8.GetBytes(v.GetProperty("payload").GetString()!);
        var secret = v.GetProperty("secret").GetString()!;
        Assert.Equal(v.GetProperty("expected_header").GetProperty("X-Hub-Signature-256").GetString(), WebhookSignature.Compute(secret, body));
        Assert.True(WebhookSignature.Verify(secret, body, "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17"));
        Assert.True(WebhookSignature.Verify(secret, body, "SHA256=757107EA0EB2509FC211221CCE984B8A37570B6D7586C22C46F4379C8B043E17"));
        Assert.False(WebhookSignature.Verify(secret, body, "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e18"));
        Assert.False(WebhookSignature.Verify("wrong", body, "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17"));
        Assert.False(WebhookSignature.Verify(secret, body, "sha1=01dc10d0c83e72ed246219cdd91669667fe2ca59"));
        Assert.False(WebhookSignature.Verify(secret, body, null));
        Assert.False(WebhookSignature.Verify(secret, body, "sha256=zz"));
    }

    [Theory]
    [InlineData("opened")]
    [InlineData("synchronize")]
    [InlineData("closed")]
    public void Real_signed_deliveries_verify_over_the_raw_bytes(string action)
    {
        var body = Webhooks.RawBody(action);
        var header = Webhooks.Headers(action)["x-hub-signature-256"];
        Assert.True(WebhookSignature.Verify(Webhooks.FixtureSecret, body, header));
        // Re-serialised JSON is not what GitHub signed.
        var reserialised = JsonSerializer.SerializeToUtf8Bytes(JsonDocument.Parse(body).RootElement, new JsonSerializerOptions { WriteIndented = true });
        Assert.False(WebhookSignature.Verify(Webhooks.FixtureSecret, reserialised, header));
    }
}

[Collection(AzuriteCollection.Name)]
public class WebhookHandlerTests(AzuriteFixture azurite)
{
    private (GitHubWebhookHandler Handler, Azure.Storage.Queues.QueueClient Queue) Create()
    {
        var queue = StoragePullRequestCheckQueue.CreateClient(azurite.ConnectionString, AzuriteFixture.UniqueName("prq"));
        var table = new TableClient(azurite.ConnectionString, AzuriteFixture.UniqueName("dedupe"));
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 20, 9, 0, 0, TimeSpan.Zero));
        return (new GitHubWebhookHandler(() => Webhooks.FixtureSecret, new TableWebhookDeliveryDeduplicator(table, time), new StoragePullRequestCheckQueue(queue), time), queue);
    }

    [Fact]
    public async Task Real_opened_delivery_is_queued_once_and_redelivery_is_deduplicated()
    {
        var (handler, queue) = Create();
        var headers = Webhooks.Headers("opened"); // lower-case names as captured
        var r = await handler.HandleAsync(headers, Webhooks.RawBody("opened"));
        Assert.Equal(202, r.StatusCode);
        Assert.StartsWith("queued check of derekg1729/test-repo#315", r.Message, StringComparison.Ordinal);
        var again = await handler.HandleAsync(headers, Webhooks.RawBody("opened"));
        Assert.Equal((202, "duplicate delivery f73f08d0-a995-11f0-8d11-0b9d0ae424e4"), (again.StatusCode, again.Message));

        var messages = (await queue.ReceiveMessagesAsync(10)).Value;
        var m = PullRequestCheckRequest.FromJson(Assert.Single(messages).MessageText);
        Assert.Equal(("derekg1729", "test-repo", 315, "eeb67d6e0f131d27102080b6bb50be2ddae28cc3", 87385964L, "opened"),
            (m.Owner, m.Repository, m.Number, m.HeadSha, m.InstallationId!.Value, m.Action));
        Assert.Equal("f73f08d0-a995-11f0-8d11-0b9d0ae424e4", m.DeliveryId);
    }

    [Fact]
    public async Task Header_names_in_any_case()
    {
        var (handler, _) = Create();
        var headers = Webhooks.Headers("synchronize").ToDictionary(h => h.Key.ToUpperInvariant(), h => h.Value);
        Assert.Equal(202, (await handler.HandleAsync(headers, Webhooks.RawBody("synchronize"))).StatusCode);
    }

    [Fact]
    public async Task Missing_or_bad_signature_is_401()
    {
        var (handler, queue) = Create();
        var headers = Webhooks.Headers("opened");
        var body = Webhooks.RawBody("opened");
        headers.Remove("x-hub-signature-256");
        Assert.Equal(401, (await handler.HandleAsync(headers, body)).StatusCode);
        headers["X-Hub-Signature-256"] = Webhooks.Headers("synchronize")["x-hub-signature-256"]; // valid for another body
        Assert.Equal(401, (await handler.HandleAsync(headers, body)).StatusCode);
        var tampered = (byte[])body.Clone();
        tampered[100] ^= 1;
        Assert.Equal(401, (await handler.HandleAsync(Webhooks.Headers("opened"), tampered)).StatusCode);
        await queue.CreateIfNotExistsAsync();
        Assert.Empty((await queue.ReceiveMessagesAsync(10)).Value);
    }

    [Fact]
    public async Task Closed_and_other_events_are_ignored_ping_answers()
    {
        var (handler, _) = Create();
        var closed = await handler.HandleAsync(Webhooks.Headers("closed"), Webhooks.RawBody("closed"));
        Assert.Equal((202, "ignored pull_request action 'closed'"), (closed.StatusCode, closed.Message));

        var ping = File.ReadAllBytes(Webhooks.Path("ping.json"));
        var pingHeaders = new Dictionary<string, string>
        {
            ["X-GitHub-Event"] = "ping",
            ["X-GitHub-Delivery"] = "p1",
            ["X-Hub-Signature-256"] = WebhookSignature.Compute(Webhooks.FixtureSecret, ping),
        };
        Assert.Equal((200, "pong"), ((await handler.HandleAsync(pingHeaders, ping)).StatusCode, "pong"));
        pingHeaders["X-GitHub-Event"] = "issue_comment";
        Assert.Equal(202, (await handler.HandleAsync(pingHeaders, ping)).StatusCode);
    }

    [Fact]
    public async Task A_body_without_a_length_is_read_only_up_to_the_limit_then_refused()
    {
        var endless = new CountingStream(long.MaxValue);
        var (body, tooLarge) = await GitHubWebhookHandler.ReadBodyAsync(endless);

        Assert.Equal(413, tooLarge?.StatusCode);
        Assert.True(body.IsEmpty);
        Assert.InRange(endless.Served, GitHubWebhookHandler.MaxBodyBytes, GitHubWebhookHandler.MaxBodyBytes + 81920); // never buffered whole

        var (small, none) = await GitHubWebhookHandler.ReadBodyAsync(new CountingStream(1000));
        Assert.Null(none);
        Assert.Equal(1000, small.Length);
    }

    /// <summary>A stream of zeros of a given length that cannot say its length (a chunked request body).</summary>
    private sealed class CountingStream(long length) : Stream
    {
        public long Served { get; private set; }
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => Served; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count)
        {
            var n = (int)Math.Min(count, length - Served);
            Array.Clear(buffer, offset, n);
            Served += n;
            return n;
        }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    [Fact]
    public async Task Over_25_MB_is_413_before_the_signature_is_checked()
    {
        var (handler, _) = Create();
        Assert.Equal(413, GitHubWebhookHandler.CheckLength(25L * 1024 * 1024 + 1)?.StatusCode);
        Assert.Null(GitHubWebhookHandler.CheckLength(25L * 1024 * 1024));
        var big = new byte[25 * 1024 * 1024 + 1];
        Assert.Equal(413, (await handler.HandleAsync(new Dictionary<string, string>(), big)).StatusCode);
    }

    [Fact]
    public async Task Labeled_action_carries_label_and_sender()
    {
        var (handler, queue) = Create();
        // A labeled event built from the real opened delivery (action and label changed), re-signed with the fixture secret.
        var node = System.Text.Json.Nodes.JsonNode.Parse(Webhooks.RawBody("opened"))!;
        node["action"] = "labeled";
        node["label"] = new System.Text.Json.Nodes.JsonObject { ["name"] = "cost-approved" };
        var body = Encoding.UTF8.GetBytes(node.ToJsonString());
        var headers = Webhooks.Headers("opened");
        headers["x-github-delivery"] = "labeled-1";
        headers["x-hub-signature-256"] = WebhookSignature.Compute(Webhooks.FixtureSecret, body);
        Assert.Equal(202, (await handler.HandleAsync(headers, body)).StatusCode);
        var m = PullRequestCheckRequest.FromJson(Assert.Single((await queue.ReceiveMessagesAsync(10)).Value).MessageText);
        Assert.Equal(("labeled", "cost-approved", "derekg1729"), (m.Action, m.Label, m.Sender));
    }

    /// <summary>The real opened delivery with the action (and extra fields) changed, re-signed with the fixture secret.</summary>
    private static (Dictionary<string, string> Headers, byte[] Body) Variant(string delivery, Action<System.Text.Json.Nodes.JsonNode> change)
    {
        var node = System.Text.Json.Nodes.JsonNode.Parse(Webhooks.RawBody("opened"))!;
        change(node);
        var body = Encoding.UTF8.GetBytes(node.ToJsonString());
        var headers = Webhooks.Headers("opened");
        headers["x-github-delivery"] = delivery;
        headers["x-hub-signature-256"] = WebhookSignature.Compute(Webhooks.FixtureSecret, body);
        return (headers, body);
    }

    [Fact]
    public async Task Unlabeled_is_queued_so_removing_the_approval_re_runs_the_check()
    {
        var (handler, queue) = Create();
        var (headers, body) = Variant("unlabeled-1", n =>
        {
            n["action"] = "unlabeled";
            n["label"] = new System.Text.Json.Nodes.JsonObject { ["name"] = "cost-approved" };
        });
        Assert.Equal(202, (await handler.HandleAsync(headers, body)).StatusCode);
        var m = PullRequestCheckRequest.FromJson(Assert.Single((await queue.ReceiveMessagesAsync(10)).Value).MessageText);
        Assert.Equal(("unlabeled", "cost-approved"), (m.Action, m.Label));
    }

    [Fact]
    public async Task Edited_is_queued_only_when_the_base_branch_changed()
    {
        var (handler, queue) = Create();
        var (titleHeaders, titleBody) = Variant("edited-title", n =>
        {
            n["action"] = "edited";
            n["changes"] = new System.Text.Json.Nodes.JsonObject { ["title"] = new System.Text.Json.Nodes.JsonObject { ["from"] = "old" } };
        });
        var ignored = await handler.HandleAsync(titleHeaders, titleBody);
        Assert.Equal(202, ignored.StatusCode);
        Assert.Contains("base branch did not change", ignored.Message, StringComparison.Ordinal);

        var (baseHeaders, baseBody) = Variant("edited-base", n =>
        {
            n["action"] = "edited";
            n["changes"] = System.Text.Json.Nodes.JsonNode.Parse("""{"base":{"ref":{"from":"develop"},"sha":{"from":"cf4f801049f678c0253179636aeabea6946de7e9"}}}""");
        });
        var queued = await handler.HandleAsync(baseHeaders, baseBody);
        Assert.StartsWith("queued check", queued.Message, StringComparison.Ordinal);
        var m = PullRequestCheckRequest.FromJson(Assert.Single((await queue.ReceiveMessagesAsync(10)).Value).MessageText);
        Assert.Equal("edited", m.Action);
    }

    // Issue 15, webhook: malformed but signed payloads are 400, never 500, and never reach GitHub or the queue.
    public static TheoryData<string, string> Malformed => new()
    {
        { "number beyond Int32", """{"pull_request":{"number":2147483648}}""" },
        { "number negative", """{"pull_request":{"number":-1}}""" },
        { "number a string", """{"pull_request":{"number":"315"}}""" },
        { "owner.login null", """{"repository":{"owner":{"login":null}}}""" },
        { "owner.login with a slash", """{"repository":{"owner":{"login":"a/b"}}}""" },
        { "repository ../../etc", """{"repository":{"name":"../../etc"}}""" },
        { "repository ..", """{"repository":{"name":".."}}""" },
        { "repository empty", """{"repository":{"name":""}}""" },
        { "head sha empty", """{"pull_request":{"head":{"sha":""}}}""" },
        { "head sha not hex", """{"pull_request":{"head":{"sha":"zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz"}}}""" },
        { "head sha a path", """{"pull_request":{"head":{"sha":"../../../../user"}}}""" },
        { "base sha short", """{"pull_request":{"base":{"sha":"cf4f80"}}}""" },
    };

    [Theory]
    [MemberData(nameof(Malformed))]
    public async Task A_signed_payload_with_an_invalid_name_number_or_sha_is_400_and_nothing_is_queued(string why, string patch)
    {
        var (handler, queue) = Create();
        var (headers, body) = Variant("malformed-" + why.Replace(' ', '-'), n => Merge(n, System.Text.Json.Nodes.JsonNode.Parse(patch)!));
        var r = await handler.HandleAsync(headers, body);
        Assert.True(r.StatusCode == 400, $"{why}: {r.StatusCode} {r.Message}");
        await queue.CreateIfNotExistsAsync();
        Assert.Empty((await queue.ReceiveMessagesAsync(10)).Value);
    }

    private static void Merge(System.Text.Json.Nodes.JsonNode target, System.Text.Json.Nodes.JsonNode patch)
    {
        foreach (var (k, v) in patch.AsObject())
        {
            if (v is System.Text.Json.Nodes.JsonObject o && target[k] is System.Text.Json.Nodes.JsonObject) Merge(target[k]!, o);
            else target[k] = v?.DeepClone();
        }
    }

    [Fact]
    public async Task Delivery_ids_that_differ_only_in_characters_a_table_key_cannot_hold_do_not_collide()
    {
        var (handler, queue) = Create();
        foreach (var id in new[] { "probe/abc-X", "probeabc-X", "probe#abc-X", "probe?abc-X", "probe\\abc-X" })
        {
            var (headers, body) = Variant(id, _ => { });
            var r = await handler.HandleAsync(headers, body);
            Assert.True(r.Message.StartsWith("queued", StringComparison.Ordinal), $"{id}: {r.Message}");
        }
        Assert.Equal(5, (await queue.ReceiveMessagesAsync(10)).Value.Length);
        var (again, againBody) = Variant("probe/abc-X", _ => { });
        Assert.StartsWith("duplicate delivery", (await handler.HandleAsync(again, againBody)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_2000_character_delivery_id_is_handled_not_a_500()
    {
        var (handler, _) = Create();
        var id = new string('x', 1990) + "-0123456789";
        var (headers, body) = Variant(id, _ => { });
        Assert.Equal(202, (await handler.HandleAsync(headers, body)).StatusCode);
        Assert.StartsWith("duplicate delivery", (await handler.HandleAsync(headers, body)).Message, StringComparison.Ordinal);
    }

    private sealed class DownQueue : IPullRequestCheckQueue
    {
        public Task EnqueueAsync(PullRequestCheckRequest request, CancellationToken cancellationToken = default) =>
            throw new Azure.RequestFailedException(503, "queue service unavailable");
    }

    [Fact]
    public async Task When_the_queue_is_down_the_delivery_is_not_recorded_so_the_redelivery_runs_the_check()
    {
        var queue = StoragePullRequestCheckQueue.CreateClient(azurite.ConnectionString, AzuriteFixture.UniqueName("prq"));
        var table = new TableClient(azurite.ConnectionString, AzuriteFixture.UniqueName("dedupe"));
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 20, 9, 0, 0, TimeSpan.Zero));
        var dedupe = new TableWebhookDeliveryDeduplicator(table, time);
        var down = new GitHubWebhookHandler(() => Webhooks.FixtureSecret, dedupe, new DownQueue(), time);
        var first = await down.HandleAsync(Webhooks.Headers("opened"), Webhooks.RawBody("opened"));
        Assert.Equal(503, first.StatusCode); // GitHub shows the delivery as failed; a redelivery is possible

        var up = new GitHubWebhookHandler(() => Webhooks.FixtureSecret, dedupe, new StoragePullRequestCheckQueue(queue), time);
        var redelivery = await up.HandleAsync(Webhooks.Headers("opened"), Webhooks.RawBody("opened"));
        Assert.StartsWith("queued check", redelivery.Message, StringComparison.Ordinal);
        Assert.Single((await queue.ReceiveMessagesAsync(10)).Value);
    }
}

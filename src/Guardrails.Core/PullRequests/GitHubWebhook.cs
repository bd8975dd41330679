using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Guardrails.Core.Common;

namespace Guardrails.Core.PullRequests;

/// <summary>GitHub's <c>X-Hub-Signature-256</c>: HMAC-SHA256 of the raw body bytes, hex, prefixed "sha256=".</summary>
public static class WebhookSignature
{
    public static string Compute(string secret, ReadOnlySpan<byte> body) =>
        "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));

    /// <summary>Constant-time comparison of the expected and given signature (the header value).</summary>
    public static bool Verify(string secret, ReadOnlySpan<byte> body, string? header)
    {
        if (string.IsNullOrEmpty(secret) || string.IsNullOrWhiteSpace(header)) return false;
        var given = header.Trim();
        if (!given.StartsWith("sha256=", StringComparison.OrdinalIgnoreCase) || given.Length != 71) return false;
        Span<byte> givenBytes = stackalloc byte[32];
        try
        {
            if (Convert.FromHexString(given.AsSpan(7), givenBytes, out _, out var written) != System.Buffers.OperationStatus.Done || written != 32) return false;
        }
        catch (FormatException) { return false; }
        Span<byte> expected = stackalloc byte[32];
        HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body, expected);
        return CryptographicOperations.FixedTimeEquals(expected, givenBytes);
    }
}

/// <summary>The <c>pr-checks</c> queue message: which PR to check, at which head, and why.</summary>
public sealed record PullRequestCheckRequest(
    string Owner, string Repository, int Number, string HeadSha, string? BaseSha, string Action, string DeliveryId,
    long? InstallationId, string? Label, string? Sender, DateTimeOffset ReceivedAt)
{
    private static readonly JsonSerializerOptions s_json = new(JsonSerializerDefaults.Web) { TypeInfoResolver = PullRequestJsonContext.Default };
    public string ToJson() => JsonSerializer.Serialize(this, s_json.Of<PullRequestCheckRequest>());
    public static PullRequestCheckRequest FromJson(string json) =>
        JsonSerializer.Deserialize(json, s_json.Of<PullRequestCheckRequest>()) ?? throw new JsonException("empty pr-checks message");

    /// <summary>
    /// Why the request must not be acted on (null when valid): owner and repository names and SHAs by GitHub's rules,
    /// so no crafted value (<c>../../etc</c>, an empty SHA) ever becomes part of a GitHub API path.
    /// </summary>
    public string? Invalid() =>
        !GitHubNames.IsOwner(Owner) ? $"owner '{Shorten(Owner)}' is not a GitHub account name"
        : !GitHubNames.IsRepository(Repository) ? $"repository '{Shorten(Repository)}' is not a GitHub repository name"
        : Number < 1 ? $"pull request number {Number} is not positive"
        : !GitHubNames.IsSha(HeadSha) ? $"head sha '{Shorten(HeadSha)}' is not a commit SHA"
        : BaseSha is not null && !GitHubNames.IsSha(BaseSha) ? $"base sha '{Shorten(BaseSha)}' is not a commit SHA"
        : null;

    private static string Shorten(string? s) => s is null ? "(null)" : s.Length <= 60 ? s : s[..60] + "…";
}

/// <summary>GitHub's rules for names and SHAs (what the API accepts as path segments).</summary>
public static partial class GitHubNames
{
    /// <summary>Users and organizations: 1–39 characters, letters, digits and hyphens, not starting with a hyphen.</summary>
    public static bool IsOwner(string? s) => s is not null && Owner().IsMatch(s);

    /// <summary>Repositories: 1–100 characters of letters, digits, '.', '-', '_'; not "." or "..".</summary>
    public static bool IsRepository(string? s) => s is not null && s is not ("." or "..") && Repository().IsMatch(s);

    /// <summary>A full commit SHA: 40 hex digits (SHA-1) or 64 (SHA-256 repositories).</summary>
    public static bool IsSha(string? s) => s is not null && Sha().IsMatch(s);

    [System.Text.RegularExpressions.GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9-]{0,38}$")]
    private static partial System.Text.RegularExpressions.Regex Owner();

    [System.Text.RegularExpressions.GeneratedRegex("^[A-Za-z0-9._-]{1,100}$")]
    private static partial System.Text.RegularExpressions.Regex Repository();

    [System.Text.RegularExpressions.GeneratedRegex("^(?:[0-9a-fA-F]{40}|[0-9a-fA-F]{64})$")]
    private static partial System.Text.RegularExpressions.Regex Sha();
}

public interface IPullRequestCheckQueue
{
    Task EnqueueAsync(PullRequestCheckRequest request, CancellationToken cancellationToken = default);
}

/// <summary>
/// Remembers delivery ids. The handler asks <see cref="HasSeenAsync"/> first and records the id with
/// <see cref="TryRecordAsync"/> only once the check is queued, so a delivery that could not be queued is not "seen" and
/// GitHub's redelivery runs the check. Ids are any string (keys must encode them losslessly and bounded in length).
/// </summary>
public interface IWebhookDeliveryDeduplicator
{
    Task<bool> HasSeenAsync(string deliveryId, CancellationToken cancellationToken = default);

    /// <summary><c>true</c> the first time an id is recorded, <c>false</c> when it already was.</summary>
    Task<bool> TryRecordAsync(string deliveryId, CancellationToken cancellationToken = default);
}

public sealed record WebhookResponse(int StatusCode, string Message);

/// <summary>
/// The GitHub webhook endpoint, shared by the Function App and <c>guardrails serve</c>: size limit (413), signature
/// (401), event filter (ping → 200; pull_request opened/synchronize/reopened/ready_for_review/labeled/unlabeled, and
/// edited when the base branch changed → enqueue 202; anything else → 202 ignored), delivery de-duplication. It only
/// enqueues, so it answers fast.
/// </summary>
public sealed class GitHubWebhookHandler(Func<string?> secret, IWebhookDeliveryDeduplicator deduplicator, IPullRequestCheckQueue queue,
    TimeProvider time)
{
    public const long MaxBodyBytes = 25L * 1024 * 1024;
    // unlabeled: removing the approval label must fail the gate again; edited: only when the base branch changed.
    private static readonly HashSet<string> s_actions = ["opened", "synchronize", "reopened", "ready_for_review", "labeled", "unlabeled", "edited"];

    /// <summary>Early rejection from Content-Length, before the body is read.</summary>
    public static WebhookResponse? CheckLength(long? contentLength) =>
        contentLength > MaxBodyBytes ? new WebhookResponse(413, "payload larger than 25 MB") : null;

    /// <summary>
    /// The raw body (never re-serialised: the signature covers the exact bytes), read at most to the limit: a body sent
    /// without Content-Length (chunked) is cut off at 25 MB with a 413 instead of being buffered whole.
    /// </summary>
    public static async Task<(ReadOnlyMemory<byte> Body, WebhookResponse? TooLarge)> ReadBodyAsync(Stream body, CancellationToken cancellationToken = default) =>
        await Common.BoundedBody.ReadAsync(body, MaxBodyBytes, cancellationToken).ConfigureAwait(false) is { } bytes
            ? (bytes, null)
            : (ReadOnlyMemory<byte>.Empty, new WebhookResponse(413, "payload larger than 25 MB"));

    public async Task<WebhookResponse> HandleAsync(IEnumerable<KeyValuePair<string, string>> headers, ReadOnlyMemory<byte> body,
        CancellationToken cancellationToken = default)
    {
        if (body.Length > MaxBodyBytes) return new WebhookResponse(413, "payload larger than 25 MB");
        var h = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (k, v) in headers) h[k] = v;
        var key = secret();
        if (string.IsNullOrEmpty(key)) return new WebhookResponse(500, "webhook secret is not configured (GitHub__WebhookSecret)");
        if (!WebhookSignature.Verify(key, body.Span, h.GetValueOrDefault("X-Hub-Signature-256")))
            return new WebhookResponse(401, "missing or invalid X-Hub-Signature-256");

        var eventName = h.GetValueOrDefault("X-GitHub-Event") ?? "";
        var delivery = h.GetValueOrDefault("X-GitHub-Delivery") ?? "";
        if (eventName == "ping") return new WebhookResponse(200, "pong");
        if (eventName != "pull_request") return new WebhookResponse(202, $"ignored event '{eventName}'");

        var (request, rejected) = ParsePullRequest(body, delivery);
        if (rejected is not null) return rejected;
        if (request!.Invalid() is { } invalid) return new WebhookResponse(400, "pull_request payload: " + invalid);
        if (string.IsNullOrEmpty(delivery)) return new WebhookResponse(400, "missing X-GitHub-Delivery");
        var shown = delivery.Length <= 80 ? delivery : delivery[..80] + "…";
        if (await deduplicator.HasSeenAsync(delivery, cancellationToken).ConfigureAwait(false))
            return new WebhookResponse(202, $"duplicate delivery {shown}");
        try
        {
            await queue.EnqueueAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Not recorded: GitHub shows the delivery as failed and its redelivery runs the check.
            return new WebhookResponse(503, "the check could not be queued; redeliver later: " + e.Message);
        }
        // Recorded only once queued. Two concurrent redeliveries may both queue: the check is idempotent (one comment,
        // updated in place), so a duplicate check is harmless where a lost one is not.
        await deduplicator.TryRecordAsync(delivery, cancellationToken).ConfigureAwait(false);
        return new WebhookResponse(202, $"queued check of {request.Owner}/{request.Repository}#{request.Number} at {request.HeadSha[..7]}");
    }

    /// <summary>The check request a pull_request event asks for; null with the response when the action is ignored or the
    /// payload lacks a field.</summary>
    private (PullRequestCheckRequest? Request, WebhookResponse? Rejected) ParsePullRequest(ReadOnlyMemory<byte> body, string delivery)
    {
        try
        {
            using var doc = JsonDocument.Parse(body);
            var root = doc.RootElement;
            var action = root.GetProperty("action").GetString() ?? "";
            if (!s_actions.Contains(action)) return (null, new WebhookResponse(202, $"ignored pull_request action '{action}'"));
            if (action == "edited" && !(root.TryGetProperty("changes", out var changes) && changes.ValueKind == JsonValueKind.Object
                && changes.TryGetProperty("base", out _)))
                return (null, new WebhookResponse(202, "ignored pull_request action 'edited' (the base branch did not change)"));
            var pr = root.GetProperty("pull_request");
            var repo = root.GetProperty("repository");
            if (!pr.GetProperty("number").TryGetInt32(out var number))
                return (null, new WebhookResponse(400, "pull_request.number is not a pull request number"));
            return (new PullRequestCheckRequest(
                repo.GetProperty("owner").GetProperty("login").GetString()!,
                repo.GetProperty("name").GetString()!,
                number,
                pr.GetProperty("head").GetProperty("sha").GetString()!,
                pr.GetProperty("base").TryGetProperty("sha", out var bs) ? bs.GetString() : null,
                action, delivery,
                root.TryGetProperty("installation", out var inst) && inst.TryGetProperty("id", out var id) ? id.GetInt64() : null,
                root.TryGetProperty("label", out var label) && label.ValueKind == JsonValueKind.Object ? label.GetProperty("name").GetString() : null,
                root.TryGetProperty("sender", out var sender) && sender.ValueKind == JsonValueKind.Object ? sender.GetProperty("login").GetString() : null,
                time.GetUtcNow()), null);
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            // FormatException: a number of the wrong size or kind (installation.id 1e30 or 1.5) where an integer belongs
            return (null, new WebhookResponse(400, "pull_request payload is missing fields or has fields of the wrong kind: " + e.Message));
        }
    }
}

/// <summary>Source-generated metadata of the <c>pr-checks</c> queue message.</summary>
[System.Text.Json.Serialization.JsonSerializable(typeof(PullRequestCheckRequest))]
internal sealed partial class PullRequestJsonContext : System.Text.Json.Serialization.JsonSerializerContext;

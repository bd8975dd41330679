using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Guardrails.Core.PullRequests;
using Octokit;
using CommitState = Guardrails.Core.PullRequests.CommitState;

namespace Guardrails.Infrastructure.GitHub;

/// <summary>GitHub settings: <c>GitHub__WebhookSecret</c>, <c>GitHub__Token</c> (or App id + private key), <c>GitHub__ApiBaseUrl</c>.</summary>
public sealed class GitHubOptions
{
    public string? WebhookSecret { get; set; }
    /// <summary>A token (PAT or one read from Key Vault via an app setting reference).</summary>
    public string? Token { get; set; }
    public long? AppId { get; set; }
    /// <summary>The GitHub App's private key (PEM) for installation tokens.</summary>
    public string? AppPrivateKey { get; set; }
    /// <summary>API base URL: https://api.github.com/ (default), GitHub Enterprise, or a loopback fake in tests.</summary>
    public string ApiBaseUrl { get; set; } = "https://api.github.com/";
    public int MaxAttempts { get; set; } = 5;
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(1);
}

/// <summary>Creates Octokit clients: installation tokens for a GitHub App, else the configured token.</summary>
public sealed class GitHubClientFactory(GitHubOptions options, TimeProvider time)
{
    private static readonly ProductHeaderValue s_product = new("guardrails-cost-check");

    public async Task<IGitHubClient> CreateAsync(long? installationId, CancellationToken cancellationToken = default)
    {
        var baseUri = new Uri(options.ApiBaseUrl);
        if (options.AppId is { } appId && !string.IsNullOrWhiteSpace(options.AppPrivateKey) && installationId is { } inst)
        {
            var token = await AppClient(appId, options.AppPrivateKey).GitHubApps.CreateInstallationToken(inst).ConfigureAwait(false);
            return new GitHubClient(s_product, baseUri) { Credentials = new Credentials(token.Token) };
        }
        var client = new GitHubClient(s_product, baseUri);
        if (!string.IsNullOrWhiteSpace(options.Token)) client.Credentials = new Credentials(options.Token);
        return client;
    }

    private string? _appLogin;

    /// <summary>
    /// The bot login of the GitHub App ("{slug}[bot]", from <c>GET /app</c> with the app's JWT, read once) when
    /// <see cref="CreateAsync"/> gives an installation client for <paramref name="installationId"/>; else null.
    /// </summary>
    public async Task<string?> AppLoginAsync(long? installationId, CancellationToken cancellationToken = default)
    {
        if (options.AppId is not { } appId || string.IsNullOrWhiteSpace(options.AppPrivateKey) || installationId is null) return null;
        return _appLogin ??= (await AppClient(appId, options.AppPrivateKey).GitHubApps.GetCurrent().ConfigureAwait(false)).Slug + "[bot]";
    }

    /// <summary>A client that acts as the GitHub App itself (its JWT), for the app's own endpoints.</summary>
    private GitHubClient AppClient(long appId, string privateKeyPem) => new(s_product, new Uri(options.ApiBaseUrl))
    {
        Credentials = new Credentials(CreateAppJwt(appId, privateKeyPem, time.GetUtcNow()), AuthenticationType.Bearer),
    };

    /// <summary>The RS256 JWT a GitHub App uses to ask for installation tokens (valid 9 minutes, issued 60 s back for clock skew).</summary>
    public static string CreateAppJwt(long appId, string privateKeyPem, DateTimeOffset now)
    {
        static string B64(byte[] b) => Convert.ToBase64String(b).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var header = B64(Encoding.UTF8.GetBytes("{\"alg\":\"RS256\",\"typ\":\"JWT\"}"));
        var payload = B64(JsonSerializer.SerializeToUtf8Bytes(new AppJwtPayload(now.AddSeconds(-60).ToUnixTimeSeconds(), now.AddMinutes(9).ToUnixTimeSeconds(),
            appId.ToString(System.Globalization.CultureInfo.InvariantCulture)), GitHubJsonContext.Default.AppJwtPayload));
        using var rsa = RSA.Create();
        rsa.ImportFromPem(privateKeyPem);
        var signature = rsa.SignData(Encoding.ASCII.GetBytes(header + "." + payload), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return header + "." + payload + "." + B64(signature);
    }
}

/// <summary>
/// <see cref="IGitHubPullRequestApi"/> over Octokit 14. Every call is retried with exponential backoff on 5xx, rate
/// limits and network errors (up to <see cref="GitHubOptions.MaxAttempts"/>); 4xx other than 404-for-files is not retried.
/// <paramref name="appLogin"/> is the GitHub App's bot login when the client holds an installation token (which cannot read
/// <c>/user</c>); with a token, the login is read from <c>/user</c> once.
/// </summary>
public sealed class OctokitPullRequestApi(IGitHubClient client, GitHubOptions options, TimeProvider time, string? appLogin = null) : IGitHubPullRequestApi
{
    private string? _ownLogin = appLogin;

    public async Task<string> GetOwnLoginAsync(CancellationToken cancellationToken = default) =>
        _ownLogin ??= await RetryAsync(async () => (await client.User.Current().ConfigureAwait(false)).Login, cancellationToken).ConfigureAwait(false);

    public Task<PullRequestInfo> GetPullRequestAsync(string owner, string repo, int number, CancellationToken cancellationToken = default) =>
        RetryAsync(async () =>
        {
            var pr = await client.PullRequest.Get(owner, repo, number).ConfigureAwait(false);
            return new PullRequestInfo(pr.Head.Sha, pr.Base.Sha, pr.State.StringValue, pr.Labels.Select(l => l.Name).ToList(),
                pr.Title, pr.HtmlUrl, pr.ChangedFiles);
        }, cancellationToken);

    public Task<IReadOnlyList<ChangedFile>> ListFilesAsync(string owner, string repo, int number, CancellationToken cancellationToken = default) =>
        RetryAsync<IReadOnlyList<ChangedFile>>(async () =>
            (await client.PullRequest.Files(owner, repo, number).ConfigureAwait(false))
                .Select(f => new ChangedFile(f.FileName, f.Status, f.PreviousFileName)).ToList(), cancellationToken);

    public Task<string?> GetFileAsync(string owner, string repo, string path, string sha, CancellationToken cancellationToken = default) =>
        RetryAsync<string?>(async () =>
        {
            try
            {
                // The JSON contents API (base64 "content"); Octokit decodes it. A file over 1 MB comes back with an empty
                // content (encoding "none") or as 403 too_large: its text is read as a Git blob (up to 100 MB).
                var items = await client.Repository.Content.GetAllContentsByRef(owner, repo, path, sha).ConfigureAwait(false);
                if (items.FirstOrDefault(i => i.Type.StringValue == "file") is not { } file) return null;
                if (file.Size > 0 && string.IsNullOrEmpty(file.Content)) return await BlobTextAsync(owner, repo, file.Sha).ConfigureAwait(false);
                return file.Content?.TrimStart('\uFEFF');
            }
            catch (ForbiddenException e) when (e.ApiError?.Errors?.Any(x => x.Code == "too_large") == true)
            {
                return await LargeFileAsync(owner, repo, path, sha).ConfigureAwait(false);
            }
            catch (NotFoundException)
            {
                return null;
            }
        }, cancellationToken);

    /// <summary>
    /// A file the contents API refused as too large: its blob's SHA from its folder's listing, then the blob. (Octokit's raw
    /// content call returns no bytes for a text file, so the Git Data API is used.)
    /// </summary>
    private async Task<string?> LargeFileAsync(string owner, string repo, string path, string sha)
    {
        var slash = path.LastIndexOf('/');
        var listing = slash < 0
            ? await client.Repository.Content.GetAllContentsByRef(owner, repo, sha).ConfigureAwait(false)
            : await client.Repository.Content.GetAllContentsByRef(owner, repo, path[..slash], sha).ConfigureAwait(false);
        return listing.FirstOrDefault(i => i.Type.StringValue == "file" && i.Path == path) is { } entry
            ? await BlobTextAsync(owner, repo, entry.Sha).ConfigureAwait(false)
            : throw new InvalidOperationException($"GitHub refused {path} at {sha} as too large and its folder does not list it.");
    }

    /// <summary>A blob's text (Git Data API: base64 or UTF-8, files up to 100 MB).</summary>
    private async Task<string> BlobTextAsync(string owner, string repo, string blobSha)
    {
        var blob = await client.Git.Blob.Get(owner, repo, blobSha).ConfigureAwait(false);
        var text = blob.Encoding.Value == EncodingType.Base64
            ? System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(blob.Content))
            : blob.Content;
        return text.TrimStart('\uFEFF');
    }

    public Task<IReadOnlyList<string>> ListFolderAsync(string owner, string repo, string folder, string sha, CancellationToken cancellationToken = default) =>
        RetryAsync<IReadOnlyList<string>>(async () =>
        {
            try
            {
                var items = folder.Length == 0
                    ? await client.Repository.Content.GetAllContentsByRef(owner, repo, sha).ConfigureAwait(false)
                    : await client.Repository.Content.GetAllContentsByRef(owner, repo, folder, sha).ConfigureAwait(false);
                return [.. items.Where(i => i.Type.StringValue == "file").Select(i => i.Path)];
            }
            catch (NotFoundException)
            {
                return [];
            }
        }, cancellationToken);

    public Task<RepositoryTree> ListTreeAsync(string owner, string repo, string sha, CancellationToken cancellationToken = default) =>
        RetryAsync(async () =>
        {
            try
            {
                var tree = await client.Git.Tree.GetRecursive(owner, repo, sha).ConfigureAwait(false);
                return new RepositoryTree([.. tree.Tree.Where(i => i.Type.StringValue == "blob").Select(i => i.Path)], tree.Truncated);
            }
            catch (NotFoundException)
            {
                return RepositoryTree.Empty;
            }
        }, cancellationToken);

    public Task<IReadOnlyList<IssueCommentInfo>> ListCommentsAsync(string owner, string repo, int number, CancellationToken cancellationToken = default) =>
        RetryAsync<IReadOnlyList<IssueCommentInfo>>(async () =>
            (await client.Issue.Comment.GetAllForIssue(owner, repo, number).ConfigureAwait(false))
                .Select(c => new IssueCommentInfo(c.Id, c.Body ?? "", c.CreatedAt, c.User?.Login)).ToList(), cancellationToken);

    public Task CreateCommentAsync(string owner, string repo, int number, string body, CancellationToken cancellationToken = default) =>
        RetryAsync(async () => { await client.Issue.Comment.Create(owner, repo, number, body).ConfigureAwait(false); return 0; }, cancellationToken);

    public Task UpdateCommentAsync(string owner, string repo, long commentId, string body, CancellationToken cancellationToken = default) =>
        RetryAsync(async () => { await client.Issue.Comment.Update(owner, repo, commentId, body).ConfigureAwait(false); return 0; }, cancellationToken);

    public Task SetStatusAsync(string owner, string repo, string sha, CommitState state, string context, string description,
        CancellationToken cancellationToken = default) =>
        RetryAsync(async () =>
        {
            await client.Repository.Status.Create(owner, repo, sha, new NewCommitStatus
            {
                State = state switch
                {
                    CommitState.Success => Octokit.CommitState.Success,
                    CommitState.Failure => Octokit.CommitState.Failure,
                    CommitState.Error => Octokit.CommitState.Error,
                    _ => Octokit.CommitState.Pending,
                },
                Context = context,
                Description = description,
            }).ConfigureAwait(false);
            return 0;
        }, cancellationToken);

    public Task<CostApproval?> FindLabelEventAsync(string owner, string repo, int number, string label, CancellationToken cancellationToken = default) =>
        RetryAsync<CostApproval?>(async () =>
        {
            var events = await client.Issue.Events.GetAllForIssue(owner, repo, number).ConfigureAwait(false);
            var last = events.Where(e => e.Label is not null && string.Equals(e.Label.Name, label, StringComparison.OrdinalIgnoreCase))
                .OrderBy(e => e.CreatedAt).LastOrDefault();
            return last is null || last.Event.StringValue != "labeled" ? null : new CostApproval(last.Actor?.Login ?? "unknown", last.CreatedAt, label);
        }, cancellationToken);

    public Task<bool> CreateCheckRunAsync(string owner, string repo, CheckRunResult run, CancellationToken cancellationToken = default) =>
        RetryAsync(async () =>
        {
            var output = new NewCheckRunOutput(run.Title, run.Summary)
            {
                Text = run.Text,
                Annotations = run.Annotations.Select(a => new NewCheckRunAnnotation(a.Path, a.Line, a.Line, a.Level switch
                {
                    AnnotationLevel.Failure => CheckAnnotationLevel.Failure,
                    AnnotationLevel.Warning => CheckAnnotationLevel.Warning,
                    _ => CheckAnnotationLevel.Notice,
                }, a.Message)
                { Title = a.Title }).ToList(),
            };
            try
            {
                await client.Check.Run.Create(owner, repo, new NewCheckRun(run.Name, run.HeadSha)
                {
                    Status = CheckStatus.Completed,
                    Conclusion = run.Success ? CheckConclusion.Success : CheckConclusion.Failure,
                    CompletedAt = time.GetUtcNow(),
                    Output = output,
                }).ConfigureAwait(false);
                return true;
            }
            catch (Exception e) when (e is ForbiddenException or NotFoundException or AuthorizationException)
            {
                // Only GitHub Apps can create check runs; a token's result is carried by the commit status.
                return false;
            }
        }, cancellationToken);

    public Task RemoveLabelAsync(string owner, string repo, int number, string label, CancellationToken cancellationToken = default) =>
        RetryAsync(async () =>
        {
            try
            {
                await client.Issue.Labels.RemoveFromIssue(owner, repo, number, label).ConfigureAwait(false);
            }
            catch (NotFoundException)
            {
                // Already gone.
            }
            return 0;
        }, cancellationToken);

    private async Task<T> RetryAsync<T>(Func<Task<T>> call, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await call().ConfigureAwait(false);
            }
            catch (Exception e) when (attempt < options.MaxAttempts && IsTransient(e))
            {
                var delay = options.RetryBaseDelay * Math.Pow(2, attempt - 1);
                if (delay > TimeSpan.Zero) await Task.Delay(delay, time, ct).ConfigureAwait(false);
            }
        }
    }

    private static bool IsTransient(Exception e) => e switch
    {
        RateLimitExceededException or SecondaryRateLimitExceededException => true,
        ApiException api => (int)api.StatusCode >= 500 || api.StatusCode == HttpStatusCode.TooManyRequests,
        HttpRequestException or TaskCanceledException => true,
        _ => false,
    };
}

/// <summary>The claims of a GitHub App JWT (names as GitHub reads them).</summary>
internal sealed record AppJwtPayload(
    [property: System.Text.Json.Serialization.JsonPropertyName("iat")] long IssuedAt,
    [property: System.Text.Json.Serialization.JsonPropertyName("exp")] long Expires,
    [property: System.Text.Json.Serialization.JsonPropertyName("iss")] string Issuer);

[System.Text.Json.Serialization.JsonSerializable(typeof(AppJwtPayload))]
internal sealed partial class GitHubJsonContext : System.Text.Json.Serialization.JsonSerializerContext;

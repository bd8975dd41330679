using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using WireMock.Matchers;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;
using WireMock.Settings;

namespace Guardrails.Testing;

/// <summary>
/// A loopback fake of the GitHub REST API (WireMock.Net on 127.0.0.1) that the real Octokit client talks to. It serves
/// one pull request, its files and their contents, and records every call so tests can assert the exact sequence.
/// Octokit addresses a non-github.com base URL as GitHub Enterprise, so paths carry the <c>/api/v3</c> prefix.
/// </summary>
public sealed class FakeGitHub : IDisposable
{
    public const string Prefix = "/api/v3";
    private readonly WireMockServer _server;
    private long _nextCommentId = 1000;

    /// <summary>
    /// GitHub's side of the wire, written with the reflection resolver given explicitly: the CLI's tests turn
    /// reflection-based System.Text.Json off by default (as the CLI does), and these answers are test data, not the CLI's.
    /// </summary>
    private static readonly JsonSerializerOptions s_json = new() { TypeInfoResolver = new DefaultJsonTypeInfoResolver() };

    /// <summary>The login the token belongs to (<c>GET /user</c>), which the check's own comments carry.</summary>
    public const string OwnLogin = "guardrails[bot]";

    public FakeGitHub()
    {
        _server = WireMockServer.Start(new WireMockServerSettings { Urls = [$"http://127.0.0.1:{FreePort()}"] });
        // Anything not set up explicitly is a 404, like GitHub for a missing file.
        _server.Given(Request.Create().UsingAnyMethod()).AtPriority(1000)
            .RespondWith(Response.Create().WithStatusCode(404).WithHeader("Content-Type", "application/json").WithBody("{\"message\":\"Not Found\"}"));
        Json("GET", "/user", 200, JsonSerializer.Serialize(new Dictionary<string, object?> { ["login"] = OwnLogin, ["id"] = 1, ["type"] = "Bot" }, s_json));
    }

    public string ApiBaseUrl => _server.Urls[0] + "/";

    public static int FreePort()
    {
        var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        var port = ((IPEndPoint)l.LocalEndpoint).Port;
        l.Stop();
        return port;
    }

    public void PullRequest(string owner, string repo, int number, string pullRequestJson) =>
        Json("GET", $"/repos/{owner}/{repo}/pulls/{number}", 200, pullRequestJson);

    public void Files(string owner, string repo, int number, params (string FileName, string Status, string? Previous)[] files) =>
        Json("GET", $"/repos/{owner}/{repo}/pulls/{number}/files", 200, JsonSerializer.Serialize(files.Select((f, i) => new Dictionary<string, object?>
        {
            ["sha"] = $"{i:x40}",
            ["filename"] = f.FileName,
            ["status"] = f.Status,
            ["additions"] = 1,
            ["deletions"] = 0,
            ["changes"] = 1,
            ["previous_filename"] = f.Previous,
        }), s_json));

    public void Content(string owner, string repo, string path, string sha, string text) =>
        _server.Given(Request.Create().WithPath(Prefix + $"/repos/{owner}/{repo}/contents/{path}").WithParam("ref", sha).UsingGet())
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBody(JsonSerializer.Serialize(new Dictionary<string, object?>
            {
                ["type"] = "file",
                ["encoding"] = "base64",
                ["size"] = text.Length,
                ["name"] = path.Split('/')[^1],
                ["path"] = path,
                ["content"] = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(text), Base64FormattingOptions.InsertLineBreaks),
                ["sha"] = sha,
                ["url"] = "",
                ["git_url"] = "",
                ["html_url"] = "",
                ["download_url"] = "",
            }, s_json)));

    /// <summary>
    /// A file of 1–100 MB as GitHub serves it: the JSON form without its text (content "" with encoding "none"; with
    /// <paramref name="asForbidden"/>, 403 <c>too_large</c> as older servers answer, and its folder's listing names its blob),
    /// and its text as a Git blob. <paramref name="size"/> is what GitHub says (the text here can be short). It takes
    /// precedence over a <see cref="Content"/> of the same file.
    /// </summary>
    public void LargeContent(string owner, string repo, string path, string sha, string text, long size = 2_500_000, bool asForbidden = false)
    {
        var blobSha = Convert.ToHexStringLower(System.Security.Cryptography.SHA1.HashData(System.Text.Encoding.UTF8.GetBytes(path + "@" + sha)));
        var entry = new Dictionary<string, object?>
        {
            ["type"] = "file",
            ["size"] = size,
            ["name"] = path.Split('/')[^1],
            ["path"] = path,
            ["sha"] = blobSha,
            ["url"] = "",
            ["git_url"] = "",
            ["html_url"] = "",
            ["download_url"] = "",
        };
        var request = Request.Create().WithPath(Prefix + $"/repos/{owner}/{repo}/contents/{path}").WithParam("ref", sha).UsingGet();
        _server.Given(request).AtPriority(-10).RespondWith(asForbidden
            ? Response.Create().WithStatusCode(403).WithHeader("Content-Type", "application/json").WithBody(
                "{\"message\":\"This API returns blobs up to 1 MB in size. The requested blob is too large to fetch via the API, but you can use the Git Data API to request blobs up to 100 MB in size.\",\"errors\":[{\"resource\":\"Blob\",\"field\":\"data\",\"code\":\"too_large\"}],\"documentation_url\":\"https://docs.github.com/rest/repos/contents#get-repository-content\"}")
            : Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBody(JsonSerializer.Serialize(
                new Dictionary<string, object?>(entry) { ["encoding"] = "none", ["content"] = "" }, s_json)));
        if (asForbidden)
        {
            var slash = path.LastIndexOf('/');
            _server.Given(Request.Create().WithPath(Prefix + $"/repos/{owner}/{repo}/contents{(slash < 0 ? "" : "/" + path[..slash])}").WithParam("ref", sha).UsingGet())
                .AtPriority(-10)
                .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBody(JsonSerializer.Serialize(new[] { entry }, s_json)));
        }
        Json("GET", $"/repos/{owner}/{repo}/git/blobs/{blobSha}", 200, JsonSerializer.Serialize(new Dictionary<string, object?>
        {
            ["sha"] = blobSha,
            ["size"] = size,
            ["url"] = "",
            ["encoding"] = "base64",
            ["content"] = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(text), Base64FormattingOptions.InsertLineBreaks),
        }, s_json));
    }

    /// <summary>A folder's listing at a commit (the contents API's array form): files by name, as GitHub lists them.</summary>
    public void Folder(string owner, string repo, string folder, string sha, params string[] fileNames) =>
        _server.Given(Request.Create().WithPath(Prefix + $"/repos/{owner}/{repo}/contents{(folder.Length == 0 ? "" : "/" + folder)}").WithParam("ref", sha).UsingGet())
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBody(JsonSerializer.Serialize(
                fileNames.Select(name => new Dictionary<string, object?>
                {
                    ["type"] = "file",
                    ["size"] = 1,
                    ["name"] = name,
                    ["path"] = folder.Length == 0 ? name : $"{folder}/{name}",
                    ["sha"] = sha,
                    ["url"] = "",
                    ["git_url"] = "",
                    ["html_url"] = "",
                    ["download_url"] = "",
                }), s_json)));

    /// <summary>The repository's files at a commit (the recursive git tree, as GitHub lists it).</summary>
    public void Tree(string owner, string repo, string sha, params string[] paths) =>
        _server.Given(Request.Create().WithPath(Prefix + $"/repos/{owner}/{repo}/git/trees/{sha}").WithParam("recursive", "1").UsingGet())
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBody(JsonSerializer.Serialize(new Dictionary<string, object?>
            {
                ["sha"] = sha,
                ["url"] = "",
                ["truncated"] = false,
                ["tree"] = paths.Select(path => new Dictionary<string, object?>
                {
                    ["path"] = path,
                    ["mode"] = "100644",
                    ["type"] = "blob",
                    ["sha"] = sha,
                    ["size"] = 1,
                    ["url"] = "",
                }),
            }, s_json)));

    /// <summary>The PR's comments, all by the check itself (<see cref="OwnLogin"/>).</summary>
    public void Comments(string owner, string repo, int number, params (long Id, string Body, DateTimeOffset CreatedAt)[] comments) =>
        CommentsBy(owner, repo, number, [.. comments.Select(c => (c.Id, c.Body, c.CreatedAt, OwnLogin))]);

    /// <summary>The PR's comments with their authors' logins.</summary>
    public void CommentsBy(string owner, string repo, int number, params (long Id, string Body, DateTimeOffset CreatedAt, string Author)[] comments) =>
        Json("GET", $"/repos/{owner}/{repo}/issues/{number}/comments", 200,
            JsonSerializer.Serialize(comments.Select(c => CommentJson(c.Id, c.Body, c.CreatedAt, c.Author)), s_json));

    public void LabelEvents(string owner, string repo, int number, params (string Event, string Label, string Actor, DateTimeOffset At)[] events) =>
        Json("GET", $"/repos/{owner}/{repo}/issues/{number}/events", 200, JsonSerializer.Serialize(events.Select((e, i) => new Dictionary<string, object?>
        {
            ["id"] = i + 1,
            ["node_id"] = $"E{i}",
            ["url"] = "",
            ["event"] = e.Event,
            ["created_at"] = e.At.ToString("o"),
            ["actor"] = new Dictionary<string, object?> { ["login"] = e.Actor, ["id"] = 7 },
            ["label"] = new Dictionary<string, object?> { ["name"] = e.Label, ["color"] = "00ff00" },
        }), s_json));

    /// <summary>Accept comment create/update and status create (and answer like GitHub).</summary>
    public void AcceptWrites(string owner, string repo, int number)
    {
        _server.Given(Request.Create().WithPath(Prefix + $"/repos/{owner}/{repo}/issues/{number}/comments").UsingPost())
            .RespondWith(Response.Create().WithStatusCode(201).WithHeader("Content-Type", "application/json")
                .WithBody(_ => JsonSerializer.Serialize(CommentJson(Interlocked.Increment(ref _nextCommentId), "created", DateTimeOffset.UnixEpoch), s_json)));
        _server.Given(Request.Create().WithPath(new RegexMatcher(Prefix + $"/repos/{owner}/{repo}/issues/comments/\\d+$")).UsingPatch())
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json")
                .WithBody(JsonSerializer.Serialize(CommentJson(1, "updated", DateTimeOffset.UnixEpoch), s_json)));
        _server.Given(Request.Create().WithPath(Prefix + $"/repos/{owner}/{repo}/check-runs").UsingPost())
            .RespondWith(Response.Create().WithStatusCode(201).WithHeader("Content-Type", "application/json")
                .WithBody("{\"id\":1,\"head_sha\":\"0\",\"name\":\"guardrails/cost\",\"status\":\"completed\",\"conclusion\":\"failure\"}"));
        _server.Given(Request.Create().WithPath(new RegexMatcher(Prefix + $"/repos/{owner}/{repo}/issues/{number}/labels/[^/]+$")).UsingDelete())
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBody("[]"));
        _server.Given(Request.Create().WithPath(new RegexMatcher(Prefix + $"/repos/{owner}/{repo}/statuses/[0-9a-f]+$")).UsingPost())
            .RespondWith(Response.Create().WithStatusCode(201).WithHeader("Content-Type", "application/json")
                .WithBody("{\"id\":1,\"state\":\"success\",\"context\":\"guardrails/cost\",\"created_at\":\"2026-11-20T09:00:00Z\",\"updated_at\":\"2026-11-20T09:00:00Z\"}"));
    }

    /// <summary>Answer the next <paramref name="times"/> calls to a path with a status (e.g. 502), then fall through.</summary>
    public void FailFirst(string method, string path, int status, int times)
    {
        var scenario = Guid.NewGuid().ToString("N");
        for (var i = 0; i < times; i++)
        {
            var b = _server.Given(Request.Create().WithPath(Prefix + path).UsingMethod(method)).InScenario(scenario);
            if (i > 0) b = b.WhenStateIs($"s{i}");
            b.WillSetStateTo($"s{i + 1}").AtPriority(-1).RespondWith(Response.Create().WithStatusCode(status).WithBody("{\"message\":\"Bad Gateway\"}"));
        }
    }

    public sealed record Call(string Method, string Path, string? Query, string? Body);

    /// <summary>Every request received, in order, with the /api/v3 prefix removed.</summary>
    public IReadOnlyList<Call> Calls => _server.LogEntries
        .OrderBy(e => e.RequestMessage.DateTime)
        .Select(e => new Call(e.RequestMessage.Method, e.RequestMessage.Path.StartsWith(Prefix, StringComparison.Ordinal) ? e.RequestMessage.Path[Prefix.Length..] : e.RequestMessage.Path,
            e.RequestMessage.RawQuery, e.RequestMessage.Body))
        .ToList();

    public void ResetLog() => _server.ResetLogEntries();

    private void Json(string method, string path, int status, string body) =>
        _server.Given(Request.Create().WithPath(Prefix + path).UsingMethod(method))
            .RespondWith(Response.Create().WithStatusCode(status).WithHeader("Content-Type", "application/json").WithBody(body));

    private static Dictionary<string, object?> CommentJson(long id, string body, DateTimeOffset created, string author = OwnLogin) => new()
    {
        ["id"] = id,
        ["node_id"] = $"IC_{id}",
        ["url"] = "",
        ["html_url"] = "",
        ["body"] = body,
        ["user"] = new Dictionary<string, object?> { ["login"] = author, ["id"] = author == OwnLogin ? 1 : 2 },
        ["created_at"] = created.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ"),
        ["updated_at"] = created.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ"),
    };

    public void Dispose() => _server.Stop();
}

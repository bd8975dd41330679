using Guardrails.Core.Configuration;
using Guardrails.Core.Pricing;
using Guardrails.Core.PullRequests.Iac;

namespace Guardrails.Core.PullRequests;

/// <summary>What the check reads of a pull request; <paramref name="Title"/> and <paramref name="Url"/> (its html_url) feed the dashboard.</summary>
/// <param name="ChangedFiles">How many files the PR changes, as GitHub counts them (its file listing stops at
/// <see cref="PullRequestChecker.MaxListedFiles"/>); null when not known.</param>
public sealed record PullRequestInfo(string HeadSha, string BaseSha, string State, IReadOnlyList<string> Labels, string? Title = null, string? Url = null,
    int? ChangedFiles = null);

public sealed record ChangedFile(string FileName, string Status, string? PreviousFileName);

/// <summary>The paths of the files (blobs) of a repository at a commit; <paramref name="Truncated"/> when GitHub listed
/// only part of a very large tree.</summary>
public sealed record RepositoryTree(IReadOnlyList<string> Files, bool Truncated)
{
    public static readonly RepositoryTree Empty = new([], false);
}

/// <summary>A comment on the PR; <paramref name="Author"/> is its author's login (the cost comment is only ever the check's own).</summary>
public sealed record IssueCommentInfo(long Id, string Body, DateTimeOffset CreatedAt, string? Author = null);

public enum CommitState { Pending, Success, Failure, Error }

public enum AnnotationLevel { Notice, Warning, Failure }

/// <summary>A line annotation of a check run (GitHub allows 50 per request).</summary>
public sealed record CheckAnnotation(string Path, int Line, AnnotationLevel Level, string Title, string Message);

/// <summary>A completed GitHub check run (Checks API) for a head SHA: conclusion, title, summary, details and line annotations.</summary>
public sealed record CheckRunResult(string Name, string HeadSha, bool Success, string Title, string Summary, string Text,
    IReadOnlyList<CheckAnnotation> Annotations);

/// <summary>The GitHub calls the check needs (Octokit in Infrastructure; a loopback fake GitHub in tests).</summary>
public interface IGitHubPullRequestApi
{
    Task<PullRequestInfo> GetPullRequestAsync(string owner, string repo, int number, CancellationToken cancellationToken = default);
    Task<IReadOnlyList<ChangedFile>> ListFilesAsync(string owner, string repo, int number, CancellationToken cancellationToken = default);
    /// <summary>The file's text at a commit, or null when it does not exist there.</summary>
    Task<string?> GetFileAsync(string owner, string repo, string path, string sha, CancellationToken cancellationToken = default);
    /// <summary>The paths of the files (not folders) in a folder at a commit ("" is the root); empty when the folder does not exist there.</summary>
    Task<IReadOnlyList<string>> ListFolderAsync(string owner, string repo, string folder, string sha, CancellationToken cancellationToken = default);
    /// <summary>Every file of the repository at a commit (the recursive git tree); empty when the commit is not there.</summary>
    Task<RepositoryTree> ListTreeAsync(string owner, string repo, string sha, CancellationToken cancellationToken = default);
    Task<IReadOnlyList<IssueCommentInfo>> ListCommentsAsync(string owner, string repo, int number, CancellationToken cancellationToken = default);
    /// <summary>The login the check comments as (a GitHub App's is "{slug}[bot]").</summary>
    Task<string> GetOwnLoginAsync(CancellationToken cancellationToken = default);
    Task CreateCommentAsync(string owner, string repo, int number, string body, CancellationToken cancellationToken = default);
    Task UpdateCommentAsync(string owner, string repo, long commentId, string body, CancellationToken cancellationToken = default);
    Task SetStatusAsync(string owner, string repo, string sha, CommitState state, string context, string description, CancellationToken cancellationToken = default);
    /// <summary>Who added the label last (and when), if it is still on the PR.</summary>
    Task<CostApproval?> FindLabelEventAsync(string owner, string repo, int number, string label, CancellationToken cancellationToken = default);
    /// <summary>
    /// Creates a completed check run; false when the credentials cannot create check runs (only GitHub Apps can: with a
    /// personal access token the commit status alone carries the result).
    /// </summary>
    Task<bool> CreateCheckRunAsync(string owner, string repo, CheckRunResult run, CancellationToken cancellationToken = default);
    /// <summary>Removes a label from the PR (no error when it is not there).</summary>
    Task RemoveLabelAsync(string owner, string repo, int number, string label, CancellationToken cancellationToken = default);
}

public enum CommentAction { Created, Updated, SkippedIdentical, SkippedQuiet, SkippedNewerRun, Superseded, Closed }

/// <summary>The result of one check; <paramref name="PullRequest"/> and <paramref name="StartedAt"/> are set once the PR was read.</summary>
public sealed record CheckOutcome(CommentAction Comment, GateResult? Gate, CostEstimate? Estimate, PullRequestInfo? PullRequest = null,
    DateTimeOffset? StartedAt = null);

/// <summary>
/// The queue work for one PR: read the changed IaC files at base and head, estimate, evaluate policies, budgets and the
/// gate, then keep exactly one marked comment up to date and set the commit status.
/// </summary>
public sealed class PullRequestChecker(IGitHubPullRequestApi github, IPriceCatalog prices, VmSkuCatalog skus,
    IBudgetContextProvider budgets, TimeProvider time, DateOnly? snapshotAsOf = null, IBicepModuleRegistry? registry = null)
{
    /// <summary>Bicep registry modules one check fetches at most (both sides together; each reference once).</summary>
    public const int MaxRegistryModules = 20;

    public const string ConfigFile = "guardrails.yaml";
    public const string PolicyChangedNotice =
        "this PR changes the cost policy; it applies after merge (`guardrails.yaml` is read from the base branch, so this PR is judged by the base's policy)";

    public const string UsageChangedNotice =
        "this PR changes the expected usage (`guardrails-usage.yml`); it applies after merge (read from the base branch)";

    private static bool IsConfigFile(string path) => path.Equals(ConfigFile, StringComparison.OrdinalIgnoreCase);
    private static bool IsUsageFile(string path) => path.Equals(UsageFile.FileName, StringComparison.OrdinalIgnoreCase);

    public async Task<CheckOutcome> CheckAsync(PullRequestCheckRequest request, CancellationToken cancellationToken = default)
    {
        // Never let a crafted name or SHA become part of a GitHub API path (the webhook checks too; a queue message is input).
        if (request.Invalid() is { } invalid) throw new InvalidDataException("pr-checks message rejected: " + invalid);
        var startedAt = time.GetUtcNow();
        var (owner, repo, number) = (request.Owner, request.Repository, request.Number);
        var pr = await github.GetPullRequestAsync(owner, repo, number, cancellationToken).ConfigureAwait(false);
        if (!string.Equals(pr.State, "open", StringComparison.OrdinalIgnoreCase)) return new CheckOutcome(CommentAction.Closed, null, null);
        // A newer push has its own message on the queue: this one is out of date.
        if (!string.Equals(pr.HeadSha, request.HeadSha, StringComparison.OrdinalIgnoreCase)) return new CheckOutcome(CommentAction.Superseded, null, null);

        // The policy that judges a PR is the base branch's: a PR must not be able to loosen its own gate. A changed
        // guardrails.yaml is the PR's proposal and applies once merged.
        var configText = await github.GetFileAsync(owner, repo, ConfigFile, pr.BaseSha, cancellationToken).ConfigureAwait(false);
        var config = configText is null ? new PullRequestConfig() : PullRequestConfigReader.Parse(configText, ConfigFile);

        var files = await github.ListFilesAsync(owner, repo, number, cancellationToken).ConfigureAwait(false);
        var notices = new List<string>();
        if (files.Any(f => IsConfigFile(f.FileName) || (f.PreviousFileName is not null && IsConfigFile(f.PreviousFileName))))
            notices.Add(PolicyChangedNotice);
        // Expected usage is an input to the gate too: read at the base, like the policy.
        var usageText = await github.GetFileAsync(owner, repo, UsageFile.FileName, pr.BaseSha, cancellationToken).ConfigureAwait(false);
        var usage = usageText is null ? UsageFile.Empty : UsageFile.Parse(usageText, UsageFile.FileName);
        if (files.Any(f => IsUsageFile(f.FileName) || (f.PreviousFileName is not null && IsUsageFile(f.PreviousFileName))))
            notices.Add(UsageChangedNotice);
        var (baseSide, headSide) = await ReadCostBearingFilesAsync(owner, repo, pr, files, config, cancellationToken).ConfigureAwait(false);
        var headRead = headSide.Read();
        if (UnlistedFiles(pr, files) is { } unlisted) headRead.Errors.Add(unlisted);
        var estimate = await new CostEstimator(prices, skus, config, usage)
            .EstimateAsync(baseSide.Read(), headRead, null, cancellationToken).ConfigureAwait(false);
        var policyEvaluator = new CostPolicyEvaluator(config.Policies, skus, config.DefaultTeam);
        var policies = policyEvaluator.Evaluate(estimate);
        var impacts = await BudgetImpactsAsync(estimate, policyEvaluator, cancellationToken).ConfigureAwait(false);
        var approval = await ApprovalAsync(request, pr, config, notices, cancellationToken).ConfigureAwait(false);
        var gate = CostGate.Evaluate(estimate, policies, impacts, config.Gate, approval);
        var body = CostCommentRenderer.Render(new CostCommentModel(estimate, policies, impacts, gate, pr.HeadSha, startedAt, snapshotAsOf, notices));

        var action = await UpsertCommentAsync(owner, repo, number, pr.HeadSha, startedAt, body,
            CostCommentRenderer.IsQuiet(estimate, config.Quiet) && policies.All(p => p.Outcome != PolicyOutcome.Fail), cancellationToken).ConfigureAwait(false);
        if (action != CommentAction.SkippedNewerRun)
        {
            if (config.Gate.CheckRun)
                await github.CreateCheckRunAsync(owner, repo, CheckRuns.Build(config.Gate.StatusContext, pr.HeadSha, estimate, gate, body),
                    cancellationToken).ConfigureAwait(false);
            await github.SetStatusAsync(owner, repo, pr.HeadSha, gate.State == GateState.Success ? CommitState.Success : CommitState.Failure,
                config.Gate.StatusContext, gate.Description, cancellationToken).ConfigureAwait(false);
        }
        return new CheckOutcome(action, gate, estimate, pr, startedAt);
    }

    /// <summary>GitHub lists at most this many of a PR's changed files (REST "List pull request files").</summary>
    public const int MaxListedFiles = 3000;

    /// <summary>
    /// When GitHub listed fewer files than the PR changes (its listing stops at <see cref="MaxListedFiles"/>), the files it
    /// left out may add cost that nobody sees: unknown, on the head side, so the gate fails unless the policy says warn.
    /// </summary>
    private static IacFileError? UnlistedFiles(PullRequestInfo pr, IReadOnlyList<ChangedFile> files) =>
        pr.ChangedFiles is { } changed && files.Count < changed
            ? new IacFileError("(this pull request)", null,
                $"it changes {changed:N0} files and GitHub listed {files.Count:N0} (its file listing stops at {MaxListedFiles:N0}): the {changed - files.Count:N0} not listed were not checked")
            : null;

    /// <summary>The changed IaC files at the base and at the head (a renamed file under its new name on both sides, so that
    /// its resources pair up).</summary>
    private async Task<(SideFiles Base, SideFiles Head)> ReadCostBearingFilesAsync(string owner, string repo,
        PullRequestInfo pr, IReadOnlyList<ChangedFile> files, PullRequestConfig config, CancellationToken cancellationToken)
    {
        var baseFiles = new Dictionary<string, string>(StringComparer.Ordinal);
        var headFiles = new Dictionary<string, string>(StringComparer.Ordinal);
        var unfetched = new List<string>();
        foreach (var f in files.Where(f => IsCostBearing(f.FileName, config) || (f.PreviousFileName is not null && IsCostBearing(f.PreviousFileName, config))))
        {
            if (f.Status != "removed")
            {
                var head = await github.GetFileAsync(owner, repo, f.FileName, pr.HeadSha, cancellationToken).ConfigureAwait(false);
                if (head is not null) headFiles[f.FileName] = head;
                else unfetched.Add(f.FileName);
            }
            if (f.Status != "added")
            {
                var basePath = f.Status == "renamed" && f.PreviousFileName is not null ? f.PreviousFileName : f.FileName;
                var b = await github.GetFileAsync(owner, repo, basePath, pr.BaseSha, cancellationToken).ConfigureAwait(false);
                // A renamed file is compared under its new name so the resource pairs up.
                if (b is not null) baseFiles[f.FileName] = b;
            }
        }

        foreach (var (folder, family) in DeploymentFolders(files, config))
        {
            await AddFolderContextAsync(owner, repo, folder, family, pr.HeadSha, headFiles, cancellationToken).ConfigureAwait(false);
            await AddFolderContextAsync(owner, repo, folder, family, pr.BaseSha, baseFiles, cancellationToken).ConfigureAwait(false);
        }
        // Renamed modules are searched under their new name only (a base caller names the old path).
        var changed = files.Where(f => IsCostBearing(f.FileName, config)).Select(f => f.FileName).ToList();
        var headUncalled = await AddCallersAsync(owner, repo, pr.HeadSha, changed, headFiles, cancellationToken).ConfigureAwait(false);
        var baseUncalled = await AddCallersAsync(owner, repo, pr.BaseSha, changed, baseFiles, cancellationToken).ConfigureAwait(false);
        await AddModuleSourcesAsync(owner, repo, pr.HeadSha, headFiles, cancellationToken).ConfigureAwait(false);
        await AddModuleSourcesAsync(owner, repo, pr.BaseSha, baseFiles, cancellationToken).ConfigureAwait(false);
        var registryModules = await RegistryModulesAsync([headFiles, baseFiles], cancellationToken).ConfigureAwait(false);
        return (new SideFiles(baseFiles, baseUncalled, [], registryModules), new SideFiles(headFiles, headUncalled, unfetched, registryModules));
    }

    /// <summary>One side's files, the modules no caller was found for (with the note their resources carry), and the
    /// changed files GitHub did not return on this side although the PR keeps them.</summary>
    private sealed record SideFiles(Dictionary<string, string> Files, Dictionary<string, string> Uncalled, List<string> Unfetched,
        IReadOnlyDictionary<string, string> RegistryModules)
    {
        /// <summary>The side read; a changed file that could not be fetched is an error on it (its resources are unknown, so
        /// the base's are never shown as removed).</summary>
        public IacParseResult Read()
        {
            var read = IacReader.ReadAll(Files, Uncalled, RegistryModules);
            foreach (var path in Unfetched)
                read.Errors.Add(new IacFileError(path, null, "changed by the pull request but GitHub returned no content for it at this commit"));
            return read;
        }
    }

    /// <summary>
    /// The compiled templates of the Bicep registry modules the files of both sides call (<see cref="IBicepModuleRegistry"/>),
    /// each reference once, at most <see cref="MaxRegistryModules"/>: a module not fetched stays unknown on its call's line.
    /// </summary>
    private async Task<Dictionary<string, string>> RegistryModulesAsync(IEnumerable<Dictionary<string, string>> sides, CancellationToken cancellationToken)
    {
        var templates = new Dictionary<string, string>(StringComparer.Ordinal);
        if (registry is null) return templates;
        var references = sides.SelectMany(side => side.Where(f => f.Key.EndsWith(".bicep", StringComparison.OrdinalIgnoreCase)))
            .SelectMany(f => ModuleSources.RegistryBicepModules(f.Key, f.Value))
            .DistinctBy(r => r.Key).OrderBy(r => r.Key, StringComparer.Ordinal).Take(MaxRegistryModules);
        foreach (var reference in references)
            if (await registry.GetCompiledTemplateAsync(reference, cancellationToken).ConfigureAwait(false) is { } template)
                templates[reference.Key] = template;
        return templates;
    }

    /// <summary>
    /// The callers of the changed files that may be modules (<see cref="ModuleCallerSearch"/>), with the unchanged files beside
    /// them (their parameters and variables), and theirs in turn; returns the modules still called by nothing read.
    /// </summary>
    private async Task<Dictionary<string, string>> AddCallersAsync(string owner, string repo, string sha, IReadOnlyList<string> changed,
        Dictionary<string, string> side, CancellationToken cancellationToken)
    {
        var search = new ModuleCallerSearch(github, owner, repo, sha, side);
        IReadOnlyList<string> targets = changed;
        while (await search.AddCallersAsync(targets, cancellationToken).ConfigureAwait(false) is { Count: > 0 } added)
        {
            foreach (var (folder, family) in added.Select(p => (ModuleSources.FolderOf(p), FamilyOf(p)!.Value)).Distinct().Order())
                await AddFolderContextAsync(owner, repo, folder, family, sha, side, cancellationToken).ConfigureAwait(false);
            targets = added;
        }
        return search.Uncalled();
    }

    /// <summary>Most module sources (Bicep module files, Terraform module folders) one side may fetch.</summary>
    internal const int MaxModuleSourcesPerSide = 20;

    /// <summary>
    /// A module call deploys what its source holds, which the PR may not change (main.bicep now passes an A100 to the
    /// unchanged modules/vm.bicep): the local sources of the module calls in the files read are fetched at the same commit
    /// (a Bicep module file; a Terraform module folder's .tf and auto-loaded .tfvars files), with the other files they read
    /// (<see cref="ModuleSources.ReferencedFiles"/>: linked ARM templates, Bicep imports, loadJsonContent and file() paths),
    /// and theirs in turn, at most <see cref="MaxModuleSourcesPerSide"/> per side. A source above the repository root is never asked for; a call whose
    /// source is not fetched stays unknown on its line.
    /// </summary>
    private async Task AddModuleSourcesAsync(string owner, string repo, string sha, Dictionary<string, string> side, CancellationToken cancellationToken)
    {
        var fetched = 0;
        var seen = new HashSet<(string Target, bool Folder)>();
        var queue = new Queue<string>(side.Keys.Order(StringComparer.Ordinal));
        while (queue.Count > 0)
        {
            var path = queue.Dequeue();
            var text = side[path];
            var targets = (path.EndsWith(".bicep", StringComparison.OrdinalIgnoreCase) ? ModuleSources.LocalBicepModules(path, text).Select(t => (t, false))
                : IacReader.IsTerraformFile(path) ? ModuleSources.LocalTerraformFolders(path, text).Select(t => (t, true))
                : []).Concat(ModuleSources.ReferencedFiles(path, text, side).Select(t => (t, false))).ToList();
            foreach (var (target, folder) in targets)
            {
                if (!seen.Add((target, folder))) continue;
                if (folder ? side.Keys.Any(k => IacReader.IsTerraformFile(k) && ModuleSources.FolderOf(k) == target) : side.ContainsKey(target)) continue; // already read
                if (++fetched > MaxModuleSourcesPerSide) return;
                var before = side.Keys.ToHashSet(StringComparer.Ordinal);
                if (folder) await AddFolderContextAsync(owner, repo, target, DeploymentFamily.Terraform, sha, side, cancellationToken).ConfigureAwait(false);
                else if (await github.GetFileAsync(owner, repo, target, sha, cancellationToken).ConfigureAwait(false) is { } module) side[target] = module;
                foreach (var added in side.Keys.Where(k => !before.Contains(k)).Order(StringComparer.Ordinal)) queue.Enqueue(added);
            }
        }
    }

    /// <summary>Most files a folder's unchanged Terraform context may add (each is one API call per side).</summary>
    internal const int MaxContextFilesPerFolder = 50;

    /// <summary>Which files make one deployment with their neighbours: Terraform (a folder is a module: .tf and auto-loaded
    /// .tfvars) or Bicep and ARM (templates and the .bicepparam / .parameters.json files that deploy them).</summary>
    private enum DeploymentFamily { Terraform, Bicep }

    private static DeploymentFamily? FamilyOf(string path) =>
        IacReader.IsTerraformFile(path) || IacReader.IsAutoLoadedVariableFile(path) ? DeploymentFamily.Terraform
        : path.EndsWith(".bicep", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".bicepparam", StringComparison.OrdinalIgnoreCase)
            || path.EndsWith(".json", StringComparison.OrdinalIgnoreCase) ? DeploymentFamily.Bicep // ARM templates and parameters files
        : null;

    /// <summary>The folders of the changed Terraform and Bicep files, with their family, in order.</summary>
    private static IEnumerable<(string Folder, DeploymentFamily Family)> DeploymentFolders(IReadOnlyList<ChangedFile> files, PullRequestConfig config) =>
        files.SelectMany(f => f.PreviousFileName is null ? [f.FileName] : new[] { f.FileName, f.PreviousFileName })
            .Where(p => IsCostBearing(p, config) && FamilyOf(p) is not null)
            .Select(p => (ModuleSources.FolderOf(p), FamilyOf(p)!.Value))
            .Distinct()
            .OrderBy(x => x.Item1, StringComparer.Ordinal).ThenBy(x => x.Item2);

    /// <summary>
    /// A deployment is more than the changed file: the unchanged files beside it declare its variables and set their values
    /// (Terraform's variables.tf and terraform.tfvars; the .bicepparam that deploys a template, or the template a changed
    /// .bicepparam deploys). They are read on both sides, so a PR that changes only main.tf or prod.bicepparam is priced
    /// with the real values (their unchanged resources are in both sides alike: unchanged, not in the diff).
    /// </summary>
    private async Task AddFolderContextAsync(string owner, string repo, string folder, DeploymentFamily family, string sha,
        Dictionary<string, string> side, CancellationToken cancellationToken)
    {
        var listed = await github.ListFolderAsync(owner, repo, folder, sha, cancellationToken).ConfigureAwait(false);
        foreach (var path in listed.Where(p => FamilyOf(p) == family && !side.ContainsKey(p)).Order(StringComparer.Ordinal).Take(MaxContextFilesPerFolder))
        {
            if (await github.GetFileAsync(owner, repo, path, sha, cancellationToken).ConfigureAwait(false) is { } text) side[path] = text;
        }
    }

    /// <summary>What the change does to each team's budget (teams whose resources change cost and that have a budget).</summary>
    private async Task<List<BudgetImpact>> BudgetImpactsAsync(CostEstimate estimate, CostPolicyEvaluator policyEvaluator, CancellationToken cancellationToken)
    {
        var impacts = new List<BudgetImpact>();
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        foreach (var team in estimate.Resources.Where(r => r.DiffMonthlyCost != 0)
                     .GroupBy(r => policyEvaluator.TeamOf(r.HeadResource ?? r.BaseResource!), StringComparer.OrdinalIgnoreCase))
        {
            var ctx = await budgets.GetBudgetContextAsync(team.Key, cancellationToken).ConfigureAwait(false);
            if (ctx is not null) impacts.Add(CostGate.Impact(ctx, team.Sum(r => r.DiffMonthlyCost), today));
        }

        return impacts;
    }

    /// <summary>
    /// The cost approval (the approval label's event), if it still holds. An approval is for the head it was given on: a
    /// push after it (synchronize received after the label was added) needs a new approval, unless the policy says
    /// gate.keepApprovalOnPush. The label is removed so that every later run, and the reviewers, see the same thing.
    /// </summary>
    private async Task<CostApproval?> ApprovalAsync(PullRequestCheckRequest request, PullRequestInfo pr, PullRequestConfig config,
        List<string> notices, CancellationToken cancellationToken)
    {
        var (owner, repo, number) = (request.Owner, request.Repository, request.Number);
        if (!pr.Labels.Contains(config.Gate.ApprovalLabel, StringComparer.OrdinalIgnoreCase)) return null;
        var approval = await github.FindLabelEventAsync(owner, repo, number, config.Gate.ApprovalLabel, cancellationToken).ConfigureAwait(false);
        if (approval is null || !string.Equals(request.Action, "synchronize", StringComparison.OrdinalIgnoreCase)
            || config.Gate.KeepApprovalOnPush || approval.At >= request.ReceivedAt)
            return approval;
        notices.Add($"the cost approval by @{approval.Login} ({approval.At.UtcDateTime:yyyy-MM-dd HH:mm} UTC) was for an earlier commit; "
            + $"a new push needs a new approval (label `{approval.Label}` removed)");
        await github.RemoveLabelAsync(owner, repo, number, config.Gate.ApprovalLabel, cancellationToken).ConfigureAwait(false);
        return null;
    }

    private async Task<CommentAction> UpsertCommentAsync(string owner, string repo, int number, string headSha, DateTimeOffset startedAt,
        string body, bool quiet, CancellationToken ct)
    {
        var comments = await github.ListCommentsAsync(owner, repo, number, ct).ConfigureAwait(false);
        // Only the check's own comment counts: anyone can post a comment that carries the marker and a later stamp, and
        // it must neither be edited nor taken for a newer run (which would keep the cost comment from ever updating).
        var own = await github.GetOwnLoginAsync(ct).ConfigureAwait(false);
        var existing = comments.Where(c => string.Equals(c.Author, own, StringComparison.OrdinalIgnoreCase)
                && c.Body.StartsWith(CostCommentRenderer.Marker, StringComparison.Ordinal))
            .OrderByDescending(c => c.CreatedAt).ThenByDescending(c => c.Id).FirstOrDefault();
        if (existing is null)
        {
            if (quiet) return CommentAction.SkippedQuiet;
            await github.CreateCommentAsync(owner, repo, number, body, ct).ConfigureAwait(false);
            return CommentAction.Created;
        }
        var (sha, at) = CostCommentRenderer.ReadStamp(existing.Body);
        if (at > startedAt && !string.Equals(sha, headSha, StringComparison.OrdinalIgnoreCase)) return CommentAction.SkippedNewerRun;
        if (WithoutStamp(existing.Body) == WithoutStamp(body)) return CommentAction.SkippedIdentical;
        await github.UpdateCommentAsync(owner, repo, existing.Id, body, ct).ConfigureAwait(false);
        return CommentAction.Updated;
    }

    private static string WithoutStamp(string body) =>
        System.Text.RegularExpressions.Regex.Replace(body.ReplaceLineEndings("\n"), @"<!-- guardrails:head=[^>]*-->\n?", "");

    private static bool IsCostBearing(string path, PullRequestConfig config) =>
        IacReader.IsCostBearingPath(path) && !IsConfigFile(path) && !IsUsageFile(path)
        && (config.Paths.Count == 0 || config.Paths.Any(p => path.StartsWith(p, StringComparison.Ordinal)));
}

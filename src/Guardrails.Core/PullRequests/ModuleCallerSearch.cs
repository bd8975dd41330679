using Guardrails.Core.PullRequests.Iac;

namespace Guardrails.Core.PullRequests;

/// <summary>
/// A PR that changes only a module (<c>modules/gpu-vm.bicep</c>, <c>modules/gpu/main.tf</c>) deploys it through the files that
/// call it, with the values they pass (<c>count = 8</c>, a bigger size): priced on its own, with its defaults, it could
/// understate badly. For each changed Bicep file or Terraform folder that may be a module and that no file read calls, the
/// repository's tree at the same commit is listed and files of the same language are read (files outside <c>modules</c>
/// folders first, then nearest folders first), at most
/// <see cref="MaxFilesReadPerSide"/> per side; those whose local module sources resolve to it are added (and searched in
/// turn). A module no caller was found for is priced with its own defaults and says so on its resources' lines.
/// </summary>
internal sealed class ModuleCallerSearch(IGitHubPullRequestApi github, string owner, string repo, string sha, Dictionary<string, string> side)
{
    /// <summary>Most candidate files one side reads while looking for callers.</summary>
    internal const int MaxFilesReadPerSide = 20;

    private readonly Dictionary<string, string?> _read = new(StringComparer.Ordinal);
    private RepositoryTree? _tree;
    private bool _stopped;

    /// <summary>The targets searched: a Bicep file's path, or a Terraform folder as <c>folder/</c>.</summary>
    private readonly List<string> _searched = [];

    /// <summary>Looks for the callers of the changed paths that may be modules; returns the callers added to the side.</summary>
    public async Task<List<string>> AddCallersAsync(IEnumerable<string> changed, CancellationToken cancellationToken)
    {
        var added = new List<string>();
        foreach (var target in Targets(changed))
        {
            _searched.Add(target);
            foreach (var caller in await CallersAsync(target, cancellationToken).ConfigureAwait(false))
                if (side.TryAdd(caller, _read[caller]!)) added.Add(caller);
        }
        return added;
    }

    /// <summary>The note for each searched module that is still called by nothing read (priced with its own defaults).</summary>
    public Dictionary<string, string> Uncalled()
    {
        var calledBicep = ModuleSources.CalledBicepFiles(side);
        var calledFolders = TerraformModules.CalledFolders(side);
        var limits = (_stopped ? $"; the search stopped after reading {MaxFilesReadPerSide} files" : "")
            + (_tree?.Truncated == true ? "; GitHub listed only part of the repository" : "");
        return _searched.Where(t => t.EndsWith('/') ? !calledFolders.ContainsKey(t[..^1]) : !calledBicep.ContainsKey(t))
            .ToDictionary(t => t, t => $"priced with its own {(t.EndsWith('/') ? "variable" : "parameter")} defaults: no file in the repository "
                + $"that calls it as a module was found ({_read.Count} file{(_read.Count == 1 ? "" : "s")} read{limits}); a caller may pass other values (a bigger size, more instances)",
                StringComparer.Ordinal);
    }

    /// <summary>The changed Bicep files and Terraform folders (as <c>folder/</c>) on this side that may be modules and that no
    /// file read calls yet.</summary>
    private List<string> Targets(IEnumerable<string> changed)
    {
        var present = changed.Where(side.ContainsKey).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var deployed = IacReader.DeployedTemplates(side);
        var calledBicep = ModuleSources.CalledBicepFiles(side);
        var calledFolders = TerraformModules.CalledFolders(side);
        var bicep = present.Where(p => p.EndsWith(".bicep", StringComparison.OrdinalIgnoreCase) && !deployed.Contains(p) && !calledBicep.ContainsKey(p)
            && ModuleSources.MayBeBicepModule(p, side[p]));
        var folders = present.Where(IacReader.IsTerraformFile).Select(ModuleSources.FolderOf).Distinct(StringComparer.Ordinal)
            .Where(f => !calledFolders.ContainsKey(f) && ModuleSources.MayBeTerraformModule(f, TerraformFilesIn(f)))
            .Select(f => f + "/");
        return [.. bicep.Concat(folders).Where(t => !_searched.Contains(t))];
    }

    private IEnumerable<(string Path, string Text)> TerraformFilesIn(string folder) =>
        side.Where(f => IacReader.IsTerraformFile(f.Key) && ModuleSources.FolderOf(f.Key) == folder).Select(f => (f.Key, f.Value));

    /// <summary>The files that call <paramref name="target"/>, read from the tree nearest first within the side's budget.</summary>
    private async Task<List<string>> CallersAsync(string target, CancellationToken cancellationToken)
    {
        _tree ??= await github.ListTreeAsync(owner, repo, sha, cancellationToken).ConfigureAwait(false);
        var folder = target.EndsWith('/');
        var targetFolder = folder ? target[..^1] : ModuleSources.FolderOf(target);
        var candidates = _tree.Files
            .Where(p => ModuleSources.IsPlainPath(p) && !side.ContainsKey(p)
                && (folder ? IacReader.IsTerraformFile(p) && ModuleSources.FolderOf(p) != targetFolder : p.EndsWith(".bicep", StringComparison.OrdinalIgnoreCase)))
            .OrderBy(p => ModuleSources.InModulesFolder(p)) // callers are mostly roots: the other modules after them
            .ThenBy(p => Distance(ModuleSources.FolderOf(p), targetFolder)).ThenBy(p => p, StringComparer.Ordinal);
        var callers = new List<string>();
        foreach (var path in candidates)
        {
            if (!_read.ContainsKey(path))
            {
                if (_read.Count >= MaxFilesReadPerSide) { _stopped = true; break; }
                _read[path] = await github.GetFileAsync(owner, repo, path, sha, cancellationToken).ConfigureAwait(false);
            }
            if (_read[path] is { } text && Calls(path, text, target)) callers.Add(path);
        }
        return callers;
    }

    private static bool Calls(string path, string text, string target) => target.EndsWith('/')
        ? ModuleSources.LocalTerraformFolders(path, text).Contains(target[..^1], StringComparer.Ordinal)
        : ModuleSources.LocalBicepModules(path, text).Contains(target, StringComparer.Ordinal);

    /// <summary>How many folder steps lead from one folder to the other (up to their common folder, then down).</summary>
    private static int Distance(string a, string b)
    {
        var (x, y) = (a.Split('/', StringSplitOptions.RemoveEmptyEntries), b.Split('/', StringSplitOptions.RemoveEmptyEntries));
        var common = 0;
        while (common < x.Length && common < y.Length && x[common] == y[common]) common++;
        return x.Length + y.Length - 2 * common;
    }

}

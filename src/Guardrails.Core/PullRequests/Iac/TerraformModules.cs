namespace Guardrails.Core.PullRequests.Iac;

/// <summary>How many module files one file's calls have made the reader read (calls × their instances × nesting), the
/// file's evaluator, whose step limit the modules' evaluators share, and the Bicep registry modules fetched for the read
/// (compiled ARM templates by <see cref="BicepRegistryReference.Key"/>).</summary>
internal sealed class ModuleReads
{
    public int Count { get; set; }
    public ExprEvaluator? First { get; set; }
    public IReadOnlyDictionary<string, string>? Registry { get; init; }
}

/// <summary>
/// A Terraform <c>module</c> call whose source is a folder among the files read (<c>source = "./gpu"</c>,
/// <c>"../.."</c>): its resources are read from that folder with the values the call passes (evaluated in the caller;
/// one known only at apply is unknown with that reason), times the call's <c>count</c>/<c>for_each</c> (per instance
/// when the values depend on it), named <c>module.NAME.resource</c> (after the calling folder, <c>envs/prod/module.NAME.resource</c>). As ARM nested deployments are read; the folder is
/// then not priced again on its own (<see cref="CalledFolders"/>).
/// </summary>
internal static class TerraformModules
{
    /// <summary>How deep module calls are followed (a module that calls itself stops here with an error on the call's line).</summary>
    public const int MaxDepth = 10;

    /// <summary>Module files one file's calls may make the reader read: a hostile file of for_each calls nested in for_each
    /// calls would otherwise multiply the work at every level.</summary>
    public const int MaxReads = 500;

    private static readonly HashSet<string> s_metaArguments = ["source", "version", "count", "for_each", "providers", "depends_on"];

    /// <summary>Whether the call was read here (false: its source is not a folder among the files, nor a registry or git module
    /// <c>terraform init</c> installed among them (<see cref="TerraformInstalledModules"/>); it is listed instead).</summary>
    public static bool Expand(string file, HclBlock call, ExprEvaluator eval, IReadOnlyDictionary<string, string> tree, ModuleReads reads, int depth,
        IacParseResult result)
    {
        var name = call.Labels[0];
        if (eval.Evaluate(call.Attr("source")).AsString() is not { } source
            || (Folder(file, source) ?? (ModuleSources.IsLocalTerraform(source) ? null : TerraformInstalledModules.Folder(tree, file, name))) is not { } folder)
            return false;
        var files = tree.Where(f => IacReader.IsTerraformFile(f.Key) && ModuleSources.FolderOf(f.Key) == folder).OrderBy(f => f.Key, StringComparer.Ordinal).ToList();
        if (files.Count == 0) return false;
        if (depth >= MaxDepth)
        {
            result.Errors.Add(new IacFileError(file, call.Line, $"module `{name}`: modules nested deeper than {MaxDepth} levels"));
            return true;
        }

        var instances = TerraformInstances.Of(call, eval);
        if (instances.Unknown is null && instances.Count == 0) return true; // count = 0: nothing deployed
        // A root configuration's calls are named with its folder: two example folders may both call their module "aks".
        var root = depth == 0 && ModuleSources.FolderOf(file) is { Length: > 0 } callerFolder ? callerFolder + "/" : "";
        var readings = instances.Each?.Select(i => ($"{root}module.{name}[{i.Key}]", i.Eval)).ToList() ?? [($"{root}module.{name}", eval)];
        foreach (var (prefix, scope) in readings)
        {
            var passed = Passed(call, scope, name);
            foreach (var (path, text) in files)
            {
                if (++reads.Count > MaxReads)
                {
                    result.Errors.Add(new IacFileError(file, call.Line, $"module `{name}`: more than {MaxReads} module files to read (module calls × their instances): not estimated"));
                    return true;
                }
                var read = TerraformReader.Read(path, text, files.Where(f => f.Key != path).Select(f => f.Value), [], tree, passed, reads, depth + 1);
                foreach (var r in read.Resources) result.Resources.Add(Scaled(r with { Name = $"{prefix}.{r.Name}", Via = [IacResource.ViaCall(file, name), .. r.Via] }, instances, name));
                result.Skipped.AddRange(read.Skipped);
                result.Errors.AddRange(read.Errors);
                result.Computes.AddRange(read.Computes);
            }
        }
        return true;
    }

    /// <summary>A resource read once for all the call's instances: times their number, or unpriced when it is unknown.</summary>
    private static IacResource Scaled(IacResource r, TerraformInstances instances, string name)
    {
        if (instances.Unknown is { } unknown) return r with { Sku = null, UnresolvedReason = r.UnresolvedReason ?? $"module `{name}` {unknown}" };
        if (instances.Each is not null) return r;
        var n = instances.Count;
        return r with { Quantity = r.Quantity * n, MinNodes = r.MinNodes * n, MaxNodes = r.MaxNodes * n };
    }

    /// <summary>The call's arguments as the module's variables: known values as they are, the rest unknown with the reason.</summary>
    private static Dictionary<string, Expr> Passed(HclBlock call, ExprEvaluator eval, string name)
    {
        var passed = new Dictionary<string, Expr>(StringComparer.Ordinal);
        foreach (var (key, value) in call.Attributes)
        {
            if (s_metaArguments.Contains(key)) continue;
            var r = eval.Evaluate(value);
            passed[key] = r.IsKnown ? new LiteralExpr(r.Value, value.Line) : new UnknownExpr($"value passed by module `{name}`: {r.Unresolved}", value.Line);
        }
        return passed;
    }

    /// <summary>The folders that local module calls of the other folders read (each is priced through its callers, not on its own).</summary>
    public static IReadOnlyDictionary<string, string> CalledFolders(IReadOnlyDictionary<string, string> files)
    {
        var called = new Dictionary<string, string>(StringComparer.Ordinal); // folder → a file that calls it
        var folders = files.Keys.Where(IacReader.IsTerraformFile).Select(ModuleSources.FolderOf).ToHashSet(StringComparer.Ordinal);
        foreach (var (path, text) in files.Where(f => IacReader.IsTerraformFile(f.Key)).OrderBy(f => f.Key, StringComparer.Ordinal))
        {
            List<HclBlock> blocks;
            try { blocks = TerraformReader.Blocks(text, path); }
            catch (IacSyntaxException) { continue; } // reported when the file is read
            foreach (var call in blocks.Where(b => b.Type == "module" && b.Labels.Count == 1))
                if (call.Attr("source") is LiteralExpr { Value: string source } && Folder(path, source) is { } folder
                    && folder != ModuleSources.FolderOf(path) && folders.Contains(folder))
                    called.TryAdd(folder, path);
        }
        return called;
    }

    /// <summary>A local source ("./gpu", "../..") as a folder of the change, '/'-separated; null for a registry or remote
    /// source, or one that leaves the files read.</summary>
    public static string? Folder(string file, string source) =>
        ModuleSources.IsLocalTerraform(source) ? ModuleSources.Resolve(file, source) : null;
}

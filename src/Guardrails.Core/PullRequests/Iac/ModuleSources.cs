namespace Guardrails.Core.PullRequests.Iac;

/// <summary>
/// Where a module call's source is: a path in this repository (resolved from the calling file's folder, '/'-separated),
/// or a registry, template spec or remote source that this check does not read. A call that is not expanded is unknown
/// on its line (<see cref="NotRead"/>): what it deploys is never free.
/// </summary>
public static partial class ModuleSources
{
    /// <summary>The folder of a repository path, '/'-separated ("" at the root): <c>infra/modules/vm.bicep</c> → <c>infra/modules</c>.</summary>
    public static string FolderOf(string path)
    {
        var normalised = path.Replace('\\', '/');
        var i = normalised.LastIndexOf('/');
        return i < 0 ? "" : normalised[..i];
    }

    /// <summary><paramref name="relative"/> resolved from the folder of <paramref name="file"/>; null when it climbs above the
    /// repository root (<c>../../..</c> from a shallow file).</summary>
    public static string? Resolve(string file, string relative)
    {
        var parts = FolderOf(file).Split('/', StringSplitOptions.RemoveEmptyEntries).ToList();
        foreach (var part in relative.Replace('\\', '/').Split('/'))
        {
            if (part is "." or "") continue;
            if (part == "..")
            {
                if (parts.Count == 0) return null; // above the root of the repository
                parts.RemoveAt(parts.Count - 1);
                continue;
            }
            parts.Add(part);
        }
        return string.Join('/', parts);
    }

    /// <summary>How the file functions of <paramref name="file"/> read (<see cref="ExprEvaluator.ReadingFiles"/>): a path
    /// relative to its folder, from the files read; null when there are none (every read is unknown).</summary>
    public static Func<string, (string? Text, string? NotRead)>? Reader(string file, IReadOnlyDictionary<string, string>? tree) =>
        tree is null ? null : path => Resolve(file, path) is not { } resolved
            ? (null, $"`{path}` points above the root of the files read")
            : tree.TryGetValue(resolved, out var text) ? (text, null) : (null, $"`{path}` ({resolved}) is not among the files read");

    /// <summary>A Bicep module path in this repository (not <c>br:</c>, <c>br/alias:</c>, <c>ts:</c>, <c>ts/alias:</c>).</summary>
    public static bool IsLocalBicep(string source) =>
        !(source.StartsWith("br:", StringComparison.Ordinal) || source.StartsWith("br/", StringComparison.Ordinal)
          || source.StartsWith("ts:", StringComparison.Ordinal) || source.StartsWith("ts/", StringComparison.Ordinal));

    /// <summary>A Terraform local path (<c>./x</c>, <c>../x</c>, <c>.</c>, <c>..</c>).</summary>
    public static bool IsLocalTerraform(string source) =>
        source.StartsWith("./", StringComparison.Ordinal) || source.StartsWith("../", StringComparison.Ordinal) || source is "." or "..";

    /// <summary>A Terraform registry address (<c>NAMESPACE/NAME/PROVIDER</c>, optionally after a host name).</summary>
    private static bool IsTerraformRegistry(string source)
    {
        if (source.Contains(':', StringComparison.Ordinal) || source.StartsWith("github.com/", StringComparison.OrdinalIgnoreCase)
            || source.StartsWith("bitbucket.org/", StringComparison.OrdinalIgnoreCase)) return false;
        var parts = source.Split('/');
        return parts.Length is 3 or 4 && parts.All(p => p.Length > 0);
    }

    /// <summary>The Bicep files that a Bicep file's local module calls name, resolved (paths above the root left out: they
    /// stay unknown on their lines); empty when the file does not parse (it is reported when read).</summary>
    public static IReadOnlyList<string> LocalBicepModules(string file, string text)
    {
        try
        {
            return new BicepParser(new BicepLexer(text).Tokenize(), file).ParseFile()
                .Where(s => s.Kind == "module" && s.TypeString is { } source && IsLocalBicep(source))
                .Select(s => Resolve(file, s.TypeString!)).OfType<string>().Where(p => p.Length > 0 && IsPlainPath(p)).Distinct(StringComparer.Ordinal).ToList();
        }
        catch (IacSyntaxException) { return []; }
    }

    /// <summary>The registry modules (<c>br/public:…</c>, <c>br:host/…</c>) a Bicep file's module calls name; empty when the file
    /// does not parse (it is reported when read).</summary>
    public static IReadOnlyList<BicepRegistryReference> RegistryBicepModules(string file, string text)
    {
        try
        {
            return new BicepParser(new BicepLexer(text).Tokenize(), file).ParseFile()
                .Where(s => s.Kind == "module" && s.TypeString is { } source && !IsLocalBicep(source))
                .Select(s => BicepRegistryReference.TryParse(s.TypeString!)).OfType<BicepRegistryReference>().Distinct().ToList();
        }
        catch (IacSyntaxException) { return []; }
    }

    /// <summary>The folders that a Terraform file's local module calls name (<c>source = "./x"</c>, <c>"../x"</c>), resolved.</summary>
    public static IReadOnlyList<string> LocalTerraformFolders(string file, string text)
    {
        try
        {
            return TerraformReader.Blocks(text, file).Where(b => b.Type == "module" && b.Labels.Count == 1)
                .Select(b => b.Attr("source") is LiteralExpr { Value: string source } ? TerraformModules.Folder(file, source) : null)
                .OfType<string>().Where(IsPlainPath).Distinct(StringComparer.Ordinal).ToList();
        }
        catch (IacSyntaxException) { return []; }
    }

    /// <summary>
    /// The other files of the repository a file reads when it is deployed, beyond its module calls: a Bicep file's
    /// <c>import … from</c> sources and <c>loadJsonContent</c>/<c>loadTextContent</c> paths, a Terraform file's
    /// <c>file("…")</c> paths, an ARM template's linked templates and parameter files (<paramref name="side"/>: the files
    /// read so far, which the template's values may come from). Only paths written out (or, for ARM, resolved from the
    /// template's values) are found; the pull-request check fetches them so that what they hold is priced.
    /// </summary>
    public static IReadOnlyList<string> ReferencedFiles(string file, string text, IReadOnlyDictionary<string, string> side)
    {
        var paths = new List<string>();
        if (file.EndsWith(".bicep", StringComparison.OrdinalIgnoreCase))
        {
            try
            {
                paths.AddRange(new BicepParser(new BicepLexer(text).Tokenize(), file).ParseFile()
                    .Where(s => s.Kind == "import" && s.TypeString is { } source && IsLocalBicep(source)).Select(s => s.TypeString!));
            }
            catch (IacSyntaxException) { /* reported when it is read */ }
            paths.AddRange(LoadCall().Matches(text).Select(m => m.Groups["path"].Value));
        }
        else if (IacReader.IsTerraformFile(file))
            paths.AddRange(FileCall().Matches(text).Select(m => m.Groups["path"].Value));
        else if (file.EndsWith(".json", StringComparison.OrdinalIgnoreCase) && ArmTemplateReader.LooksLikeArmTemplate(text))
        {
            var linked = new HashSet<string>(StringComparer.Ordinal);
            ArmTemplateReader.Read(file, text, null, side, linked, wanted: true);
            return [.. linked.Where(p => p.Length > 0 && IsPlainPath(p)).Order(StringComparer.Ordinal)];
        }
        return [.. paths.Select(p => Resolve(file, p)).OfType<string>().Where(p => p.Length > 0 && IsPlainPath(p)).Distinct(StringComparer.Ordinal)];
    }

    [System.Text.RegularExpressions.GeneratedRegex("""load(?:Json|Text|Yaml)Content\(\s*'(?<path>[^'$]+)'""")]
    private static partial System.Text.RegularExpressions.Regex LoadCall();

    [System.Text.RegularExpressions.GeneratedRegex("""\bfile\(\s*"(?:\$\{path\.(?:module|root|cwd)\}/)?(?<path>[^"$]+)"\s*\)""")]
    private static partial System.Text.RegularExpressions.Regex FileCall();

    /// <summary>The Bicep files among <paramref name="files"/> that the local module calls of the files read reach (file →
    /// a file that calls it): each is priced through its callers, with the values they pass, not on its own. Only what a file
    /// that nobody calls reaches counts, so files that call each other in a loop are still read (and stop at the depth limit).</summary>
    public static IReadOnlyDictionary<string, string> CalledBicepFiles(IReadOnlyDictionary<string, string> files)
    {
        var bicep = files.Where(f => f.Key.EndsWith(".bicep", StringComparison.OrdinalIgnoreCase)).OrderBy(f => f.Key, StringComparer.Ordinal).ToList();
        return CalledFromRoots(bicep.ToDictionary(f => f.Key, f => LocalBicepModules(f.Key, f.Value).Where(t => t != f.Key && files.ContainsKey(t)).ToList(), StringComparer.Ordinal));
    }

    /// <summary>
    /// The files read through a call (file → the files it calls, in order), each with its first caller, reached from the
    /// roots: the files no other file calls. Files only in a cycle of calls are reached from no root and stay roots
    /// themselves, so that nothing is left unread.
    /// </summary>
    public static IReadOnlyDictionary<string, string> CalledFromRoots(IReadOnlyDictionary<string, List<string>> calls)
    {
        var calledAtAll = calls.Values.SelectMany(t => t).ToHashSet(StringComparer.Ordinal);
        var reached = new Dictionary<string, string>(StringComparer.Ordinal);
        var queue = new Queue<string>(calls.Keys.Where(k => !calledAtAll.Contains(k)));
        while (queue.Count > 0)
        {
            var caller = queue.Dequeue();
            foreach (var target in calls.GetValueOrDefault(caller) ?? [])
                if (reached.TryAdd(target, caller)) queue.Enqueue(target);
        }
        return reached;
    }

    /// <summary>A path that is safe to ask for (no query, fragment, escape, drive or control characters): anything else
    /// from a pull request's files is never sent to the API (the call stays unknown).</summary>
    internal static bool IsPlainPath(string path) =>
        path.All(c => !char.IsControl(c) && c is not ('?' or '#' or '%' or ':' or '\\' or '*'));

    /// <summary>
    /// Whether a Bicep file that nothing read calls may be a module of another file: it sits under a <c>modules</c> folder, or
    /// it declares a parameter without a default (it cannot be deployed without a value from somewhere). A file that does not
    /// parse is left to its reader.
    /// </summary>
    public static bool MayBeBicepModule(string path, string text)
    {
        if (InModulesFolder(path)) return true;
        try { return new BicepParser(new BicepLexer(text).Tokenize(), path).ParseFile().Any(s => s.Kind == "param" && s.Value is null); }
        catch (IacSyntaxException) { return false; }
    }

    /// <summary>
    /// Whether a Terraform folder may be a module of another: it configures no provider and no backend (a root does), and it
    /// sits under a <c>modules</c> folder or declares a variable (its inputs; a root's variables sit beside its provider).
    /// </summary>
    public static bool MayBeTerraformModule(string folder, IEnumerable<(string Path, string Text)> files)
    {
        var blocks = new List<HclBlock>();
        foreach (var (path, text) in files)
        {
            try { blocks.AddRange(TerraformReader.Blocks(text, path)); }
            catch (IacSyntaxException) { /* reported when the file is read */ }
        }
        if (blocks.Any(b => b.Type == "provider" || (b.Type == "terraform" && (b.Block("backend") ?? b.Block("cloud")) is not null))) return false;
        return InModulesFolder(folder + "/") || blocks.Any(b => b.Type == "variable");
    }

    /// <summary>Whether a path is under a <c>modules</c> (or <c>module</c>) folder.</summary>
    internal static bool InModulesFolder(string path)
    {
        var parts = path.Replace('\\', '/').Split('/');
        return parts[..^1].Any(p => p.Equals("modules", StringComparison.OrdinalIgnoreCase) || p.Equals("module", StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>Why a Terraform module call is not expanded (its source not read).</summary>
    public static string TerraformReason(string file, string name, string? source, string? unknownSource)
    {
        if (source is null) return $"module `{name}`: its source is not known ({unknownSource ?? "not a string"}): its resources are not priced";
        if (IsLocalTerraform(source))
            return Resolve(file, source) is null
                ? $"module `{name}` ({source}) points above the root of the files read: its resources are not priced"
                : $"module `{name}` ({source}) is not among the files read: its resources are not priced";
        return IsTerraformRegistry(source)
            ? $"registry module `{name}` ({source}) is not read: its resources are not priced"
            : $"module `{name}` ({source}) is outside this repository and is not read: its resources are not priced";
    }

    /// <summary>Why a Bicep module call is not expanded (its file not read, or a registry / template spec module).</summary>
    public static string BicepReason(string file, string name, string source)
    {
        if (source.StartsWith("br", StringComparison.Ordinal)) return $"registry module `{name}` ({source}) is not read: its resources are not priced";
        if (source.StartsWith("ts", StringComparison.Ordinal)) return $"template spec module `{name}` ({source}) is not read: its resources are not priced";
        return Resolve(file, source) is null
            ? $"module `{name}` ({source}) points above the root of the files read: its resources are not priced"
            : $"module `{name}` ({source}) is not among the files read: its resources are not priced";
    }

    /// <summary>A module call that is not expanded: an unknown item on its line (listed as not priced, failing the gate
    /// unless <c>onUnpriced: warn</c>), never $0.</summary>
    public static IacResource NotRead(string file, string name, string? source, int line, string reason) => new()
    {
        File = file,
        Name = name,
        Type = $"module {source ?? "?"}",
        Line = line,
        UnresolvedReason = reason,
        Via = [IacResource.ViaCall(file, name)],
    };
}


namespace Guardrails.Core.PullRequests.Iac;

/// <summary>
/// A Bicep <c>module</c> call. A local module whose file is among the files read is read with the <c>params</c> the call passes
/// (evaluated in the caller; one that cannot be known stays unknown with the reason), its resources named
/// <c>MODULE/resource</c> (<c>MODULE[i]/resource</c> per loop element when the values depend on it), times the call's
/// loop count; <c>if</c> false deploys nothing. A local module whose file is not read, a registry (<c>br:</c>,
/// <c>br/alias:</c>) or template spec (<c>ts:</c>) module is unknown on its line. As <see cref="TerraformModules"/> for Terraform.
/// </summary>
internal static class BicepModules
{
    /// <summary>Reads the call <paramref name="s"/> of <paramref name="file"/> into <paramref name="result"/>.</summary>
    public static void Read(string file, BicepReader.Statement s, ExprEvaluator eval, IReadOnlyDictionary<string, string>? tree, ModuleReads reads,
        int depth, IacParseResult result)
    {
        var unwrapped = BicepReader.Unwrap(s.Value, eval);
        if (unwrapped.NotDeployed || (unwrapped.CountUnknown is null && unwrapped.Count == 0)) return; // nothing deployed
        var source = s.TypeString ?? "?";
        var (path, moduleText, registry) = ModuleText(file, source, tree, reads);
        if (moduleText is null)
        {
            result.Resources.Add(ModuleSources.NotRead(file, s.Name, source, s.Line, ModuleSources.BicepReason(file, s.Name, source)));
            return;
        }
        if (depth >= BicepReader.MaxModuleDepth)
        {
            result.Errors.Add(new IacFileError(file, s.Line, $"module `{s.Name}`: modules nested deeper than {BicepReader.MaxModuleDepth} levels"));
            return;
        }

        // A calling file's calls are named after it (not main.bicep: its folder), so envs/dev/main.bicep and
        // envs/prod/main.bicep that both call `module gpu` stay apart.
        var paramsExpr = (unwrapped.Body as ObjectExpr)?.Get("params");
        var perElement = unwrapped.Loop is { } loop && unwrapped.Elements is { } elements && elements.Count <= IacInstances.MaxExpanded
            && (BicepReader.DependsOnElement(paramsExpr, loop) || BicepReader.DependsOnElement(unwrapped.Filter, loop));
        foreach (var (prefix, scope, readingNote) in ModuleReadings(s, unwrapped, eval, perElement, depth == 0 ? RootPrefix(file) : ""))
        {
            if (++reads.Count > BicepReader.MaxModuleReads)
            {
                result.Errors.Add(new IacFileError(file, s.Line, $"module `{s.Name}`: more than {BicepReader.MaxModuleReads} module files to read (module calls × their loop elements): not estimated"));
                return;
            }
            var passed = PassedParams(s.Name, paramsExpr, scope, out var unknownParams);
            var read = registry is null ? BicepReader.Read(path!, moduleText, passed, tree, reads, depth + 1) : FromRegistry(file, s, registry, moduleText, passed);
            foreach (var r in read.Resources)
                result.Resources.Add(ModuleResource(s.Name, r with { Name = $"{prefix}/{r.Name}", Notes = readingNote is null ? r.Notes : [.. r.Notes, readingNote], Via = [IacResource.ViaCall(file, s.Name), .. r.Via] },
                    unknownParams, perElement, unwrapped));
            result.Skipped.AddRange(read.Skipped);
            result.Errors.AddRange(read.Errors);
            result.Computes.AddRange(read.Computes);
        }
    }

    /// <summary>The called module's text: a local file among the files read (with its path), or a registry module's compiled
    /// ARM template fetched for this read (with its reference); no text when it is neither.</summary>
    private static (string? Path, string? Text, BicepRegistryReference? Registry) ModuleText(string file, string source,
        IReadOnlyDictionary<string, string>? tree, ModuleReads reads)
    {
        if (ModuleSources.IsLocalBicep(source))
            return ModuleSources.Resolve(file, source) is { } path && tree is not null && tree.TryGetValue(path, out var text) ? (path, text, null) : (null, null, null);
        return BicepRegistryReference.TryParse(source) is { } reference && reads.Registry is { } registry && registry.TryGetValue(reference.Key, out var template)
            ? (null, template, reference)
            : (null, null, null);
    }

    /// <summary>A registry module's compiled template read with the values passed. What it deploys is shown on the call's
    /// line (the template is not a file of the repository), with the module it came from.</summary>
    private static IacParseResult FromRegistry(string file, BicepReader.Statement s, BicepRegistryReference reference, string template,
        Dictionary<string, Expr?> passed)
    {
        var read = ArmTemplateReader.Read(reference.Key, template, passed);
        var onCall = new IacParseResult();
        var from = $"from the registry module {reference.Key}";
        onCall.Resources.AddRange(read.Resources.Select(r => r with { File = file, Line = s.Line, Notes = [.. r.Notes, from] }));
        onCall.Skipped.AddRange(read.Skipped.Select(x => x with { File = file }));
        onCall.Errors.AddRange(read.Errors.Select(e => new IacFileError(file, s.Line, $"registry module `{s.Name}` ({reference.Key}): {e.Message}")));
        onCall.Computes.AddRange(read.Computes);
        return onCall;
    }

    /// <summary>How a module call is read: once (named <c>MODULE</c>), or once per loop element its values depend on
    /// (<c>MODULE[i]</c>, the element and index bound; elements its <c>if</c> rules out are left out).</summary>
    private static List<(string Prefix, ExprEvaluator Scope, string? Note)> ModuleReadings(BicepReader.Statement s, BicepReader.Unwrapped unwrapped, ExprEvaluator eval,
        bool perElement, string root)
    {
        var readings = new List<(string Prefix, ExprEvaluator Scope, string? Note)>();
        if (!perElement)
        {
            readings.Add(($"{root}{s.Name}", eval, unwrapped.Filter is null ? unwrapped.Note : BicepReader.DeployedWhen));
            return readings;
        }

        for (var i = 0; i < unwrapped.Elements!.Count; i++)
        {
            var (element, position) = (unwrapped.Elements[i], (decimal)i);
            var bound = eval.With((expr, _) => expr is RefExpr r
                ? r.Name == unwrapped.Loop!.Item ? Resolved.Of(element) : r.Name == unwrapped.Loop.Index ? Resolved.Of(position) : null
                : null);
            var filter = unwrapped.Filter is null ? Resolved.Of(true) : bound.Evaluate(unwrapped.Filter);
            if (filter.Value is false) continue;
            readings.Add(($"{root}{s.Name}[{i}]", bound, filter.Value is true ? unwrapped.Note : BicepReader.DeployedWhen));
        }
        return readings;
    }

    /// <summary>The values a module call passes, evaluated in the caller: a value that cannot be known stays unknown with its
    /// reason; <paramref name="unknownParams"/> says why when <c>params</c> as a whole cannot be known.</summary>
    private static Dictionary<string, Expr?> PassedParams(string module, Expr? paramsExpr, ExprEvaluator scope, out string? unknownParams)
    {
        Dictionary<string, Expr?> passed = new(StringComparer.Ordinal);
        unknownParams = null;
        if (paramsExpr is null) return passed;
        var values = scope.Evaluate(paramsExpr);
        if (values.Value is IReadOnlyDictionary<string, object?> d)
            foreach (var (key, value) in d)
                passed[key] = value is UnknownValue u
                    ? new UnknownExpr($"value passed by module `{module}`: {u.Reason}", paramsExpr.Line)
                    : new LiteralExpr(value, paramsExpr.Line);
        else unknownParams = values.Unresolved ?? "`params` is not an object";
        return passed;
    }

    /// <summary>A module's resource as the call deploys it: unknown when the values passed or the loop count are, else times the count.</summary>
    private static IacResource ModuleResource(string module, IacResource named, string? unknownParams, bool perElement, BicepReader.Unwrapped unwrapped) =>
        unknownParams is not null
            ? named with { Sku = null, UnresolvedReason = named.UnresolvedReason ?? $"the values module `{module}` passes are not known: {unknownParams}" }
            : perElement ? named
            : unwrapped.CountUnknown is { } countUnknown ? named with { Sku = null, UnresolvedReason = named.UnresolvedReason ?? $"module `{module}` {countUnknown}" }
            : unwrapped.Count is { } n ? named with { Quantity = named.Quantity * n, MinNodes = named.MinNodes * n, MaxNodes = named.MaxNodes * n }
            : named;

    /// <summary>How a calling file's module resources are named: <c>""</c> for main.bicep at the root, its folder for another
    /// main.bicep (<c>envs/prod/</c>), its path without <c>.bicep</c> otherwise (<c>dev/</c>, <c>infra/dev/</c>).</summary>
    private static string RootPrefix(string file)
    {
        var path = file.Replace('\\', '/');
        var stem = path.EndsWith(".bicep", StringComparison.OrdinalIgnoreCase) ? path[..^".bicep".Length] : path;
        var prefix = stem == "main" ? "" : stem.EndsWith("/main", StringComparison.Ordinal) ? stem[..^"/main".Length] : stem;
        return prefix.Length == 0 ? "" : prefix + "/";
    }

}

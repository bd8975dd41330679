namespace Guardrails.Core.PullRequests.Iac;

/// <summary>
/// Bicep's compile-time imports (<c>import {gpuSize, pools as p} from 'shared.bicep'</c>, <c>import * as cfg from
/// 'shared.bicep'</c>): the exported variables of another file of the repository, evaluated in that file (with its own
/// variables and imports) and given to the importing file as known values, as the Bicep compiler inlines them. A file that
/// is not among the files read (a registry, above the root), a name it does not declare, or a value that cannot be known
/// stays unknown with the reason.
/// </summary>
internal static class BicepImports
{
    /// <summary>How deep imports of imports are followed (a cycle stops here, unknown).</summary>
    private const int MaxDepth = 5;

    /// <summary>The imported names of <paramref name="file"/> (its <c>import</c> statements) as values.</summary>
    public static Dictionary<string, Expr> Values(string file, IEnumerable<BicepReader.Statement> imports, IReadOnlyDictionary<string, string>? tree,
        ModuleReads reads, int depth = 0)
    {
        var values = new Dictionary<string, Expr>(StringComparer.Ordinal);
        foreach (var import in imports)
        {
            var source = import.TypeString ?? "";
            if (Exports(file, source, tree, reads, depth, out var notRead) is not { } exports)
            {
                values[import.Name] = new UnknownExpr($"`{import.Name}` is imported from {source}, which {notRead}", import.Line);
                continue;
            }
            if (import.Value is LiteralExpr { Value: string exported })
                values[import.Name] = exports.TryGetValue(exported, out var v)
                    ? ValueExpr(v, import.Line, $"`{exported}` imported from {source}")
                    : new UnknownExpr($"`{exported}` is not a variable of {source}", import.Line);
            else
                values[import.Name] = new LiteralExpr(exports.ToDictionary(e => e.Key, e => e.Value.IsKnown ? e.Value.Value : new UnknownValue(e.Value.Unresolved!), StringComparer.Ordinal), import.Line);
        }
        return values;
    }

    private static Expr ValueExpr(Resolved value, int line, string what) =>
        value.IsKnown ? new LiteralExpr(value.Value, line) : new UnknownExpr($"{what}: {value.Unresolved}", line);

    /// <summary>The variables of the imported file, each evaluated there; null with the reason when it is not read.</summary>
    private static Dictionary<string, Resolved>? Exports(string file, string source, IReadOnlyDictionary<string, string>? tree, ModuleReads reads, int depth,
        out string? notRead)
    {
        notRead = null;
        if (!ModuleSources.IsLocalBicep(source)) notRead = "is a registry or template spec and is not read";
        else if (depth >= MaxDepth) notRead = $"imports more than {MaxDepth} levels deep";
        else if (ModuleSources.Resolve(file, source) is not { } path) notRead = "points above the root of the files read";
        else if (tree is null || !tree.TryGetValue(path, out var text)) notRead = $"({path}) is not among the files read";
        else
        {
            List<BicepReader.Statement> statements;
            try { statements = new BicepParser(new BicepLexer(text).Tokenize(), path).ParseFile(); }
            catch (IacSyntaxException) { notRead = $"({path}) does not parse"; return null; }
            var variables = statements.Where(s => s.Kind == "var" && s.Value is not null).GroupBy(s => s.Name).ToDictionary(g => g.Key, g => g.First().Value!, StringComparer.Ordinal);
            foreach (var (name, value) in Values(path, statements.Where(s => s.Kind == "import"), tree, reads, depth + 1)) variables.TryAdd(name, value);
            ExprEvaluator? eval = null;
            eval = new ExprEvaluator((expr, _) => expr is not RefExpr r ? null
                : variables.TryGetValue(r.Name, out var v) ? eval!.Evaluate(v)
                : Resolved.Fail($"`{r.Name}` is not a variable of {path}"));
            eval.ReadingFiles(ModuleSources.Reader(path, tree));
            if (reads.First is null) reads.First = eval;
            else eval.CountingStepsWith(reads.First); // the importing file's step limit
            return variables.ToDictionary(v => v.Key, v => eval.Evaluate(v.Value), StringComparer.Ordinal);
        }
        return null;
    }
}


namespace Guardrails.Core.PullRequests.Iac;

/// <summary>Reads <c>.bicepparam</c> files (what the reader reads of a template is in <see cref="BicepReader"/>).</summary>
public static class BicepParameterFiles
{
    /// <summary>
    /// A <c>.bicepparam</c> file: the template it deploys (<c>using './main.bicep'</c>, resolved to a path of the change)
    /// and its <c>param name = value</c> lines; null (with the error added) when it does not parse. A template path that climbs
    /// above the repository's root is kept as written: no file of the change is it.
    /// </summary>
    public static BicepParameterFile? Read(string file, string text, IacParseResult result)
    {
        try
        {
            var tokens = new BicepLexer(text).Tokenize();
            var at = tokens.FindIndex(t => t.Kind == TokKind.Ident && t.Text == "using");
            var target = at >= 0 && at + 1 < tokens.Count && tokens[at + 1].Kind == TokKind.String ? tokens[at + 1].Text : null;
            var statements = new BicepParser(tokens, file).ParseFile();
            var values = statements.Where(st => st.Kind == "param")
                .GroupBy(st => st.Name, StringComparer.Ordinal).ToDictionary(g => g.Key, g => WithVariables(g.Last().Value, statements), StringComparer.Ordinal);
            return new BicepParameterFile(file, Path.GetFileName(file), target is null ? null : ModuleSources.Resolve(file, target) ?? target, values);
        }
        catch (IacSyntaxException e)
        {
            result.Errors.Add(IacFileError.From(file, e.Message));
            return null;
        }
    }

    /// <summary>
    /// A parameter file's value that uses the file's own variables (<c>var big = '…'</c>, <c>param size = big</c>): its value
    /// when they are known, since the template is evaluated without them; otherwise as written (then unknown there).
    /// </summary>
    private static Expr? WithVariables(Expr? value, List<BicepReader.Statement> statements)
    {
        var variables = statements.Where(st => st.Kind == "var" && st.Value is not null)
            .GroupBy(st => st.Name, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Last().Value!, StringComparer.Ordinal);
        if (value is null || !variables.Keys.Any(v => IacInstances.References(value, v))) return value;
        ExprEvaluator? evaluator = null;
        evaluator = new ExprEvaluator((e, _) => e is RefExpr r && variables.TryGetValue(r.Name, out var v) ? evaluator!.Evaluate(v) : null);
        var resolved = evaluator.Evaluate(value);
        return resolved.IsKnown && UnknownValue.In(resolved.Value) is null ? new LiteralExpr(resolved.Value, value.Line) : value;
    }
}

using System.Text.RegularExpressions;

namespace Guardrails.Core.PullRequests.Iac;

/// <summary>
/// An ARM template deployed through Terraform: <c>azurerm_resource_group_template_deployment</c> and its subscription,
/// management-group and tenant kinds (<c>template_content</c>, <c>parameters_content</c>), and the legacy
/// <c>azurerm_template_deployment</c> (<c>template_body</c>, <c>parameters</c> or <c>parameters_body</c>). The template — written
/// in place (a heredoc, <c>jsonencode({…})</c>, a known local) or read with <c>file("${path.module}/…")</c> from the files
/// read — is priced by the ARM rules with the values passed. Before, every one was skipped as a type without a cost model,
/// so the GPU VMs in it passed the gate at $0. A template or values that cannot be known leave the deployment unknown on
/// its line, never free.
/// </summary>
internal static partial class TerraformTemplateDeployments
{
    public static bool Handles(string type) => type is "azurerm_resource_group_template_deployment" or "azurerm_subscription_template_deployment"
        or "azurerm_management_group_template_deployment" or "azurerm_tenant_template_deployment" or "azurerm_template_deployment";

    /// <summary>Reads the deployment block <paramref name="b"/> (<paramref name="count"/> instances) into <paramref name="result"/>.</summary>
    public static void Read(string file, HclBlock b, string name, decimal count, ExprEvaluator eval, IReadOnlyDictionary<string, string>? tree, IacParseResult result)
    {
        var type = b.Labels[0];
        var legacy = type == "azurerm_template_deployment";
        var contentAttribute = legacy ? "template_body" : "template_content";
        var (text, templateFile, unknown) = Text(b.Attr(contentAttribute), contentAttribute, file, eval, tree);
        var values = unknown is null ? Values(b, legacy, file, eval, tree, out unknown) : null;
        if (text is null || values is null)
        {
            result.Resources.Add(new IacResource
            {
                File = file,
                Name = name,
                Type = type,
                Line = b.Line,
                Quantity = count,
                UnresolvedReason = $"{unknown}: the ARM template it deploys is not read (what it deploys is not priced)",
            });
            return;
        }

        var read = ArmTemplateReader.Read(templateFile ?? file, text, values, tree);
        var from = $"from the ARM template deployed by `{name}`";
        foreach (var r in read.Resources)
        {
            var deployed = r with
            {
                Name = $"{name}/{r.Name}",
                Quantity = r.Quantity * count,
                MinNodes = r.MinNodes * count,
                MaxNodes = r.MaxNodes * count,
                Via = [IacResource.ViaCall(file, name), .. r.Via],
            };
            // A template written in the block has no lines of its own: what it deploys stands on the block's line.
            result.Resources.Add(templateFile is null ? deployed with { File = file, Line = b.Line, Notes = [.. r.Notes, from] } : deployed);
        }
        result.Skipped.AddRange(templateFile is null ? read.Skipped.Select(x => x with { File = file }) : read.Skipped);
        result.Errors.AddRange(templateFile is null
            ? read.Errors.Select(e => new IacFileError(file, b.Line, $"{contentAttribute} of `{name}`: {e.Message}"))
            : read.Errors);
        result.Computes.AddRange(read.Computes);
    }

    /// <summary>The template's text and, when it was read from a file, that file's path; or why it is not known.</summary>
    private static (string? Text, string? File, string? Unknown) Text(Expr? expr, string attribute, string file, ExprEvaluator eval,
        IReadOnlyDictionary<string, string>? tree)
    {
        switch (expr)
        {
            case null:
                return (null, null, $"{attribute}: not set");
            case CallExpr { Function: "file", Arguments: [var pathExpr] }:
                var path = eval.Evaluate(pathExpr);
                if (path.Value is not string relative) return (null, null, $"{attribute}: the path given to file(…) is not known: {path.Unresolved ?? "not a text"}");
                var resolved = ModuleSources.Resolve(file, relative);
                if (resolved is null) return (null, null, $"{attribute}: file(\"{relative}\") points above the root of the files read");
                return tree is not null && tree.TryGetValue(resolved, out var text)
                    ? (text, resolved, null)
                    : (null, null, $"{attribute}: file(\"{relative}\") is {resolved}, which is not among the files read");
            case CallExpr { Function: "templatefile" }:
                return (null, null, $"{attribute}: rendered by templatefile(…), which is not read");
            case CallExpr { Function: "jsonencode", Arguments: [var value] }:
                var encoded = eval.Evaluate(value);
                if (!encoded.IsKnown) return (null, null, $"{attribute}: {encoded.Unresolved}");
                return IacJson.Write(encoded.Value) is { } json ? (json, null, null) : (null, null, $"{attribute}: a value in it is not known");
            default:
                var written = eval.Evaluate(expr);
                return written.Value is string s ? (s, null, null) : (null, null, $"{attribute}: {written.Unresolved ?? "not a text"}");
        }
    }

    /// <summary>The values the deployment passes: <c>parameters_content</c> / <c>parameters_body</c> (JSON), or the legacy
    /// <c>parameters</c> map of texts; null with the reason when they cannot be known.</summary>
    private static Dictionary<string, Expr?>? Values(HclBlock b, bool legacy, string file, ExprEvaluator eval, IReadOnlyDictionary<string, string>? tree,
        out string? unknown)
    {
        unknown = null;
        var attribute = legacy ? "parameters_body" : "parameters_content";
        if (b.Attr(attribute) is CallExpr { Function: "jsonencode", Arguments: [var encoded] })
        {
            // Evaluated, not encoded: a value that cannot be known leaves unknown only what depends on it.
            var r = eval.Evaluate(encoded);
            if (r.Value is not Dictionary<string, object?> parameters)
            {
                unknown = $"{attribute}: {r.Unresolved ?? "not an object"}";
                return null;
            }
            var values = new Dictionary<string, Expr?>(StringComparer.OrdinalIgnoreCase);
            foreach (var (key, parameter) in parameters)
                values[key] = parameter is Dictionary<string, object?> p && p.TryGetValue("value", out var v)
                    ? v is UnknownValue u ? new UnknownExpr($"{attribute}.{key}: {u.Reason}", b.Line) : new LiteralExpr(v, b.Line)
                    : new OpaqueExpr("a Key Vault reference (known at deployment)", b.Line);
            return values;
        }
        if (b.Attr(attribute) is { } content)
        {
            var (text, _, notKnown) = Text(content, attribute, file, eval, tree);
            if (text is null)
            {
                unknown = notKnown;
                return null;
            }
            if (ArmTemplateReader.ReadParameterValues(text) is { } values) return values;
            unknown = $"{attribute}: not a JSON object";
            return null;
        }
        var passed = new Dictionary<string, Expr?>(StringComparer.OrdinalIgnoreCase);
        if (legacy && b.Attr("parameters") is { } map)
        {
            var r = eval.Evaluate(map);
            if (r.Value is not Dictionary<string, object?> d)
            {
                unknown = $"parameters: {r.Unresolved ?? "not a map"}";
                return null;
            }
            foreach (var (key, value) in d)
                passed[key] = value is UnknownValue u ? new UnknownExpr($"parameters.{key}: {u.Reason}", b.Line) : new LiteralExpr(value, b.Line);
        }
        return passed;
    }

    /// <summary>
    /// The template files the Terraform file <paramref name="path"/> deploys with <c>file("${path.module}/…")</c> or
    /// <c>file("…")</c> written out: they are read through that deployment, not on their own (the same deployment, counted
    /// once). A path given any other way is not seen here: that template is then also priced on its own (counted twice,
    /// never missed).
    /// </summary>
    public static IEnumerable<string> TemplateFiles(string path, string text)
    {
        foreach (Match m in FileCall().Matches(text))
            if (ModuleSources.Resolve(path, m.Groups["path"].Value) is { } resolved) yield return resolved;
    }

    [GeneratedRegex("""(?:template_content|template_body)\s*=\s*file\(\s*"(?:\$\{path\.(?:module|root|cwd)\}/)?(?<path>[^"$]+)"\s*\)""")]
    private static partial Regex FileCall();
}

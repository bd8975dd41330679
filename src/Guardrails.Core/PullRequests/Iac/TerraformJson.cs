using System.Text;
using System.Text.Json;

namespace Guardrails.Core.PullRequests.Iac;

/// <summary>
/// Terraform's JSON syntax (<c>*.tf.json</c>, what CDK for Terraform writes) as the blocks the HCL reader reads:
/// <c>{"resource": {"TYPE": {"NAME": {…}}}}</c>, <c>variable</c>, <c>locals</c>, <c>module</c>. A property whose value
/// is an object (or an array of objects) is both an attribute and nested block(s) (<c>"sku": {…}</c>,
/// <c>"default_node_pool": [{…}]</c>); strings are templates (<c>"${var.size}"</c>); <c>"//"</c> keys are comments.
/// A block's line is where its object starts (<see cref="JsonLines"/>).
/// </summary>
internal static class TerraformJson
{
    public static bool IsJsonFile(string path) => path.EndsWith(".tf.json", StringComparison.OrdinalIgnoreCase);

    /// <summary>The file's top-level blocks; throws <see cref="IacSyntaxException"/> (with the line) when it is not valid JSON.</summary>
    public static List<HclBlock> Parse(string text)
    {
        JsonDocument doc;
        try { doc = JsonDocument.Parse(text, new JsonDocumentOptions { MaxDepth = ExpressionParser.MaxNesting }); }
        catch (JsonException e) { throw Error(e); }
        using (doc)
        {
            if (doc.RootElement.ValueKind != JsonValueKind.Object) throw new IacSyntaxException("line 1: a .tf.json file is one JSON object");
            var lines = JsonLines.Read(text);
            var blocks = new List<HclBlock>();
            foreach (var kind in doc.RootElement.EnumerateObject())
                blocks.AddRange(kind.Name switch
                {
                    "resource" or "data" => Labelled(kind, 2, lines),
                    "variable" or "module" or "output" => Labelled(kind, 1, lines),
                    "locals" => Bodies(kind.Value, "$.locals").Select(b => Block("locals", [], b.Body, lines.Of(b.Path) ?? 1)),
                    _ => [],
                });
            return blocks;
        }
    }

    /// <summary>A JSON variable file's values (<c>terraform.tfvars.json</c>: <c>{"name": value}</c>); throws when it is not a JSON object.</summary>
    public static IReadOnlyList<KeyValuePair<string, Expr>> Values(string text)
    {
        try
        {
            using var doc = JsonDocument.Parse(text, new JsonDocumentOptions { MaxDepth = ExpressionParser.MaxNesting });
            if (doc.RootElement.ValueKind != JsonValueKind.Object) throw new IacSyntaxException("line 1: a .tfvars.json file is one JSON object");
            return [.. Objects(doc.RootElement).Select(p => new KeyValuePair<string, Expr>(p.Name, ToExpr(p.Value, 1)))];
        }
        catch (JsonException e) { throw Error(e); }
    }

    /// <summary>Invalid JSON on its (1-based) line, without the reader's own position and path.</summary>
    private static IacSyntaxException Error(JsonException e)
    {
        var (line, message) = JsonLines.Fault(e);
        return new($"line {line ?? 1}: {message}");
    }

    /// <summary><c>"resource": {"TYPE": {"NAME": body}}</c> (two labels) or <c>"variable": {"NAME": body}</c> (one).</summary>
    private static IEnumerable<HclBlock> Labelled(JsonProperty kind, int labels, JsonLines lines)
    {
        foreach (var first in Objects(kind.Value))
        {
            var path = $"$.{kind.Name}.{first.Name}";
            if (labels == 1) { foreach (var b in Bodies(first.Value, path)) yield return Block(kind.Name, [first.Name], b.Body, lines.Of(b.Path) ?? 1); continue; }
            foreach (var second in Objects(first.Value))
                foreach (var b in Bodies(second.Value, $"{path}.{second.Name}"))
                    yield return Block(kind.Name, [first.Name, second.Name], b.Body, lines.Of(b.Path) ?? 1);
        }
    }

    private static IEnumerable<JsonProperty> Objects(JsonElement e) =>
        e.ValueKind == JsonValueKind.Object ? e.EnumerateObject().Where(p => p.Name != "//") : [];

    /// <summary>A body, or each body of an array of them (Terraform allows both), with its JSON path.</summary>
    private static IEnumerable<(JsonElement Body, string Path)> Bodies(JsonElement e, string path = "") =>
        e.ValueKind == JsonValueKind.Array ? e.EnumerateArray().Select((x, i) => (x, $"{path}[{i}]")).Where(b => b.x.ValueKind == JsonValueKind.Object)
        : e.ValueKind == JsonValueKind.Object ? [(e, path)] : [];

    private static HclBlock Block(string type, IReadOnlyList<string> labels, JsonElement body, int line)
    {
        var attributes = new List<KeyValuePair<string, Expr>>();
        var blocks = new List<HclBlock>();
        foreach (var p in Objects(body))
        {
            attributes.Add(new(p.Name, ToExpr(p.Value, line)));
            foreach (var (nested, _) in Bodies(p.Value)) blocks.Add(Block(p.Name, [], nested, line));
        }
        return new HclBlock(type, labels, attributes, blocks, line);
    }

    private static Expr ToExpr(JsonElement e, int line) => e.ValueKind switch
    {
        JsonValueKind.Object => new ObjectExpr([.. Objects(e).Select(p => new KeyValuePair<string, Expr>(p.Name, ToExpr(p.Value, line)))], line),
        JsonValueKind.Array => new ArrayExpr([.. e.EnumerateArray().Select(i => ToExpr(i, line))], line),
        JsonValueKind.String => Template(e.GetString()!, line),
        JsonValueKind.Number => e.TryGetDecimal(out var d) ? new LiteralExpr(d, line) : new OpaqueExpr(e.GetRawText(), line),
        JsonValueKind.True => new LiteralExpr(true, line),
        JsonValueKind.False => new LiteralExpr(false, line),
        _ => new LiteralExpr(null, line),
    };

    /// <summary>A JSON string is an HCL template; one that is a single <c>${…}</c> is that expression's value (a list, a number).</summary>
    private static Expr Template(string s, int line)
    {
        if (!s.Contains("${", StringComparison.Ordinal) && !s.Contains("%{", StringComparison.Ordinal)) return new LiteralExpr(s, line);
        var quoted = new StringBuilder("\"");
        foreach (var c in s) quoted.Append(c switch { '"' => "\\\"", '\\' => "\\\\", '\n' => "\\n", '\r' => "\\r", _ => c.ToString() });
        try
        {
            var tokens = new HclLexer(quoted.Append('"').ToString()).Tokenize().Select(t => t with { Line = line }).ToList();
            var expr = new HclParser(tokens, "").ParseStandaloneExpression();
            return expr is InterpolatedExpr { Parts: [Expr only] } ? only : expr;
        }
        catch (IacSyntaxException e) { return new OpaqueExpr($"template '{s}' ({e.Message})", line); }
    }
}

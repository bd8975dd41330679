namespace Guardrails.Core.PullRequests.Iac;

/// <summary>
/// A Terraform variable's type constraint applied to its value as Terraform does: an <c>object({…})</c> attribute written
/// <c>optional(type, default)</c> and missing from the value takes the default (<c>optional(type)</c>: null), through
/// <c>map(…)</c>, <c>list(…)</c>, <c>set(…)</c> and nested objects — so <c>each.value.os_type</c> of a pool that does not
/// set it is the module's default, not "not in the instance's value". Values are copied, never changed in place.
/// </summary>
internal static class TerraformTypes
{
    public static object? WithDefaults(object? value, Expr? type, ExprEvaluator eval, int depth = 0)
    {
        if (type is not CallExpr { Arguments.Count: 1 } c || depth > 32) return value;
        return (c.Function, value) switch
        {
            ("object", Dictionary<string, object?> d) when c.Arguments[0] is ObjectExpr attributes => Object(d, attributes, eval, depth),
            ("map", Dictionary<string, object?> d) => d.ToDictionary(p => p.Key, p => WithDefaults(p.Value, c.Arguments[0], eval, depth + 1), StringComparer.Ordinal),
            ("list" or "set", List<object?> l) => l.Select(v => WithDefaults(v, c.Arguments[0], eval, depth + 1)).ToList(),
            _ => value,
        };
    }

    private static Dictionary<string, object?> Object(Dictionary<string, object?> value, ObjectExpr attributes, ExprEvaluator eval, int depth)
    {
        var result = new Dictionary<string, object?>(value, StringComparer.Ordinal);
        foreach (var (name, attributeType) in attributes.Properties)
        {
            var optional = attributeType is CallExpr { Function: "optional", Arguments.Count: >= 1 } o ? o : null;
            var inner = optional?.Arguments[0] ?? attributeType;
            if (result.TryGetValue(name, out var present) && present is not null)
                result[name] = WithDefaults(present, inner, eval, depth + 1);
            else if (optional is not null)
                result[name] = optional.Arguments.Count > 1 ? Default(optional.Arguments[1], inner, eval, depth) : null;
        }
        return result;
    }

    /// <summary>An optional attribute's default (itself given the type's defaults); unknown stays unknown, with the reason.</summary>
    private static object? Default(Expr expr, Expr type, ExprEvaluator eval, int depth)
    {
        var r = eval.Evaluate(expr);
        return r.IsKnown ? WithDefaults(r.Value, type, eval, depth + 1) : new UnknownValue(r.Unresolved!);
    }
}

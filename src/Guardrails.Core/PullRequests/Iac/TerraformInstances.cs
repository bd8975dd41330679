namespace Guardrails.Core.PullRequests.Iac;

/// <summary>One instance of a resource read on its own: its address key (<c>"a"</c>, <c>0</c>) and the values in scope.</summary>
internal sealed record TerraformInstance(string Key, ExprEvaluator Eval);

/// <summary>
/// How many instances a Terraform resource block makes: <c>count</c> or the size of <c>for_each</c> (a list, set or map,
/// literal or from variables, locals and pure functions). Unknown is not one instance: the resource is then not priced,
/// with the reason. When the block's values depend on the instance (<c>each.key</c>, <c>each.value</c>,
/// <c>count.index</c>), each instance is read with those bound (<see cref="Each"/>), so a map of GPU sizes prices every
/// size; otherwise one reading stands for <see cref="Count"/> instances.
/// </summary>
internal sealed record TerraformInstances(decimal Count, IReadOnlyList<TerraformInstance>? Each, string? Unknown)
{
    public static TerraformInstances Of(HclBlock b, ExprEvaluator eval)
    {
        var count = b.Attr("count");
        var forEach = b.Attr("for_each");
        if (count is not null && forEach is not null) return Fail("count and for_each are both set (Terraform rejects the block)");
        if (count is not null) return OfCount(b, eval, count);
        if (forEach is not null) return OfForEach(b, eval, forEach);
        return new(1m, null, null);
    }

    private static TerraformInstances OfCount(HclBlock b, ExprEvaluator eval, Expr count)
    {
        var r = eval.Evaluate(count);
        if (r.AsDecimal() is not { } n) return Fail($"count: {r.Unresolved ?? "not a number"}");
        if (n < 0 || n != decimal.Truncate(n)) return Fail($"count: {n} is not a whole number of instances");
        if (n > IacInstances.MaxExpanded || !UsesInstance(b, "count")) return new(n, null, null);
        var instances = Enumerable.Range(0, (int)n)
            .Select(i => new TerraformInstance(i.ToString(System.Globalization.CultureInfo.InvariantCulture), eval.With(Bind("count", "index", (decimal)i))))
            .ToList();
        return new(n, instances, null);
    }

    private static TerraformInstances OfForEach(HclBlock b, ExprEvaluator eval, Expr forEach)
    {
        var r = eval.Evaluate(forEach);
        IReadOnlyList<KeyValuePair<string, object?>>? items = r.Value switch
        {
            Dictionary<string, object?> d => [.. d.OrderBy(p => p.Key, StringComparer.Ordinal)],
            List<object?> l when l.All(v => new Resolved(v, null).AsString() is not null) =>
                [.. l.Select(v => new Resolved(v, null).AsString()!).Distinct(StringComparer.Ordinal).Select(k => new KeyValuePair<string, object?>(k, k))],
            List<object?> => null,
            _ => null,
        };
        if (items is null)
            return Fail(r.IsKnown ? "for_each: a set of strings or a map is needed" : $"for_each: {r.Unresolved}");
        if (items.Count > IacInstances.MaxExpanded || !UsesInstance(b, "each")) return new(items.Count, null, null);
        var instances = items
            .Select(p => new TerraformInstance($"\"{p.Key}\"", eval.With(BindEach(p.Key, p.Value))))
            .ToList();
        return new(items.Count, instances, null);
    }

    private static TerraformInstances Fail(string reason) => new(1m, null, reason);

    /// <summary><c>count.index</c> for one instance.</summary>
    private static Func<Expr, string, Resolved?> Bind(string root, string member, object value) => (expr, _) =>
        expr is MemberExpr { Target: RefExpr r, Member: var m } && r.Name == root && m == member ? Resolved.Of(value) : null;

    /// <summary><c>each.key</c>, <c>each.value</c> and members of <c>each.value</c> for one instance.</summary>
    private static Func<Expr, string, Resolved?> BindEach(string key, object? value) => BindIterator("each", key, value);

    /// <summary><c>ROOT.key</c>, <c>ROOT.value</c> and members of <c>ROOT.value</c> (<c>each</c>, a dynamic block's iterator).</summary>
    internal static Func<Expr, string, Resolved?> BindIterator(string root, object key, object? value) => (expr, _) =>
    {
        var path = new Stack<string>();
        var e = expr;
        while (e is MemberExpr m) { path.Push(m.Member); e = m.Target; }
        if (e is not RefExpr r || r.Name != root || path.Count == 0) return null;
        var first = path.Pop();
        object? current = first switch { "key" => key, "value" => value, _ => null };
        if (first is not ("key" or "value")) return Resolved.Fail($"`{root}.{first}` is not an instance value");
        while (path.TryPop(out var member))
        {
            if (current is not Dictionary<string, object?> d || !d.TryGetValue(member, out current))
                return Resolved.Fail($"`{ExprEvaluator.Describe(expr)}`: `{member}` is not in the instance's value");
        }
        return Resolved.Of(current);
    };

    /// <summary>Whether any value of the block (nested blocks included) names <c>each</c> or <c>count.index</c>.</summary>
    private static bool UsesInstance(HclBlock b, string root) =>
        b.Attributes.Any(a => a.Key is not ("count" or "for_each") && IacInstances.References(a.Value, root)) || b.Blocks.Any(inner => Uses(inner, root));

    private static bool Uses(HclBlock b, string root) =>
        b.Attributes.Any(a => IacInstances.References(a.Value, root)) || b.Blocks.Any(inner => Uses(inner, root));
}

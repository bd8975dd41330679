namespace Guardrails.Core.PullRequests.Iac;

/// <summary>
/// Terraform's <c>for</c> expressions: <c>[for v in coll : expr if cond]</c> makes a list, <c>{for k, v in coll : key =&gt;
/// value if cond}</c> a map (<c>...</c> groups values under one key). Evaluated when the collection is known, each
/// element with its names bound; before, every one was opaque, so a <c>for_each</c> over a filtered map (the AKS
/// module's node pools) was unknown.
/// </summary>
internal static class HclForExpressions
{
    public static Resolved Evaluate(HclForExpr f, ExprEvaluator eval)
    {
        var source = eval.Evaluate(f.Source);
        if (!source.IsKnown) return source;
        IEnumerable<(object Key, object? Value)>? items = source.Value switch
        {
            List<object?> list => list.Select((v, i) => ((object)(decimal)i, v)),
            Dictionary<string, object?> map => map.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => ((object)p.Key, p.Value)),
            _ => null,
        };
        if (items is null) return Resolved.Fail($"for expression over `{ExprEvaluator.Describe(f.Source)}`, which is not a list or a map");
        var list2 = new List<object?>();
        var map2 = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var (key, value) in items)
        {
            var bound = eval.With(Bind(f, key, value));
            if (f.Condition is { } c)
            {
                var keep = bound.Evaluate(c);
                if (keep.Value is not bool b) return keep.IsKnown ? Resolved.Fail("a for expression's `if` is not true or false") : keep;
                if (!b) continue;
            }
            var v = bound.Evaluate(f.Value);
            if (!v.IsKnown) return v;
            if (f.Key is null) { list2.Add(v.Value); continue; }
            var k = bound.Evaluate(f.Key);
            if (k.AsString() is not { } name) return k.IsKnown ? Resolved.Fail("a for expression's key is not a string") : k;
            if (!f.Grouped) map2[name] = v.Value;
            else if (map2.TryGetValue(name, out var g) && g is List<object?> group) group.Add(v.Value);
            else map2[name] = new List<object?> { v.Value };
        }
        return f.Key is null ? Resolved.Of(list2) : Resolved.Of(map2);
    }

    /// <summary>The element's names (<c>v</c>, <c>v.size</c>, <c>k</c>) for one iteration.</summary>
    private static Func<Expr, string, Resolved?> Bind(HclForExpr f, object key, object? value) => (expr, _) =>
    {
        var path = new Stack<string>();
        var e = expr;
        while (e is MemberExpr m) { path.Push(m.Member); e = m.Target; }
        if (e is not RefExpr r || (r.Name != f.ValueName && r.Name != f.KeyName)) return null;
        var current = r.Name == f.ValueName ? value : key;
        while (path.TryPop(out var member))
        {
            if (current is not Dictionary<string, object?> d || !d.TryGetValue(member, out current))
                return Resolved.Fail($"`{ExprEvaluator.Describe(expr)}`: `{member}` is not in the element");
        }
        return Resolved.Of(current);
    };
}

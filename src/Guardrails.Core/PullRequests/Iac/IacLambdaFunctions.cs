namespace Guardrails.Core.PullRequests.Iac;

/// <summary>
/// Bicep's (and ARM's) functions that take a lambda: <c>map</c>, <c>filter</c>, <c>reduce</c>, <c>sort</c>, <c>toObject</c>,
/// <c>mapValues</c> and <c>groupBy</c>, evaluated when the collection is known (a node-pool list built with
/// <c>map(pools, p =&gt; {…})</c> is read, not left unknown). The lambda's body is evaluated once per element with its parameters
/// bound, within the evaluator's step limit; an element the body cannot know makes the result unknown, never a guess.
/// </summary>
internal static class IacLambdaFunctions
{
    public static Resolved Call(string function, IReadOnlyList<Expr> arguments, ExprEvaluator eval) => function switch
    {
        "map" => Each(arguments, eval, function, 2, (items, lambda) => Map(items, lambda, eval)),
        "filter" => Each(arguments, eval, function, 2, (items, lambda) => Filter(items, lambda, eval)),
        "sort" => Each(arguments, eval, function, 2, (items, lambda) => Sort(items, lambda, eval)),
        "groupby" => Each(arguments, eval, function, 2, (items, lambda) => GroupBy(items, lambda, eval)),
        "toobject" => ToObject(arguments, eval),
        "reduce" => Reduce(arguments, eval),
        "mapvalues" => MapValues(arguments, eval),
        _ => Resolved.Fail($"function `{function}(…)` with a lambda is evaluated at deployment time"),
    };

    /// <summary>The list a function walks (its first argument) and its lambda (the argument at <paramref name="lambdaAt"/>).</summary>
    private static Resolved Each(IReadOnlyList<Expr> arguments, ExprEvaluator eval, string function, int count,
        Func<List<object?>, LambdaExpr, Resolved> body)
    {
        if (arguments.Count != count || arguments[count - 1] is not LambdaExpr lambda)
            return Resolved.Fail($"`{function}(…)` takes a list and a lambda");
        var source = eval.Evaluate(arguments[0]);
        if (!source.IsKnown) return source;
        return source.Value switch
        {
            List<object?> items when items.Count <= IacFunctions.MaxItems => body(items, lambda),
            List<object?> => Resolved.Fail($"`{function}(…)` of more than {IacFunctions.MaxItems:N0} items"),
            _ => Resolved.Fail($"the first argument of `{function}(…)` is not a list"),
        };
    }

    /// <summary>The lambda's body with its parameters bound to <paramref name="values"/> (a lambda may name fewer: Bicep's
    /// index parameter is optional).</summary>
    private static Resolved Apply(LambdaExpr lambda, ExprEvaluator eval, params object?[] values)
    {
        if (lambda.Parameters.Count > values.Length)
            return Resolved.Fail($"the lambda `{ExprEvaluator.Describe(lambda)}` takes more parameters than the function gives it");
        var bound = eval.With((expr, _) =>
        {
            if (expr is not RefExpr r) return null;
            var at = IndexOf(lambda.Parameters, r.Name);
            return at < 0 ? null : Resolved.Of(values[at]);
        });
        return bound.Evaluate(lambda.Body);
    }

    private static int IndexOf(IReadOnlyList<string> names, string name)
    {
        for (var i = names.Count - 1; i >= 0; i--) // the last of two equal names wins, as an inner scope would
            if (names[i] == name) return i;
        return -1;
    }

    private static Resolved Map(List<object?> items, LambdaExpr lambda, ExprEvaluator eval)
    {
        var mapped = new List<object?>(items.Count);
        for (var i = 0; i < items.Count; i++)
        {
            var r = Apply(lambda, eval, items[i], (decimal)i);
            if (!r.IsKnown) return r;
            mapped.Add(r.Value);
        }
        return Resolved.Of(mapped);
    }

    private static Resolved Filter(List<object?> items, LambdaExpr lambda, ExprEvaluator eval)
    {
        var kept = new List<object?>();
        for (var i = 0; i < items.Count; i++)
        {
            var r = Apply(lambda, eval, items[i], (decimal)i);
            if (!r.IsKnown) return r;
            if (r.Value is not bool keep) return Resolved.Fail($"the lambda of `filter(…)` gives `{r.AsString() ?? "a value"}`, not true or false");
            if (keep) kept.Add(items[i]);
        }
        return Resolved.Of(kept);
    }

    /// <summary>Bicep's <c>sort(list, (a, b) =&gt; a.x &lt; b.x)</c>: the lambda says whether a comes before b. An insertion
    /// sort (stable, at most <see cref="IacFunctions.MaxItems"/>² comparisons, each counted in the step limit).</summary>
    private static Resolved Sort(List<object?> items, LambdaExpr lambda, ExprEvaluator eval)
    {
        var sorted = new List<object?>(items.Count);
        foreach (var item in items)
        {
            var at = sorted.Count;
            while (at > 0)
            {
                var before = Apply(lambda, eval, item, sorted[at - 1]);
                if (!before.IsKnown) return before;
                if (before.Value is not bool b) return Resolved.Fail("the lambda of `sort(…)` does not give true or false");
                if (!b) break;
                at--;
            }
            sorted.Insert(at, item);
        }
        return Resolved.Of(sorted);
    }

    private static Resolved GroupBy(List<object?> items, LambdaExpr lambda, ExprEvaluator eval)
    {
        var groups = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase);
        foreach (var item in items)
        {
            var key = Apply(lambda, eval, item);
            if (!key.IsKnown) return key;
            if (key.AsString() is not { } k) return Resolved.Fail("the lambda of `groupBy(…)` does not give a text key");
            if (!groups.TryGetValue(k, out var group)) groups[k] = group = new List<object?>();
            ((List<object?>)group!).Add(item);
        }
        return Resolved.Of(groups);
    }

    /// <summary><c>toObject(list, item =&gt; key[, item =&gt; value])</c>: the item itself is the value without the second lambda.</summary>
    private static Resolved ToObject(IReadOnlyList<Expr> arguments, ExprEvaluator eval)
    {
        if (arguments.Count is < 2 or > 3 || arguments[1] is not LambdaExpr key || (arguments.Count == 3 && arguments[2] is not LambdaExpr))
            return Resolved.Fail("`toObject(…)` takes a list, a key lambda and an optional value lambda");
        var value = arguments.Count == 3 ? (LambdaExpr)arguments[2] : null;
        return Each([arguments[0], key], eval, "toObject", 2, (items, _) =>
        {
            var o = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase);
            foreach (var item in items)
            {
                var k = Apply(key, eval, item);
                if (!k.IsKnown) return k;
                if (k.AsString() is not { } name) return Resolved.Fail("the key lambda of `toObject(…)` does not give a text key");
                var v = value is null ? Resolved.Of(item) : Apply(value, eval, item);
                if (!v.IsKnown) return v;
                o[name] = v.Value;
            }
            return Resolved.Of(o);
        });
    }

    /// <summary><c>reduce(list, initial, (current, next[, i]) =&gt; …)</c>.</summary>
    private static Resolved Reduce(IReadOnlyList<Expr> arguments, ExprEvaluator eval)
    {
        if (arguments.Count != 3 || arguments[2] is not LambdaExpr lambda)
            return Resolved.Fail("`reduce(…)` takes a list, an initial value and a lambda");
        var initial = eval.Evaluate(arguments[1]);
        if (!initial.IsKnown) return initial;
        return Each([arguments[0], lambda], eval, "reduce", 2, (items, _) =>
        {
            var current = initial;
            for (var i = 0; i < items.Count; i++)
            {
                current = Apply(lambda, eval, current.Value, items[i], (decimal)i);
                if (!current.IsKnown) return current;
            }
            return current;
        });
    }

    /// <summary><c>mapValues(object, value =&gt; …)</c>: the same keys, each value mapped.</summary>
    private static Resolved MapValues(IReadOnlyList<Expr> arguments, ExprEvaluator eval)
    {
        if (arguments.Count != 2 || arguments[1] is not LambdaExpr lambda) return Resolved.Fail("`mapValues(…)` takes an object and a lambda");
        var source = eval.Evaluate(arguments[0]);
        if (!source.IsKnown) return source;
        if (source.Value is not Dictionary<string, object?> d) return Resolved.Fail("the first argument of `mapValues(…)` is not an object");
        var mapped = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase);
        foreach (var (k, v) in d)
        {
            var r = Apply(lambda, eval, v);
            if (!r.IsKnown) return r;
            mapped[k] = r.Value;
        }
        return Resolved.Of(mapped);
    }
}

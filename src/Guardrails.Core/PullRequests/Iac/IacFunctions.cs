namespace Guardrails.Core.PullRequests.Iac;

/// <summary>
/// The pure collection functions that decide how many instances a resource has (<c>for_each = toset([...])</c>,
/// <c>count = length(var.gpus)</c>, <c>[for i in range(0, n): …]</c>): evaluated when every argument is known, so the
/// quantity is read rather than guessed. Anything else stays unresolved; a result is never larger than
/// <see cref="MaxItems"/> (an expression cannot make the reader allocate without bound).
/// </summary>
internal static class IacFunctions
{
    public const int MaxItems = 10_000;

    /// <summary>The call's value; null when the function is not one of these (the caller says it is deployment-time).</summary>
    public static Resolved? TryCall(string function, IReadOnlyList<Expr> arguments, ExprEvaluator eval, IacDialect dialect)
    {
        var values = dialect == IacDialect.Bicep && IacValueFunctions.Handles(function);
        var terraform = dialect == IacDialect.Terraform && TerraformFunctions.Handles(function);
        if (dialect == IacDialect.Terraform && function == "try") return TerraformFunctions.Try(arguments, eval);
        if (!values && !terraform && !IsKnownFunction(function, dialect)) return null;
        if (function == "coalesce") return Coalesce(arguments, eval, dialect);
        if (dialect == IacDialect.Bicep && function is "if" or "and" or "or") return Logic(function, arguments, eval);
        var args = new List<object?>(arguments.Count);
        foreach (var a in arguments)
        {
            var r = eval.Evaluate(a);
            if (!r.IsKnown) return r;
            args.Add(r.Value);
        }
        // A partly known object or list may pass through (length, keys, lookup, merge, …); a function that would decide
        // from its unknown members (contains, toset, equals, format, …) is unknown.
        if (!PassesUnknownMembers(function) && args.Select(UnknownValue.In).FirstOrDefault(u => u is not null) is { } unknown)
            return Resolved.Fail(unknown.Reason);
        return values ? IacValueFunctions.Call(function, args) : terraform ? TerraformFunctions.Call(function, args) : Call(function, args, dialect);
    }

    private static bool PassesUnknownMembers(string function) => function is "length" or "keys" or "values" or "lookup" or "merge" or "tomap"
        or "tolist" or "element" or "first" or "last" or "createarray" or "createobject" or "array" or "take" or "skip" or "empty" or "tryget";

    /// <summary>ARM's <c>if</c> evaluates only the branch it takes; <c>and</c>/<c>or</c> are decided by a known false/true
    /// whatever the other arguments are (so a deployment-time argument does not hide a known answer).</summary>
    private static Resolved Logic(string function, IReadOnlyList<Expr> arguments, ExprEvaluator eval)
    {
        if (function == "if")
        {
            if (arguments.Count != 3) return Resolved.Fail("`if(…)` needs a condition and two values");
            var condition = eval.Evaluate(arguments[0]);
            if (!condition.IsKnown) return condition;
            return condition.Value is bool b ? eval.Evaluate(arguments[b ? 1 : 2]) : Resolved.Fail("the condition of `if(…)` is not true or false");
        }
        if (arguments.Count < 2) return Resolved.Fail($"`{function}(…)` needs two or more values");
        var decisive = function == "or";
        Resolved? unknown = null;
        foreach (var a in arguments)
        {
            var r = eval.Evaluate(a);
            if (r.Value is bool v && r.IsKnown) { if (v == decisive) return Resolved.Of(decisive); continue; }
            unknown ??= r.IsKnown ? Resolved.Fail($"`{function}(…)` of a value that is not true or false") : r;
        }
        return unknown ?? Resolved.Of(!decisive);
    }

    private static bool IsKnownFunction(string function, IacDialect dialect) => function switch
    {
        "length" or "concat" or "range" or "union" or "coalesce" or "contains" => true,
        "toset" or "tolist" or "tomap" or "distinct" or "keys" or "values" or "merge" or "lookup" or "element" => dialect == IacDialect.Terraform,
        "first" or "last" or "empty" or "equals" or "and" or "or" or "not" or "if" => dialect == IacDialect.Bicep, // and ARM templates' functions
        _ => false,
    };

    /// <summary>The first argument with a value (Terraform also skips ""); an unknown argument before it makes the result unknown,
    /// one after it does not matter.</summary>
    private static Resolved Coalesce(IReadOnlyList<Expr> arguments, ExprEvaluator eval, IacDialect dialect)
    {
        foreach (var a in arguments)
        {
            var r = eval.Evaluate(a);
            if (!r.IsKnown) return r;
            if (r.Value is null || (dialect == IacDialect.Terraform && r.Value is "")) continue;
            return r;
        }
        return Resolved.Fail("`coalesce(…)`: every argument is null");
    }

    private static Resolved Call(string function, List<object?> args, IacDialect dialect) => function switch
    {
        "length" when args.Count == 1 => Length(args[0]),
        "toset" or "distinct" when args is [List<object?> l] => Resolved.Of(Distinct(l)),
        "tolist" when args is [List<object?> l] => Resolved.Of(l),
        "tomap" when args is [Dictionary<string, object?> d] => Resolved.Of(d),
        "keys" when args is [Dictionary<string, object?> d] => Resolved.Of(d.Keys.Order(StringComparer.Ordinal).Cast<object?>().ToList()),
        "values" when args is [Dictionary<string, object?> d] => Resolved.Of(d.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => p.Value).ToList()),
        "concat" when args.All(a => a is List<object?>) => Bounded(args.SelectMany(a => (List<object?>)a!)),
        // ARM writes numbers into a concatenated name as text: concat('vm', copyIndex()).
        "concat" when dialect == IacDialect.Bicep && args.All(a => a is string or decimal)
            && args.Sum(a => a is string t ? (long)t.Length : 30) > ExprEvaluator.MaxText => Resolved.Fail($"a text longer than {ExprEvaluator.MaxText:N0} characters"),
        "concat" when dialect == IacDialect.Bicep && args.All(a => a is string or decimal) =>
            Resolved.Of(string.Concat(args.Select(a => a is decimal d ? d.ToString(System.Globalization.CultureInfo.InvariantCulture) : (string)a!))),
        "merge" or "union" when args.All(a => a is Dictionary<string, object?>) => Resolved.Of(Merge(args)),
        "union" when args.All(a => a is List<object?>) => Bounded(Distinct(args.SelectMany(a => (List<object?>)a!).ToList())),
        "range" => Range(args, dialect),
        "lookup" when args is [Dictionary<string, object?> d, string key, ..] && args.Count <= 3 =>
            d.TryGetValue(key, out var v) ? Resolved.Of(v) : args.Count == 3 ? Resolved.Of(args[2]) : Resolved.Fail($"`lookup(…)`: key '{key}' not in map"),
        "element" when args is [List<object?> { Count: > 0 } l, decimal i] && i >= 0 && i == decimal.Truncate(i) => Resolved.Of(l[(int)(i % l.Count)]),
        "contains" when args is [List<object?> l, var value] => Resolved.Of(l.Contains(value)),
        "contains" when dialect == IacDialect.Bicep && args is [string text, string part] => Resolved.Of(text.Contains(part, StringComparison.OrdinalIgnoreCase)),
        "contains" when dialect == IacDialect.Bicep && args is [Dictionary<string, object?> d, string key] => Resolved.Of(d.ContainsKey(key)),
        "equals" when args.Count == 2 => Resolved.Of(Equals(args[0], args[1]) || (args[0] is string a && args[1] is string b && a.Equals(b, StringComparison.OrdinalIgnoreCase))),
        "not" when args is [bool b] => Resolved.Of(!b),
        "first" when args is [List<object?> l] => l.Count > 0 ? Resolved.Of(l[0]) : Resolved.Fail("`first(…)` of an empty list"),
        "last" when args is [List<object?> l] => l.Count > 0 ? Resolved.Of(l[^1]) : Resolved.Fail("`last(…)` of an empty list"),
        "first" when args is [string { Length: > 0 } t] => Resolved.Of(t[..1]),
        "last" when args is [string { Length: > 0 } t] => Resolved.Of(t[^1..]),
        "empty" when args is [var value] => value switch
        {
            null => Resolved.Of(true),
            string t => Resolved.Of(t.Length == 0),
            List<object?> l => Resolved.Of(l.Count == 0),
            Dictionary<string, object?> d => Resolved.Of(d.Count == 0),
            _ => Resolved.Fail("`empty(…)` of a value that is not a string, list or object"),
        },
        _ => Resolved.Fail($"`{function}(…)` with these arguments cannot be evaluated statically"),
    };

    private static Resolved Length(object? value) => value switch
    {
        List<object?> l => Resolved.Of((decimal)l.Count),
        Dictionary<string, object?> d => Resolved.Of((decimal)d.Count),
        string s => Resolved.Of((decimal)s.Length),
        _ => Resolved.Fail("`length(…)` of a value that is not a list, map or string"),
    };

    private static List<object?> Distinct(List<object?> items)
    {
        var seen = new HashSet<object?>();
        return [.. items.Where(seen.Add)];
    }

    private static Dictionary<string, object?> Merge(List<object?> maps)
    {
        var merged = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase);
        foreach (var m in maps.Cast<Dictionary<string, object?>>())
            foreach (var (k, v) in m) merged[k] = v; // the last map wins, as in both languages
        return merged;
    }

    /// <summary>Terraform: <c>range(limit)</c>, <c>range(start, limit)</c>, <c>range(start, limit, step)</c>; Bicep: <c>range(start, count)</c>.</summary>
    private static Resolved Range(List<object?> args, IacDialect dialect)
    {
        if (!args.All(a => a is decimal)) return Resolved.Fail("`range(…)` of values that are not numbers");
        var n = args.Cast<decimal>().ToArray();
        if (dialect == IacDialect.Bicep)
            return n is [var start, var count] && count >= 0 && count <= MaxItems
                ? Resolved.Of(Enumerable.Range(0, (int)count).Select(i => (object?)(start + i)).ToList())
                : Resolved.Fail($"`range(…)` needs a start and a count from 0 to {MaxItems:N0}");
        var (from, limit, step) = n switch
        {
            [var l] => (0m, l, 1m),
            [var s, var l] => (s, l, s <= l ? 1m : -1m),
            [var s, var l, var st] => (s, l, st),
            _ => (0m, 0m, 0m),
        };
        if (step == 0 || (limit - from) / step > MaxItems) return Resolved.Fail($"`range(…)` needs a step that is not 0 and at most {MaxItems:N0} values");
        var items = new List<object?>();
        for (var v = from; step > 0 ? v < limit : v > limit; v += step) items.Add(v);
        return Resolved.Of(items);
    }

    private static Resolved Bounded(IEnumerable<object?> items)
    {
        var list = items.Take(MaxItems + 1).ToList();
        return list.Count > MaxItems ? Resolved.Fail($"a list of more than {MaxItems:N0} values") : Resolved.Of(list);
    }
}

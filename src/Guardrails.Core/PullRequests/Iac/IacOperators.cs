using System.Globalization;

namespace Guardrails.Core.PullRequests.Iac;

/// <summary>
/// The operators of both languages on known values: <c>env == 'prod' ? 'Standard_ND96asr_v4' : 'Standard_NC6s_v3'</c>,
/// <c>count = var.enabled ? 2 : 0</c>, <c>var.nodes * 2</c>. An operand that is unknown makes the result unknown with the
/// operand's reason; values of the wrong kind (a string plus a number) are unknown, never coerced. Only the chosen branch
/// of a ternary is evaluated, and <c>&amp;&amp;</c>/<c>||</c> stop early as the languages do.
/// </summary>
internal static class IacOperators
{
    public static Resolved Evaluate(TernaryExpr t, ExprEvaluator eval)
    {
        var condition = eval.Evaluate(t.Condition);
        if (!condition.IsKnown) return condition;
        return condition.Value is bool b
            ? eval.Evaluate(b ? t.WhenTrue : t.WhenFalse)
            : Resolved.Fail($"the condition `{ExprEvaluator.Describe(t.Condition)}` is not true or false");
    }

    public static Resolved Evaluate(UnaryExpr u, ExprEvaluator eval)
    {
        var operand = eval.Evaluate(u.Operand);
        if (!operand.IsKnown) return operand;
        return (u.Operator, operand.Value) switch
        {
            ("!", bool b) => Resolved.Of(!b),
            ("-", decimal d) => Resolved.Of(-d),
            _ => Cannot(u),
        };
    }

    public static Resolved Evaluate(BinaryExpr b, ExprEvaluator eval)
    {
        var left = eval.Evaluate(b.Left);
        if (b.Operator == "??") return left.IsKnown && left.Value is not null ? left : eval.Evaluate(b.Right);
        if (!left.IsKnown) return left;
        if (b.Operator is "&&" or "||" && left.Value is bool l && l == (b.Operator == "||")) return Resolved.Of(l);
        var right = eval.Evaluate(b.Right);
        if (!right.IsKnown) return right;
        return Apply(b, left.Value, right.Value);
    }

    private static Resolved Apply(BinaryExpr b, object? left, object? right)
    {
        try
        {
            return (b.Operator, left, right) switch
            {
                ("&&" or "||", bool, bool r) => Resolved.Of(r),
                ("==", _, _) => Resolved.Of(Same(left, right, StringComparison.Ordinal)),
                ("!=", _, _) => Resolved.Of(!Same(left, right, StringComparison.Ordinal)),
                ("=~", string x, string y) => Resolved.Of(string.Equals(x, y, StringComparison.OrdinalIgnoreCase)),
                ("!~", string x, string y) => Resolved.Of(!string.Equals(x, y, StringComparison.OrdinalIgnoreCase)),
                ("<", decimal x, decimal y) => Resolved.Of(x < y),
                (">", decimal x, decimal y) => Resolved.Of(x > y),
                ("<=", decimal x, decimal y) => Resolved.Of(x <= y),
                (">=", decimal x, decimal y) => Resolved.Of(x >= y),
                ("+", decimal x, decimal y) => Resolved.Of(x + y),
                ("-", decimal x, decimal y) => Resolved.Of(x - y),
                ("*", decimal x, decimal y) => Resolved.Of(x * y),
                ("/", decimal x, decimal y) when y != 0 => Resolved.Of(x / y),
                ("%", decimal x, decimal y) when y != 0 => Resolved.Of(x % y),
                _ => Cannot(b),
            };
        }
        catch (OverflowException)
        {
            return Resolved.Fail($"`{ExprEvaluator.Describe(b)}` is beyond the range of numbers");
        }
    }

    /// <summary>Equality of two known values: numbers by value, strings and booleans exactly, null only with null.</summary>
    private static bool Same(object? x, object? y, StringComparison comparison) => (x, y) switch
    {
        (null, null) => true,
        (decimal a, decimal b) => a == b,
        (string a, string b) => string.Equals(a, b, comparison),
        (bool a, bool b) => a == b,
        _ => false,
    };

    private static Resolved Cannot(Expr e) =>
        Resolved.Fail($"`{ExprEvaluator.Describe(e)}` cannot be evaluated statically (values of another kind)");
}

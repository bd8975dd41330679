using System.Globalization;
using System.Text;

namespace Guardrails.Core.PullRequests.Iac;

/// <summary>
/// Terraform's pure string and number functions, as its documentation gives them (developer.hashicorp.com/terraform/
/// language/functions): how a configuration builds a size name (<c>format("Standard_NC%dads_A100_v4", var.cores)</c>,
/// <c>join("_", ["Standard", var.family])</c>, <c>replace(var.size, "T4", "A100")</c>). Evaluated on known arguments only
/// (the caller evaluates them; an unknown argument makes the result unknown); a value of the wrong kind, anything the
/// documentation leaves open here (format flags and widths, regular expressions) or a text longer than
/// <see cref="ExprEvaluator.MaxText"/> is unknown with the reason, never guessed. <c>lower</c>, <c>upper</c>,
/// <c>tonumber</c>, <c>length</c>, <c>concat</c>, <c>lookup</c>, <c>element</c>, <c>contains</c> and <c>coalesce</c>
/// are the readers' shared functions (<see cref="ExprEvaluator"/>, <see cref="IacFunctions"/>).
/// </summary>
internal static class TerraformFunctions
{
    private static readonly HashSet<string> s_names =
        ["format", "join", "replace", "substr", "trimspace", "trimprefix", "trimsuffix", "tostring", "split", "min", "max"];

    /// <summary>Whether <paramref name="function"/> (lower case) is one of these (<c>try</c> is evaluated lazily: <see cref="Try"/>).</summary>
    public static bool Handles(string function) => s_names.Contains(function);

    public static Resolved Call(string function, List<object?> args) => function switch
    {
        "format" when args is [string pattern, ..] => Format(pattern, args.Skip(1).ToList()),
        "join" when args is [string separator, _, ..] => Join(separator, args.Skip(1).ToList()),
        // A substring in slashes is a regular expression (RE2): not evaluated here. An empty one is left open too.
        "replace" when args is [string s, string old, string by] && old.Length > 0 && !(old.Length > 1 && old[0] == '/' && old[^1] == '/') =>
            IacValueFunctions.Replace(s, old, by),
        "substr" when args is [string s, decimal offset, decimal length] => Substr(s, offset, length),
        "trimspace" when args is [string s] => Resolved.Of(s.Trim()),
        "trimprefix" when args is [string s, string prefix] => Resolved.Of(s.StartsWith(prefix, StringComparison.Ordinal) ? s[prefix.Length..] : s),
        "trimsuffix" when args is [string s, string suffix] => Resolved.Of(s.EndsWith(suffix, StringComparison.Ordinal) ? s[..^suffix.Length] : s),
        "tostring" when args is [var v] => v is null ? Resolved.Of(null) : Text(v) is { } t ? Resolved.Of(t) : Cannot(function),
        // split(separator, string): the separator comes first, unlike ARM's split(string, delimiter).
        "split" when args is [string separator, string s] && separator.Length > 0 => IacValueFunctions.Call("split", [s, separator]),
        // Numbers only (min([1, 2]) is an error in Terraform: it takes min(list...)).
        "min" or "max" when args.Count > 0 && args.All(a => a is decimal) => IacValueFunctions.Call(function, args),
        _ => Cannot(function),
    };

    /// <summary><c>try(a, b, …)</c>: the first argument that can be evaluated. An argument that is not known here may be an
    /// error (Terraform moves on) or a value known only at apply (the result is unknown): the two cannot be told apart, so
    /// the result is the first argument when it is known, and unknown otherwise.</summary>
    public static Resolved Try(IReadOnlyList<Expr> arguments, ExprEvaluator eval)
    {
        if (arguments.Count == 0) return Resolved.Fail("`try(…)` needs an argument");
        var first = eval.Evaluate(arguments[0]);
        return first.IsKnown && UnknownValue.In(first.Value) is null ? first
            : Resolved.Fail($"`try(…)`: its first argument is not known here ({first.Unresolved ?? UnknownValue.In(first.Value)!.Reason})");
    }

    /// <summary>The verbs <c>%s</c>, <c>%d</c>, <c>%v</c>, <c>%t</c> and <c>%%</c>, one argument each in order; flags,
    /// widths, precisions, explicit indexes and other verbs are unknown, and so are too few or too many arguments (both are
    /// errors in Terraform).</summary>
    private static Resolved Format(string pattern, List<object?> args)
    {
        var sb = new StringBuilder();
        var next = 0;
        for (var i = 0; i < pattern.Length; i++)
        {
            if (pattern[i] != '%') { sb.Append(pattern[i]); continue; }
            if (++i == pattern.Length) return Resolved.Fail("`format(…)`: the pattern ends in a lone %");
            if (pattern[i] == '%') { sb.Append('%'); continue; }
            if (next >= args.Count) return Resolved.Fail("`format(…)`: more verbs than arguments");
            if (Verb(pattern[i], args[next++]) is not { } text) return Resolved.Fail($"`format(…)`: verb %{pattern[i]} of argument {next} is not evaluated here");
            if (sb.Length + text.Length > ExprEvaluator.MaxText) return TooLong;
            sb.Append(text);
        }
        return next < args.Count ? Resolved.Fail("`format(…)`: more arguments than verbs") : Resolved.Of(sb.ToString());
    }

    private static string? Verb(char verb, object? value) => verb switch
    {
        's' or 'v' when value is not bool => Text(value),
        'v' or 's' or 't' when value is bool b => b ? "true" : "false",
        'd' => (value is string s ? Number(s) : value as decimal?) is { } d && d == decimal.Truncate(d) ? Text(d) : null,
        _ => null,
    };

    private static Resolved Join(string separator, List<object?> lists)
    {
        if (!lists.All(l => l is List<object?>)) return Cannot("join");
        var items = lists.SelectMany(l => (List<object?>)l!).ToList();
        var texts = items.Select(i => i is bool b ? (b ? "true" : "false") : Text(i)).ToList();
        if (texts.Any(t => t is null)) return Resolved.Fail("`join(…)`: an element is not a string, number or bool");
        var length = texts.Sum(t => (long)t!.Length) + ((long)Math.Max(0, texts.Count - 1) * separator.Length);
        return length > ExprEvaluator.MaxText ? TooLong : Resolved.Of(string.Join(separator, texts));
    }

    /// <summary>Offset and length count Unicode characters (grapheme clusters); a negative offset counts from the end; a length
    /// of -1, or one beyond the end, takes the rest. An offset outside the string is unknown.</summary>
    private static Resolved Substr(string s, decimal offset, decimal length)
    {
        var info = new StringInfo(s);
        var count = info.LengthInTextElements;
        if (offset != decimal.Truncate(offset) || length != decimal.Truncate(length)) return Resolved.Fail("`substr(…)`: an offset or length that is not whole");
        var start = offset < 0 ? count + offset : offset;
        if (start < 0 || start > count || length < -1) return Resolved.Fail("`substr(…)` is outside the string");
        var take = length == -1 ? count - start : Math.Min(length, count - start);
        return Resolved.Of(take == 0 ? "" : info.SubstringByTextElements((int)start, (int)take));
    }

    /// <summary>A string, number or bool as Terraform converts it to a string (a number without trailing zeros).</summary>
    private static string? Text(object? value) => value switch
    {
        string s => s,
        decimal d => d.ToString("0.############################", CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        _ => null,
    };

    private static decimal? Number(string s) =>
        decimal.TryParse(s, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent, CultureInfo.InvariantCulture, out var d)
        && !s.StartsWith('+') ? d : null;

    private static Resolved TooLong => Resolved.Fail($"a text longer than {ExprEvaluator.MaxText:N0} characters");

    private static Resolved Cannot(string function) =>
        Resolved.Fail($"`{function}(…)` with these arguments cannot be evaluated statically");
}

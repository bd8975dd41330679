using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Guardrails.Core.PullRequests.Iac;

/// <summary>
/// The pure number, comparison and string functions of ARM templates and Bicep (<c>add</c>, <c>mul</c>, <c>div</c>,
/// <c>min</c>, <c>greater</c>, <c>format</c>, <c>string</c>, <c>createArray</c>, <c>split</c>, <c>take</c>, …): how
/// quickstart templates compute a count (<c>[mul(parameters('nodes'), 2)]</c>) or a size name
/// (<c>[format('Standard_NC{0}as_T4_v3', parameters('cores'))]</c>). Evaluated on known arguments only; values of the
/// wrong kind, a division by zero or a result beyond <see cref="IacFunctions.MaxItems"/> are unknown, never coerced.
/// </summary>
internal static partial class IacValueFunctions
{
    private static readonly HashSet<string> s_names =
    [
        "add", "sub", "mul", "div", "mod", "min", "max", "greater", "greaterorequals", "less", "lessorequals",
        "format", "string", "bool", "json", "createarray", "createobject", "array", "split", "replace", "substring",
        "take", "skip", "trim", "uri", "startswith", "endswith", "indexof", "lastindexof", "padleft", "tryget", "true", "false", "null",
    ];

    /// <summary>Whether <paramref name="function"/> (lower case) is one of these.</summary>
    public static bool Handles(string function) => s_names.Contains(function);

    public static Resolved Call(string function, List<object?> args)
    {
        try
        {
            return function switch
            {
                "add" or "sub" or "mul" or "div" or "mod" => Arithmetic(function, args),
                "min" or "max" => Extreme(function == "max", args),
                "greater" or "greaterorequals" or "less" or "lessorequals" => Compare(function, args),
                "format" when args is [string pattern, ..] => Format(pattern, args.Skip(1).ToList()),
                "string" when args is [var v] => Text(v) is { } s ? Resolved.Of(s) : Cannot(function),
                "bool" when args is [var v] => v switch
                {
                    bool b => Resolved.Of(b),
                    string s when bool.TryParse(s, out var b) => Resolved.Of(b),
                    _ => Cannot(function),
                },
                "json" when args is [string s] => Json(s.Trim()),
                "createarray" => Resolved.Of(args),
                "createobject" when args.Count % 2 == 0 && args.Where((_, i) => i % 2 == 0).All(k => k is string) =>
                    Resolved.Of(Enumerable.Range(0, args.Count / 2).ToDictionary(i => (string)args[2 * i]!, i => args[(2 * i) + 1], StringComparer.OrdinalIgnoreCase)),
                "array" when args is [var v] => Resolved.Of(v as List<object?> ?? [v]),
                "split" when args is [string s, string d] => Resolved.Of(s.Split(d).Cast<object?>().ToList()),
                "split" when args is [string s, List<object?> ds] && ds.All(d => d is string) => Resolved.Of(s.Split([.. ds.Cast<string>()], StringSplitOptions.None).Cast<object?>().ToList()),
                "replace" when args is [string s, string old, string by] && old.Length > 0 => Replace(s, old, by),
                "substring" => Substring(args),
                "take" or "skip" => TakeOrSkip(function == "take", args),
                "trim" when args is [string s] => Resolved.Of(s.Trim()),
                // uri(base, relative): the relative reference resolved against the base, as a URI (how templates name the
                // templates they link: uri(deployment().properties.templateLink.uri, 'nested/vm.json')).
                "uri" when args is [string b, string r] && Uri.TryCreate(b, UriKind.Absolute, out var baseUri) && Uri.TryCreate(baseUri, r, out var u) =>
                    Resolved.Of(u.AbsoluteUri),
                "tryget" when args.Count >= 2 => TryGet(args),
                "true" or "false" when args.Count == 0 => Resolved.Of(function == "true"), // ARM's true() and false()
                "null" when args.Count == 0 => Resolved.Of(null),
                "startswith" when args is [string s, string p] => Resolved.Of(s.StartsWith(p, StringComparison.OrdinalIgnoreCase)),
                "endswith" when args is [string s, string p] => Resolved.Of(s.EndsWith(p, StringComparison.OrdinalIgnoreCase)),
                "indexof" when args is [string s, string p] => Resolved.Of((decimal)s.IndexOf(p, StringComparison.OrdinalIgnoreCase)),
                "lastindexof" when args is [string s, string p] => Resolved.Of((decimal)s.LastIndexOf(p, StringComparison.OrdinalIgnoreCase)),
                "padleft" when args is [var v, decimal n, ..] && Text(v) is { } s && n >= 0 && n <= IacFunctions.MaxItems && args.Count <= 3 =>
                    Resolved.Of(s.PadLeft((int)n, args.Count == 3 && args[2] is string { Length: 1 } c ? c[0] : ' ')),
                _ => Cannot(function),
            };
        }
        catch (OverflowException)
        {
            return Resolved.Fail($"`{function}(…)` is beyond the range of numbers");
        }
    }

    /// <summary>ARM's integer arithmetic: <c>div</c> truncates toward zero, <c>mod</c> is the remainder; a division by zero is unknown.</summary>
    private static Resolved Arithmetic(string function, List<object?> args)
    {
        if (args is not [decimal x, decimal y]) return Cannot(function);
        if (function is "div" or "mod" && y == 0) return Resolved.Fail($"`{function}(…)` divides by zero");
        return Resolved.Of(function switch
        {
            "add" => x + y,
            "sub" => x - y,
            "mul" => x * y,
            "div" => decimal.Truncate(x / y),
            _ => x % y,
        });
    }

    /// <summary><c>min(1, 2, 3)</c> or <c>min([1, 2, 3])</c>.</summary>
    private static Resolved Extreme(bool max, List<object?> args)
    {
        var items = args is [List<object?> l] ? l : args;
        if (items.Count == 0 || !items.All(i => i is decimal)) return Cannot(max ? "max" : "min");
        var numbers = items.Cast<decimal>();
        return Resolved.Of(max ? numbers.Max() : numbers.Min());
    }

    private static Resolved Compare(string function, List<object?> args)
    {
        int? order = args switch
        {
            [decimal x, decimal y] => x.CompareTo(y),
            [string x, string y] => string.CompareOrdinal(x, y),
            _ => null,
        };
        if (order is not { } o) return Cannot(function);
        return Resolved.Of(function switch
        {
            "greater" => o > 0,
            "greaterorequals" => o >= 0,
            "less" => o < 0,
            _ => o <= 0,
        });
    }

    /// <summary>.NET composite formatting as ARM and Bicep do it: <c>{0}</c>, <c>{1:D3}</c>, <c>{{</c> and <c>}}</c>;
    /// an index without an argument or a format that does not apply is unknown.</summary>
    private static Resolved Format(string pattern, List<object?> args)
    {
        var sb = new StringBuilder();
        var at = 0;
        foreach (Match m in Placeholder().Matches(pattern))
        {
            sb.Append(pattern, at, m.Index - at);
            at = m.Index + m.Length;
            if (m.Value is "{{" or "}}") { sb.Append(m.Value[0]); continue; }
            var index = int.Parse(m.Groups["index"].Value, CultureInfo.InvariantCulture);
            if (index >= args.Count) return Resolved.Fail($"`format(…)`: no argument {{{index}}}");
            var spec = m.Groups["spec"].Success ? m.Groups["spec"].Value : null;
            if (Formatted(args[index], spec) is not { } text) return Resolved.Fail($"`format(…)`: argument {{{index}}} cannot be written as '{spec}'");
            if (sb.Length + text.Length > ExprEvaluator.MaxText) return TooLong;
            sb.Append(text);
        }
        var rest = pattern[at..];
        if (rest.Contains('{') || rest.Contains('}')) return Resolved.Fail("`format(…)`: a brace that opens no placeholder");
        return Resolved.Of(sb.Append(rest).ToString());
    }

    private static string? Formatted(object? value, string? spec)
    {
        if (spec is null) return Text(value);
        if (value is not decimal d) return null;
        try
        {
            // Integer formats ("D3", "X") apply to whole numbers only, as ARM's int.
            return d == decimal.Truncate(d) && d >= long.MinValue && d <= long.MaxValue
                ? ((long)d).ToString(spec, CultureInfo.InvariantCulture)
                : d.ToString(spec, CultureInfo.InvariantCulture);
        }
        catch (FormatException)
        {
            return null;
        }
    }

    [GeneratedRegex(@"\{\{|\}\}|\{(?<index>[0-9]{1,3})(?::(?<spec>[A-Za-z][0-9]{0,2}))?\}", RegexOptions.CultureInvariant)]
    private static partial Regex Placeholder();

    /// <summary>A value as text: strings as they are, numbers invariantly; others (lists, objects, booleans) are not written here.</summary>
    private static string? Text(object? value) => value switch
    {
        string s => s,
        decimal d => d.ToString(CultureInfo.InvariantCulture),
        _ => null,
    };

    /// <summary><c>json('null')</c>, booleans and numbers (what templates pass to clear or set a property); other JSON is not read here.</summary>
    private static Resolved Json(string s) => s switch
    {
        "null" => Resolved.Of(null),
        "true" => Resolved.Of(true),
        "false" => Resolved.Of(false),
        _ when decimal.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) => Resolved.Of(d),
        _ => Resolved.Fail("`json(…)` of an object or array is not evaluated"),
    };

    /// <summary>The result's length is known before it is built: longer than <see cref="ExprEvaluator.MaxText"/> is unknown.</summary>
    internal static Resolved Replace(string s, string old, string by)
    {
        long count = 0;
        for (var at = s.IndexOf(old, StringComparison.Ordinal); at >= 0; at = s.IndexOf(old, at + old.Length, StringComparison.Ordinal)) count++;
        return s.Length + (count * (by.Length - old.Length)) > ExprEvaluator.MaxText
            ? TooLong
            : Resolved.Of(s.Replace(old, by, StringComparison.Ordinal));
    }

    private static Resolved TooLong => Resolved.Fail($"a text longer than {ExprEvaluator.MaxText:N0} characters");

    private static Resolved Substring(List<object?> args)
    {
        if (args is not [string s, decimal start, ..] || args.Count > 3) return Cannot("substring");
        var length = args.Count == 3 ? args[2] as decimal? : s.Length - start;
        if (length is not { } n || start < 0 || n < 0 || start + n > s.Length) return Resolved.Fail("`substring(…)` is outside the string");
        return Resolved.Of(s.Substring((int)start, (int)n));
    }

    private static Resolved TakeOrSkip(bool take, List<object?> args)
    {
        if (args is not [var source, decimal n]) return Cannot(take ? "take" : "skip");
        var count = (int)Math.Clamp(decimal.Truncate(n), 0, int.MaxValue);
        return source switch
        {
            string s => Resolved.Of(take ? s[..Math.Min(count, s.Length)] : s[Math.Min(count, s.Length)..]),
            List<object?> l => Resolved.Of(take ? l.Take(count).ToList() : l.Skip(count).ToList()),
            _ => Cannot(take ? "take" : "skip"),
        };
    }

    /// <summary>ARM's <c>tryGet(value, key or index, …)</c> (what Bicep's <c>value.?key</c> compiles to): null where a key or
    /// index is not there, the member otherwise (unknown when that member is).</summary>
    private static Resolved TryGet(List<object?> args)
    {
        var value = args[0];
        foreach (var key in args.Skip(1))
            value = (value, key) switch
            {
                (null, _) => null,
                (Dictionary<string, object?> d, string k) => d.TryGetValue(k, out var v) ? v : null,
                (List<object?> l, decimal n) => n >= 0 && n < l.Count && n == decimal.Truncate(n) ? l[(int)n] : null,
                _ => s_notFound,
            };
        return ReferenceEquals(value, s_notFound) ? Cannot("tryGet") : Resolved.Of(value);
    }

    private static readonly object s_notFound = new();

    private static Resolved Cannot(string function) =>
        Resolved.Fail($"`{function}(…)` with these arguments cannot be evaluated statically");
}

using System.Globalization;

namespace Guardrails.Core.PullRequests.Iac;

/// <summary>
/// A small expression tree shared by the Bicep and Terraform readers. Only literals, objects, arrays and references
/// are ever evaluated; everything else (operators, most functions) stays opaque and makes a value "unresolved".
/// </summary>
public abstract record Expr(int Line);

public sealed record LiteralExpr(object? Value, int Line) : Expr(Line);

/// <summary>A string with interpolation: parts are <see cref="string"/> or <see cref="Expr"/>.</summary>
public sealed record InterpolatedExpr(IReadOnlyList<object> Parts, int Line) : Expr(Line);

public sealed record ObjectExpr(IReadOnlyList<KeyValuePair<string, Expr>> Properties, int Line) : Expr(Line)
{
    /// <summary>The key's value; when a spread (<c>...other</c>) may set it (it follows the key, or the key is not written),
    /// the key of the whole object, known only when the spread is.</summary>
    public Expr? Get(string key)
    {
        var at = -1;
        for (var i = 0; i < Properties.Count; i++)
            if (string.Equals(Properties[i].Key, key, StringComparison.OrdinalIgnoreCase)) at = i;
        for (var i = at + 1; i < Properties.Count; i++)
            if (Properties[i].Value is SpreadExpr) return new MemberExpr(this, key, Line, Safe: true);
        return at < 0 ? null : Properties[at].Value;
    }
}

/// <summary>Bicep's spread <c>...expr</c> in an object (its properties) or an array (its items).</summary>
public sealed record SpreadExpr(Expr Value, int Line) : Expr(Line);

public sealed record ArrayExpr(IReadOnlyList<Expr> Items, int Line) : Expr(Line);

/// <summary>A loop: Bicep <c>[for x in source: body]</c> or <c>[for (x, i) in source: body]</c>; <see cref="Item"/> and
/// <see cref="Index"/> are the names the body uses.</summary>
public sealed record ForExpr(Expr Source, Expr Body, int Line, string? Item = null, string? Index = null) : Expr(Line);

/// <summary>Terraform's <c>[for k, v in source : value if cond]</c> or <c>{for k, v in source : key =&gt; value if cond}</c>
/// (<see cref="Key"/> set: a map; <see cref="Grouped"/>: <c>...</c>). <see cref="KeyName"/> is null with one name.</summary>
public sealed record HclForExpr(Expr Source, string? KeyName, string ValueName, Expr? Key, Expr Value, Expr? Condition, bool Grouped, int Line) : Expr(Line);

/// <summary>Bicep <c>if (cond) body</c>: the body is deployed only when the condition holds.</summary>
public sealed record ConditionalExpr(Expr Condition, Expr Body, int Line) : Expr(Line);

public sealed record RefExpr(string Name, int Line) : Expr(Line);

/// <summary><c>target.member</c>; <see cref="Safe"/> for Bicep's <c>target.?member</c> (null when the member is not there).</summary>
public sealed record MemberExpr(Expr Target, string Member, int Line, bool Safe = false) : Expr(Line);

public sealed record IndexExpr(Expr Target, Expr Index, int Line) : Expr(Line);

public sealed record CallExpr(string Function, IReadOnlyList<Expr> Arguments, int Line) : Expr(Line);

/// <summary>A lambda, Bicep's <c>x =&gt; body</c> or <c>(acc, x, i) =&gt; body</c> and ARM's <c>lambda('x', body)</c>: an argument of
/// the functions that take one (<see cref="IacLambdaFunctions"/>), never a value of its own.</summary>
public sealed record LambdaExpr(IReadOnlyList<string> Parameters, Expr Body, int Line) : Expr(Line);

/// <summary><c>a op b</c>: arithmetic, comparison, logic and Bicep's <c>??</c>, <c>=~</c>, <c>!~</c>.</summary>
public sealed record BinaryExpr(Expr Left, string Operator, Expr Right, int Line) : Expr(Line);

/// <summary><c>!a</c> or <c>-a</c>.</summary>
public sealed record UnaryExpr(string Operator, Expr Operand, int Line) : Expr(Line);

/// <summary><c>condition ? a : b</c> (both languages).</summary>
public sealed record TernaryExpr(Expr Condition, Expr WhenTrue, Expr WhenFalse, int Line) : Expr(Line);

/// <summary>A value known to be unknown, with the reason (a value a module call passes that is known only at apply).</summary>
public sealed record UnknownExpr(string Reason, int Line) : Expr(Line);

/// <summary>Anything we do not evaluate (operators, ternaries, for-expressions in HCL); <see cref="Text"/> describes it.</summary>
public sealed record OpaqueExpr(string Text, int Line) : Expr(Line);

/// <summary>
/// A member of an object whose value is not known before deployment (<c>{ vm_size = "Standard_NC6s_v3", subnet =
/// azurerm_subnet.x.id }</c>): the object is known — its keys, its other members — and this member is unknown with the
/// reason wherever it is read. Functions that would decide something from it (<c>contains</c>, <c>toset</c>, equality)
/// are unknown.
/// </summary>
public sealed record UnknownValue(string Reason)
{
    /// <summary>The first unknown among a value and, one level down, its elements or members.</summary>
    public static UnknownValue? In(object? value) => value switch
    {
        UnknownValue u => u,
        List<object?> l => l.OfType<UnknownValue>().FirstOrDefault(),
        Dictionary<string, object?> d => d.Values.OfType<UnknownValue>().FirstOrDefault(),
        _ => null,
    };
}

/// <summary>The result of evaluating an expression: a value, or the reason it could not be known statically.</summary>
public readonly record struct Resolved(object? Value, string? Unresolved)
{
    public bool IsKnown => Unresolved is null;
    public static Resolved Of(object? v) => new(v, null);
    public static Resolved Fail(string reason) => new(null, reason);

    public string? AsString() => Value switch
    {
        string s => s,
        decimal d => d.ToString(CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        _ => null,
    };

    public decimal? AsDecimal() => Value switch
    {
        decimal d => d,
        string s when decimal.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) => d,
        _ => null,
    };
}

/// <summary>Which language's built-in functions a call names (Bicep's <c>range(start, count)</c> is not Terraform's <c>range(start, limit)</c>).</summary>
public enum IacDialect { Bicep, Terraform }

/// <summary>Evaluates expressions against named values (Bicep params/vars, Terraform variables/locals).</summary>
/// <remarks>A hostile file cannot make it run or allocate without bound: nesting stops at 64 levels, one file's evaluation
/// at <see cref="MaxSteps"/> steps (values that refer to each other twice per level would otherwise double the work per
/// level), and a string at <see cref="MaxText"/> characters; beyond these a value is unknown, with the reason.</remarks>
public sealed class ExprEvaluator(Func<Expr, string, Resolved?> resolveReference, IacDialect dialect = IacDialect.Bicep)
{
    public const int MaxSteps = 2_000_000, MaxText = 100_000;

    /// <summary>The steps taken, shared by this evaluator and those made <see cref="With"/> it.</summary>
    private sealed class StepCount
    {
        public int Steps;
        /// <summary>User-defined function calls in progress: a function that calls itself stops at <see cref="MaxCalls"/>.</summary>
        public int Calls;
    }

    /// <summary>How deep user-defined functions may call each other (each call evaluates in an evaluator of its own).</summary>
    private const int MaxCalls = 32;

    private StepCount _steps = new();

    /// <summary>Where the file functions (<c>loadJsonContent</c>, <c>file</c>) read: a path as written → its text, or why not.</summary>
    private Func<string, (string? Text, string? NotRead)>? _files;

    /// <summary>The same values and functions with more names in scope (Terraform's <c>each</c> and <c>count</c> of one instance).</summary>
    public ExprEvaluator With(Func<Expr, string, Resolved?> inner) =>
        new((expr, text) => inner(expr, text) is { } r ? r : resolveReference(expr, text), dialect) { _steps = _steps, _files = _files, _functions = _functions };

    /// <summary>The file's user-defined functions (Bicep <c>func</c>): name → parameter names and body.</summary>
    private IReadOnlyDictionary<string, (IReadOnlyList<string> Parameters, Expr Body)>? _functions;

    /// <summary>This evaluator calls <paramref name="functions"/> by name (a call binds the arguments to the parameters).</summary>
    internal ExprEvaluator CallingFunctions(IReadOnlyDictionary<string, (IReadOnlyList<string> Parameters, Expr Body)> functions)
    {
        _functions = functions.Count == 0 ? null : functions;
        return this;
    }

    /// <summary>This evaluator's file functions read through <paramref name="files"/> (<see cref="ModuleSources.Reader"/>).</summary>
    internal ExprEvaluator ReadingFiles(Func<string, (string? Text, string? NotRead)>? files)
    {
        _files = files;
        return this;
    }

    /// <summary>The text of the file a file function names, or why it is not read.</summary>
    internal (string? Text, string? NotRead) ReadFile(string path) => _files?.Invoke(path) ?? (null, "files are not read in this context");

    /// <summary>This evaluator counts its steps with <paramref name="other"/>'s (a template nested in another of the same file).</summary>
    internal ExprEvaluator CountingStepsWith(ExprEvaluator other)
    {
        _steps = other._steps;
        return this;
    }

    private int _depth;

    public Resolved Evaluate(Expr? expr)
    {
        if (expr is null) return Resolved.Fail("missing");
        if (++_steps.Steps > MaxSteps) return Resolved.Fail($"the file's expressions take more than {MaxSteps:N0} steps to evaluate");
        if (++_depth > 64) { _depth--; return Resolved.Fail("nested deeper than 64 levels (or a reference cycle)"); }
        try
        {
            var result = EvaluateNode(expr);
            return result.Value switch
            {
                string { Length: > MaxText } => Resolved.Fail($"a text longer than {MaxText:N0} characters"),
                UnknownValue u => Resolved.Fail(u.Reason), // a member read out of a partly known object
                _ => result,
            };
        }
        finally { _depth--; }
    }

    private Resolved EvaluateNode(Expr expr) => expr switch
    {
        LiteralExpr l => Resolved.Of(l.Value),
        InterpolatedExpr i => EvaluateInterpolation(i),
        ObjectExpr o => EvaluateObject(o),
        ArrayExpr a => EvaluateArray(a),
        RefExpr or MemberExpr => resolveReference(expr, Describe(expr)) ?? EvaluateMember(expr),
        IndexExpr ix => EvaluateIndex(ix),
        CallExpr c => EvaluateCall(c),
        ConditionalExpr c => Evaluate(c.Body),
        BinaryExpr b => IacOperators.Evaluate(b, this),
        UnaryExpr u => IacOperators.Evaluate(u, this),
        TernaryExpr t => IacOperators.Evaluate(t, this),
        HclForExpr f => HclForExpressions.Evaluate(f, this),
        ForExpr f => EvaluateFor(f),
        UnknownExpr u => Resolved.Fail(u.Reason),
        LambdaExpr => Resolved.Fail($"the lambda `{Describe(expr)}` is not a value (only an argument of map, filter, reduce, …)"),
        _ => Resolved.Fail($"expression `{Describe(expr)}` is not a literal"),
    };

    /// <summary>A loop as a value (a Bicep property loop <c>agentPoolProfiles: [for p in pools: {…}]</c>, an ARM property or
    /// variable <c>copy</c>): each element's body with the element and index bound, an element whose <c>if</c> is false
    /// left out; unknown when the source, a body or a condition is.</summary>
    private Resolved EvaluateFor(ForExpr f)
    {
        var source = Evaluate(f.Source);
        if (!source.IsKnown) return source;
        var elements = source.Value switch
        {
            List<object?> l => l,
            decimal d when d >= 0 && d == decimal.Truncate(d) && d <= IacFunctions.MaxItems => [.. Enumerable.Range(0, (int)d).Select(i => (object?)(decimal)i)],
            _ => null,
        };
        if (elements is null) return Resolved.Fail($"the loop's source `{Describe(f.Source)}` is not a list or a whole number from 0 to {IacFunctions.MaxItems:N0}");
        var items = new List<object?>(elements.Count);
        for (var i = 0; i < elements.Count; i++)
        {
            var (element, index) = (elements[i], (decimal)i);
            var bound = With((expr, _) => expr is RefExpr r ? r.Name == f.Item ? Resolved.Of(element) : r.Name == f.Index ? Resolved.Of(index) : null : null);
            var body = f.Body;
            if (body is ConditionalExpr c)
            {
                var condition = bound.Evaluate(c.Condition);
                if (!condition.IsKnown) return condition;
                if (condition.Value is false) continue;
                body = c.Body;
            }
            var value = bound.Evaluate(body);
            if (!value.IsKnown) return value;
            items.Add(value.Value);
        }
        return Resolved.Of(items);
    }

    private Resolved EvaluateMember(Expr expr)
    {
        if (expr is MemberExpr m)
        {
            var target = Evaluate(m.Target);
            if (!target.IsKnown) return target;
            if (target.Value is Dictionary<string, object?> d && d.TryGetValue(m.Member, out var v)) return Resolved.Of(v);
            if (m.Safe && target.Value is null or Dictionary<string, object?>) return Resolved.Of(null);
        }
        return Resolved.Fail($"`{Describe(expr)}` cannot be resolved statically");
    }

    private Resolved EvaluateInterpolation(InterpolatedExpr i)
    {
        var sb = new System.Text.StringBuilder();
        foreach (var part in i.Parts)
        {
            if (part is string s) { sb.Append(s); continue; }
            var r = Evaluate((Expr)part);
            var text = r.AsString();
            if (text is null) return Resolved.Fail(r.Unresolved ?? $"interpolation `{Describe((Expr)part)}` is not a string");
            if (sb.Length + text.Length > MaxText) return Resolved.Fail($"a text longer than {MaxText:N0} characters");
            sb.Append(text);
        }
        return Resolved.Of(sb.ToString());
    }

    private Resolved EvaluateObject(ObjectExpr o)
    {
        var d = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase);
        foreach (var (k, v) in o.Properties)
        {
            var r = Evaluate(v is SpreadExpr s ? s.Value : v);
            if (!r.IsKnown && v is not SpreadExpr) { d[k] = new UnknownValue(r.Unresolved!); continue; } // the object stays known
            if (!r.IsKnown) return r;
            if (v is not SpreadExpr) d[k] = r.Value;
            else if (r.Value is Dictionary<string, object?> spread) foreach (var (sk, sv) in spread) d[sk] = sv;
            else if (r.Value is not null) return Resolved.Fail($"`{Describe(v)}` is not an object");
        }
        return Resolved.Of(d);
    }

    private Resolved EvaluateArray(ArrayExpr a)
    {
        var list = new List<object?>();
        foreach (var item in a.Items)
        {
            var r = Evaluate(item is SpreadExpr s ? s.Value : item);
            if (!r.IsKnown) return r;
            if (item is not SpreadExpr) list.Add(r.Value);
            else if (r.Value is List<object?> spread) list.AddRange(spread);
            else if (r.Value is not null) return Resolved.Fail($"`{Describe(item)}` is not a list");
        }
        return Resolved.Of(list);
    }

    private Resolved EvaluateIndex(IndexExpr ix)
    {
        var target = Evaluate(ix.Target);
        if (!target.IsKnown) return target;
        var index = Evaluate(ix.Index);
        if (!index.IsKnown) return index;
        if (target.Value is Dictionary<string, object?> d && index.AsString() is { } key)
            return d.TryGetValue(key, out var v) ? Resolved.Of(v) : Resolved.Fail($"key '{key}' not in map");
        if (target.Value is List<object?> list && index.AsDecimal() is { } n && n >= 0 && n < list.Count)
            return Resolved.Of(list[(int)n]);
        return Resolved.Fail($"`{Describe(ix)}` cannot be indexed statically");
    }

    private Resolved EvaluateCall(CallExpr c)
    {
        // Only pure, deterministic helpers; everything that depends on the deployment stays unresolved.
        switch (c.Function.ToLowerInvariant())
        {
            case "tolower" or "lower":
                return Map(c, s => s.ToLowerInvariant());
            case "toupper" or "upper":
                return Map(c, s => s.ToUpperInvariant());
            case "int" or "tonumber" when c.Arguments.Count == 1:
                var n = Evaluate(c.Arguments[0]);
                return n.IsKnown && n.AsDecimal() is { } dn ? Resolved.Of(dn) : Resolved.Fail(n.Unresolved ?? "not a number");
            case var f when c.Arguments.Any(a => a is LambdaExpr):
                return IacLambdaFunctions.Call(f, c.Arguments, this);
            case var f when IacFileFunctions.Handles(f, dialect):
                return IacFileFunctions.Call(f, c, this);
            case var _ when _functions is not null && _functions.TryGetValue(c.Function, out var function):
                return CallFunction(c, function.Parameters, function.Body);
            default:
                return IacFunctions.TryCall(c.Function.ToLowerInvariant(), c.Arguments, this, dialect)
                    ?? Resolved.Fail($"function `{c.Function}(…)` is evaluated at deployment time");
        }
    }

    /// <summary>A user-defined function's body with its parameters bound to the arguments (evaluated here); a call with the
    /// wrong number of arguments or an argument that cannot be known is unknown.</summary>
    private Resolved CallFunction(CallExpr c, IReadOnlyList<string> parameters, Expr body)
    {
        if (c.Arguments.Count != parameters.Count) return Resolved.Fail($"`{c.Function}(…)` takes {parameters.Count} arguments, not {c.Arguments.Count}");
        var values = new Dictionary<string, object?>(StringComparer.Ordinal);
        for (var i = 0; i < parameters.Count; i++)
        {
            var v = Evaluate(c.Arguments[i]);
            if (!v.IsKnown) return v;
            values[parameters[i]] = v.Value;
        }
        if (++_steps.Calls > MaxCalls)
        {
            _steps.Calls--;
            return Resolved.Fail($"function calls nested deeper than {MaxCalls} (a function that calls itself)");
        }
        try
        {
            var call = With((expr, _) => expr is RefExpr r && values.TryGetValue(r.Name, out var v) ? Resolved.Of(v) : null);
            call._depth = _depth; // the nesting limit counts through calls: a recursion stays within the stack
            return call.Evaluate(body);
        }
        finally { _steps.Calls--; }
    }

    private Resolved Map(CallExpr c, Func<string, string> f)
    {
        if (c.Arguments.Count != 1) return Resolved.Fail($"`{c.Function}` needs one argument");
        var r = Evaluate(c.Arguments[0]);
        return r.AsString() is { } s ? Resolved.Of(f(s)) : Resolved.Fail(r.Unresolved ?? "not a string");
    }

    /// <summary>How an expression reads in a reason; beyond <see cref="DescribeDepth"/> levels (a chain of a thousand
    /// <c>+</c> or <c>.x</c> in a hostile file) the rest is "…", never a stack overflow.</summary>
    public static string Describe(Expr e) => Describe(e, 0);

    private const int DescribeDepth = 32;

    private static string Describe(Expr e, int depth)
    {
        if (depth > DescribeDepth) return "…";
        var d = depth + 1;
        return e switch
        {
            RefExpr r => r.Name,
            MemberExpr m => $"{Describe(m.Target, d)}{(m.Safe ? ".?" : ".")}{m.Member}",
            SpreadExpr sp => "..." + Describe(sp.Value, d),
            IndexExpr i => $"{Describe(i.Target, d)}[{Describe(i.Index, d)}]",
            CallExpr c => $"{c.Function}({string.Join(", ", c.Arguments.Select(a => Describe(a, d)))})",
            LiteralExpr { Value: string s } => $"'{s}'",
            LiteralExpr l => Convert.ToString(l.Value, CultureInfo.InvariantCulture) ?? "null",
            InterpolatedExpr => "'…${…}…'",
            OpaqueExpr o => o.Text,
            BinaryExpr b => $"{Describe(b.Left, d)} {b.Operator} {Describe(b.Right, d)}",
            UnaryExpr u => u.Operator + Describe(u.Operand, d),
            TernaryExpr t => $"{Describe(t.Condition, d)} ? {Describe(t.WhenTrue, d)} : {Describe(t.WhenFalse, d)}",
            ObjectExpr => "{…}",
            ArrayExpr => "[…]",
            ForExpr or HclForExpr => "[for …]",
            LambdaExpr l => $"{(l.Parameters.Count == 1 ? l.Parameters[0] : $"({string.Join(", ", l.Parameters)})")} => {Describe(l.Body, d)}",
            ConditionalExpr => "if (…) …",
            _ => "?",
        };
    }
}

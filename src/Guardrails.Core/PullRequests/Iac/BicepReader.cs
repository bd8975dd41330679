
namespace Guardrails.Core.PullRequests.Iac;

/// <summary>
/// Reads the compute resources of a Bicep file: <c>Microsoft.Compute/virtualMachines</c> (vmSize),
/// <c>virtualMachineScaleSets</c> (sku name and capacity) and <c>Microsoft.MachineLearningServices/workspaces/computes</c>
/// (AmlCompute: vmSize, min/max nodes, LowPriority vs Dedicated; ComputeInstance). Parameter defaults and variables are
/// resolved when they are literal (including map lookups such as <c>vmSize[cpu_gpu]</c>). Not a full Bicep compiler:
/// anything decided at deployment time leaves the resource unpriced, with the reason.
/// </summary>
public static class BicepReader
{
    public static IacParseResult Read(string file, string text) => Read(file, text, null);

    /// <summary>Reads the template, <paramref name="values"/> (a parameter file's: <see cref="BicepParameterFile.Deploy"/>) winning over the defaults.</summary>
    public static IacParseResult Read(string file, string text, IReadOnlyDictionary<string, Expr?>? values) => Read(file, text, values, null);

    /// <summary>Reads the template; <paramref name="tree"/> is every file read (path → text): a local module call whose file
    /// is not among them is unknown on its line.</summary>
    public static IacParseResult Read(string file, string text, IReadOnlyDictionary<string, Expr?>? values, IReadOnlyDictionary<string, string>? tree) =>
        Read(file, text, values, tree, new ModuleReads(), 0);

    /// <summary>How deep Bicep module calls are followed (a module that calls itself stops here with an error on the call's line).</summary>
    public const int MaxModuleDepth = 10;

    /// <summary>Module files one file's calls may make the reader read (calls × loop elements × nesting).</summary>
    public const int MaxModuleReads = 500;

    private static IacParseResult Read(string file, string text, IReadOnlyDictionary<string, Expr?>? values, IReadOnlyDictionary<string, string>? tree,
        ModuleReads reads, int depth)
    {
        var result = new IacParseResult();
        List<Statement> statements;
        try
        {
            statements = new BicepParser(new BicepLexer(text).Tokenize(), file).ParseFile();
        }
        catch (IacSyntaxException e)
        {
            result.Errors.Add(IacFileError.From(file, e.Message));
            return result;
        }

        var parameters = new Dictionary<string, Expr?>(StringComparer.Ordinal);
        var variables = new Dictionary<string, Expr>(StringComparer.Ordinal);
        foreach (var s in statements)
        {
            if (s.Kind == "param") parameters[s.Name] = s.Value;
            else if (s.Kind == "var" && s.Value is not null) variables[s.Name] = s.Value;
        }
        foreach (var (name, value) in values ?? new Dictionary<string, Expr?>())
            if (parameters.ContainsKey(name)) parameters[name] = value;

        ExprEvaluator? evaluator = null;
        evaluator = new ExprEvaluator((expr, _) =>
        {
            if (expr is not RefExpr r) return null;
            if (variables.TryGetValue(r.Name, out var v)) return evaluator!.Evaluate(v);
            if (parameters.TryGetValue(r.Name, out var p))
                return p is null ? Resolved.Fail($"parameter `{r.Name}` has no default") : evaluator!.Evaluate(p);
            return Resolved.Fail($"`{r.Name}` is not a parameter or variable of this file");
        });

        if (reads.First is null) reads.First = evaluator;
        else evaluator.CountingStepsWith(reads.First); // a called module shares the calling file's step limit
        var resources = statements.Where(s => s.Kind == "resource").GroupBy(s => s.Name).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        foreach (var statement in statements)
        {
            var (s, loops) = statement.Parent is null ? (statement, 0) : NestedInParent(statement, resources);
            if (loops > 1 && !s.Existing) NestedInLoops(file, s, result);
            else if (s.Kind == "resource" && !s.Existing) ReadResource(file, s, evaluator, result);
            else if (s.Kind == "module") ReadModule(file, s, evaluator, tree, reads, depth, result);
        }
        return result;
    }

    internal static void ReadResource(string file, Statement s, ExprEvaluator eval, IacParseResult result)
    {
        var unwrapped = Unwrap(s.Value, eval);
        if (unwrapped.NotDeployed) return; // `if (false)`, `if (env == 'prod')` in dev: nothing is deployed
        var (body, count, countReason, countUnknown) = (unwrapped.Body, unwrapped.Count, unwrapped.Note, unwrapped.CountUnknown);
        if (unwrapped.Loop is not { } loop || unwrapped.Elements is not { } elements || elements.Count > IacInstances.MaxExpanded
            || !(DependsOnElement(body, loop) || DependsOnElement(unwrapped.Filter, loop)))
        {
            if (unwrapped.Filter is not null) countReason = DeployedWhen;
            new BicepResourceReader(file, s, eval, result, count, countReason, countUnknown).Read(body);
            return;
        }

        // The body or its filter depends on the loop's element (`vm.size`, `sizes[i]`, ARM's copyIndex()): each element is
        // read with its values bound, and an element whose `if` is false deploys nothing.
        var read = new IacParseResult();
        for (var i = 0; i < elements.Count; i++)
        {
            var (element, position) = (elements[i], (decimal)i);
            var bound = eval.With((expr, _) => expr is RefExpr r
                ? r.Name == loop.Item ? Resolved.Of(element) : r.Name == loop.Index ? Resolved.Of(position) : null
                : null);
            var filter = unwrapped.Filter is null ? Resolved.Of(true) : bound.Evaluate(unwrapped.Filter);
            if (filter.Value is false) continue;
            new BicepResourceReader(file, s, bound, read, 1m, filter.Value is true ? countReason : DeployedWhen, null).Read(body);
        }
        result.Resources.AddRange(read.Resources.GroupBy(r => r.Type).SelectMany(g => IacInstances.Together([.. g], g.Count() == read.Resources.Count ? s.Name : g.First().Name)));
        result.Skipped.AddRange(read.Skipped.DistinctBy(x => (x.File, x.Type, x.Reason)));
        result.Computes.AddRange(read.Computes.DistinctBy(c => (c.Name, c.Sku)));
    }

    private const string NestedLoops = "a loop inside the loop of the resource it is nested in: its instances are not counted (unknown, not free)";

    /// <summary>A nested resource looped inside a looped parent: compute is unknown on its line, anything else skipped.</summary>
    private static void NestedInLoops(string file, Statement s, IacParseResult result)
    {
        var type = s.TypeString ?? "?";
        var at = type.IndexOf('@', StringComparison.Ordinal);
        if (UnmodelledCompute.IsArmCompute(at < 0 ? type : type[..at]))
            result.Resources.Add(new IacResource { File = file, Name = s.Name, Type = at < 0 ? type : type[..at], Line = s.Line, UnresolvedReason = NestedLoops });
        else result.Skipped.Add(new SkippedResource(file, s.Name, type, "no compute cost model for this type"));
    }

    /// <summary>
    /// A resource nested in another's body, with the <c>if</c> conditions and loops of the resources around it put around
    /// its own value (it is deployed only with them, once per their elements), and how many loops that makes.
    /// </summary>
    private static (Statement Statement, int Loops) NestedInParent(Statement s, IReadOnlyDictionary<string, Statement> resources)
    {
        var value = s.Value;
        for (var parent = s.Parent; parent is not null && resources.TryGetValue(parent, out var p); parent = p.Parent)
            value = Around(p.Value, value);
        return (s with { Value = value, Parent = null }, Loops(value));

        static Expr? Around(Expr? outer, Expr? inner) => outer switch
        {
            ConditionalExpr c => c with { Body = Around(c.Body, inner)! },
            ForExpr f => f with { Body = Around(f.Body, inner)! },
            _ => inner,
        };

        static int Loops(Expr? e) => e switch
        {
            ConditionalExpr c => Loops(c.Body),
            ForExpr f => 1 + Loops(f.Body),
            _ => 0,
        };
    }

    private const string DeployedWhen = "deployed only when its `if` condition holds (counted as deployed)";

    private static bool DependsOnElement(Expr? e, ForExpr loop) =>
        (loop.Item is { } item && IacInstances.References(e, item)) || (loop.Index is { } ix && IacInstances.References(e, ix));

    /// <summary>
    /// A module call. A local module whose file is among the files read is read with the <c>params</c> the call passes
    /// (evaluated in the caller; one that cannot be known stays unknown with the reason), its resources named
    /// <c>MODULE/resource</c> (<c>MODULE[i]/resource</c> per loop element when the values depend on it), times the call's
    /// loop count; <c>if</c> false deploys nothing. A local module whose file is not read, a registry (<c>br:</c>,
    /// <c>br/alias:</c>) or template spec (<c>ts:</c>) module is unknown on its line.
    /// </summary>
    private static void ReadModule(string file, Statement s, ExprEvaluator eval, IReadOnlyDictionary<string, string>? tree, ModuleReads reads,
        int depth, IacParseResult result)
    {
        var unwrapped = Unwrap(s.Value, eval);
        if (unwrapped.NotDeployed || (unwrapped.CountUnknown is null && unwrapped.Count == 0)) return; // nothing deployed
        var source = s.TypeString ?? "?";
        if (!ModuleSources.IsLocalBicep(source) || ModuleSources.Resolve(file, source) is not { } path || tree is null
            || !tree.TryGetValue(path, out var moduleText))
        {
            result.Resources.Add(ModuleSources.NotRead(file, s.Name, source, s.Line, ModuleSources.BicepReason(file, s.Name, source)));
            return;
        }
        if (depth >= MaxModuleDepth)
        {
            result.Errors.Add(new IacFileError(file, s.Line, $"module `{s.Name}`: modules nested deeper than {MaxModuleDepth} levels"));
            return;
        }

        // A calling file's calls are named after it (not main.bicep: its folder), so envs/dev/main.bicep and
        // envs/prod/main.bicep that both call `module gpu` stay apart.
        var paramsExpr = (unwrapped.Body as ObjectExpr)?.Get("params");
        var perElement = unwrapped.Loop is { } loop && unwrapped.Elements is { } elements && elements.Count <= IacInstances.MaxExpanded
            && (DependsOnElement(paramsExpr, loop) || DependsOnElement(unwrapped.Filter, loop));
        foreach (var (prefix, scope, readingNote) in ModuleReadings(s, unwrapped, eval, perElement, depth == 0 ? RootPrefix(file) : ""))
        {
            if (++reads.Count > MaxModuleReads)
            {
                result.Errors.Add(new IacFileError(file, s.Line, $"module `{s.Name}`: more than {MaxModuleReads} module files to read (module calls × their loop elements): not estimated"));
                return;
            }
            var passed = PassedParams(s.Name, paramsExpr, scope, out var unknownParams);
            var read = Read(path, moduleText, passed, tree, reads, depth + 1);
            foreach (var r in read.Resources)
                result.Resources.Add(ModuleResource(s.Name, r with { Name = $"{prefix}/{r.Name}", Notes = readingNote is null ? r.Notes : [.. r.Notes, readingNote], Via = [IacResource.ViaCall(file, s.Name), .. r.Via] },
                    unknownParams, perElement, unwrapped));
            result.Skipped.AddRange(read.Skipped);
            result.Errors.AddRange(read.Errors);
            result.Computes.AddRange(read.Computes);
        }
    }

    /// <summary>How a module call is read: once (named <c>MODULE</c>), or once per loop element its values depend on
    /// (<c>MODULE[i]</c>, the element and index bound; elements its <c>if</c> rules out are left out).</summary>
    private static List<(string Prefix, ExprEvaluator Scope, string? Note)> ModuleReadings(Statement s, Unwrapped unwrapped, ExprEvaluator eval,
        bool perElement, string root)
    {
        var readings = new List<(string Prefix, ExprEvaluator Scope, string? Note)>();
        if (!perElement)
        {
            readings.Add(($"{root}{s.Name}", eval, unwrapped.Filter is null ? unwrapped.Note : DeployedWhen));
            return readings;
        }

        for (var i = 0; i < unwrapped.Elements!.Count; i++)
        {
            var (element, position) = (unwrapped.Elements[i], (decimal)i);
            var bound = eval.With((expr, _) => expr is RefExpr r
                ? r.Name == unwrapped.Loop!.Item ? Resolved.Of(element) : r.Name == unwrapped.Loop.Index ? Resolved.Of(position) : null
                : null);
            var filter = unwrapped.Filter is null ? Resolved.Of(true) : bound.Evaluate(unwrapped.Filter);
            if (filter.Value is false) continue;
            readings.Add(($"{root}{s.Name}[{i}]", bound, filter.Value is true ? unwrapped.Note : DeployedWhen));
        }
        return readings;
    }

    /// <summary>The values a module call passes, evaluated in the caller: a value that cannot be known stays unknown with its
    /// reason; <paramref name="unknownParams"/> says why when <c>params</c> as a whole cannot be known.</summary>
    private static Dictionary<string, Expr?> PassedParams(string module, Expr? paramsExpr, ExprEvaluator scope, out string? unknownParams)
    {
        Dictionary<string, Expr?> passed = new(StringComparer.Ordinal);
        unknownParams = null;
        if (paramsExpr is null) return passed;
        var values = scope.Evaluate(paramsExpr);
        if (values.Value is IReadOnlyDictionary<string, object?> d)
            foreach (var (key, value) in d)
                passed[key] = value is UnknownValue u
                    ? new UnknownExpr($"value passed by module `{module}`: {u.Reason}", paramsExpr.Line)
                    : new LiteralExpr(value, paramsExpr.Line);
        else unknownParams = values.Unresolved ?? "`params` is not an object";
        return passed;
    }

    /// <summary>A module's resource as the call deploys it: unknown when the values passed or the loop count are, else times the count.</summary>
    private static IacResource ModuleResource(string module, IacResource named, string? unknownParams, bool perElement, Unwrapped unwrapped) =>
        unknownParams is not null
            ? named with { Sku = null, UnresolvedReason = named.UnresolvedReason ?? $"the values module `{module}` passes are not known: {unknownParams}" }
            : perElement ? named
            : unwrapped.CountUnknown is { } countUnknown ? named with { Sku = null, UnresolvedReason = named.UnresolvedReason ?? $"module `{module}` {countUnknown}" }
            : unwrapped.Count is { } n ? named with { Quantity = named.Quantity * n, MinNodes = named.MinNodes * n, MaxNodes = named.MaxNodes * n }
            : named;

    /// <summary>How a calling file's module resources are named: <c>""</c> for main.bicep at the root, its folder for another
    /// main.bicep (<c>envs/prod/</c>), its path without <c>.bicep</c> otherwise (<c>dev/</c>, <c>infra/dev/</c>).</summary>
    private static string RootPrefix(string file)
    {
        var path = file.Replace('\\', '/');
        var stem = path.EndsWith(".bicep", StringComparison.OrdinalIgnoreCase) ? path[..^".bicep".Length] : path;
        var prefix = stem == "main" ? "" : stem.EndsWith("/main", StringComparison.Ordinal) ? stem[..^"/main".Length] : stem;
        return prefix.Length == 0 ? "" : prefix + "/";
    }

    /// <summary>A resource's body inside its <c>if</c> and <c>for</c>: how many copies a loop makes (and its elements, when
    /// known: a list, or 0…n-1 for a count such as ARM's <c>copy.count</c>), a note for a condition that cannot be evaluated,
    /// why the number of copies is unknown (then the resource is not priced: one copy would be a guess), whether a condition
    /// that is false means nothing is deployed, and the <c>if</c> inside the loop (<c>[for x in xs: if (x.on) {…}]</c>,
    /// ARM's <c>condition</c> on a copied resource) when it is not known before its element is.</summary>
    private sealed record Unwrapped(Expr? Body, decimal? Count, string? Note, string? CountUnknown, bool NotDeployed = false,
        ForExpr? Loop = null, List<object?>? Elements = null, Expr? Filter = null);

    private static Unwrapped Unwrap(Expr? value, ExprEvaluator eval)
    {
        decimal? count = null;
        string? note = null, unknown = null;
        ForExpr? loop = null;
        List<object?>? elements = null;
        Expr? filter = null;
        while (true)
        {
            switch (value)
            {
                case ConditionalExpr c:
                    var condition = eval.Evaluate(c.Condition);
                    if (condition.Value is false) return new Unwrapped(null, 0m, null, null, NotDeployed: true);
                    if (condition.Value is not true && loop is not null) filter = c.Condition; // decided per element
                    else if (condition.Value is not true) note = DeployedWhen;
                    value = c.Body;
                    continue;
                case ForExpr f:
                    var src = eval.Evaluate(f.Source); // range(start, count) included
                    (loop, elements, count) = src.Value switch
                    {
                        List<object?> l => (f, l, (decimal?)l.Count),
                        decimal d when d >= 0 && d == decimal.Truncate(d) && d <= IacFunctions.MaxItems =>
                            (f, Enumerable.Range(0, (int)d).Select(i => (object?)(decimal)i).ToList(), d),
                        _ => (f, null, null),
                    };
                    if (count is null)
                        unknown = $"loop count: {src.Unresolved ?? (src.Value is decimal ? $"not a whole number from 0 to {IacFunctions.MaxItems:N0}" : "the loop's source is not a list or a number")}";
                    value = f.Body;
                    continue;
                default:
                    return new Unwrapped(value, count, note, unknown, Loop: loop, Elements: elements, Filter: filter);
            }
        }
    }

    /// <summary>
    /// A <c>.bicepparam</c> file: the template it deploys (<c>using './main.bicep'</c>, resolved to a path of the change)
    /// and its <c>param name = value</c> lines; null (with the error added) when it does not parse.
    /// </summary>
    public static BicepParameterFile? ReadParameterFile(string file, string text, IacParseResult result)
    {
        try
        {
            var tokens = new BicepLexer(text).Tokenize();
            var at = tokens.FindIndex(t => t.Kind == TokKind.Ident && t.Text == "using");
            var target = at >= 0 && at + 1 < tokens.Count && tokens[at + 1].Kind == TokKind.String ? tokens[at + 1].Text : null;
            var statements = new BicepParser(tokens, file).ParseFile();
            var values = statements.Where(st => st.Kind == "param")
                .GroupBy(st => st.Name, StringComparer.Ordinal).ToDictionary(g => g.Key, g => WithVariables(g.Last().Value, statements), StringComparer.Ordinal);
            return new BicepParameterFile(file, Path.GetFileName(file), target is null ? null : Resolve(file, target), values);
        }
        catch (IacSyntaxException e)
        {
            result.Errors.Add(IacFileError.From(file, e.Message));
            return null;
        }
    }

    /// <summary>
    /// A parameter file's value that uses the file's own variables (<c>var big = '…'</c>, <c>param size = big</c>): its value
    /// when they are known, since the template is evaluated without them; otherwise as written (then unknown there).
    /// </summary>
    private static Expr? WithVariables(Expr? value, List<Statement> statements)
    {
        var variables = statements.Where(st => st.Kind == "var" && st.Value is not null)
            .GroupBy(st => st.Name, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Last().Value!, StringComparer.Ordinal);
        if (value is null || !variables.Keys.Any(v => IacInstances.References(value, v))) return value;
        ExprEvaluator? evaluator = null;
        evaluator = new ExprEvaluator((e, _) => e is RefExpr r && variables.TryGetValue(r.Name, out var v) ? evaluator!.Evaluate(v) : null);
        var resolved = evaluator.Evaluate(value);
        return resolved.IsKnown && UnknownValue.In(resolved.Value) is null ? new LiteralExpr(resolved.Value, value.Line) : value;
    }

    /// <summary>A relative path from a file's folder ("./main.bicep", "../infra/main.bicep") as a path of the change, '/'-separated.</summary>
    private static string Resolve(string file, string relative)
    {
        var parts = file.Replace('\\', '/').Split('/').SkipLast(1).ToList();
        foreach (var part in relative.Replace('\\', '/').Split('/'))
        {
            if (part is "." or "") continue;
            if (part == "..") { if (parts.Count > 0) parts.RemoveAt(parts.Count - 1); continue; }
            parts.Add(part);
        }
        return string.Join('/', parts);
    }

    /// <param name="Parent">For a resource declared inside another's body, the name of the resource it is nested in.</param>
    internal sealed record Statement(string Kind, string Name, string? TypeString, Expr? Value, int Line, bool Existing = false, string? Parent = null);
}

/// <summary>Bicep's tokens: single-quoted strings with <c>${…}</c>, <c>'''…'''</c> verbatim strings, <c>//</c> comments.</summary>
internal sealed class BicepLexer(string text) : IacLexer(text)
{
    private static readonly string[] s_symbols2 = [".?", "??", "==", "!=", "<=", ">=", "&&", "||", "=~", "!~", "::", "=>"];

    protected override char Quote => '\'';
    protected override IReadOnlyCollection<string> TwoCharSymbols => s_symbols2;
    /// <summary>Bicep's pragmas (<c>#disable-next-line BCP036</c>, <c>#disable-diagnostics</c>, <c>#restore-diagnostics</c>)
    /// change only the linter: read like comments, wherever they stand.</summary>
    protected override bool StartsLineComment(char c) =>
        c == '#' && (Rest.StartsWith("#disable-", StringComparison.Ordinal) || Rest.StartsWith("#restore-", StringComparison.Ordinal));

    private ReadOnlySpan<char> Rest => Text.AsSpan(Pos);

    protected override bool IsIdentifierPart(char c) => char.IsLetterOrDigit(c) || c == '_';
    protected override bool IsNumberPart(char c) => char.IsDigit(c) || c == '.';

    /// <summary>A multi-line string: verbatim <c>'''…'''</c>, or interpolated <c>$'''…${x}…'''</c> (<c>$$'''…$${x}…'''</c>: as many
    /// <c>$</c> as open it start a hole). As Bicep reads it, it ends at the first run of three or more quotes; quotes past
    /// the last three are text (<c>''''abc''''</c> is <c>'abc'</c>).</summary>
    protected override Tok? ReadOwnLiteral(char c)
    {
        var dollars = 0;
        while (Peek(dollars) == '$') dollars++;
        if (Peek(dollars) != '\'' || Peek(dollars + 1) != '\'' || Peek(dollars + 2) != '\'') return null;
        var open = Pos + dollars;
        var end = Text.IndexOf("'''", open + 3, StringComparison.Ordinal);
        if (end < 0) throw new IacSyntaxException($"line {Line}: unterminated multi-line string");
        while (end + 3 < Text.Length && Text[end + 3] == '\'') end++;
        var (startLine, value) = (Line, Text[(open + 3)..end]);
        AdvanceTo(end + 3);
        var parts = dollars == 0 ? [value] : Holes(value, dollars, startLine);
        return new Tok(TokKind.String, string.Concat(parts.OfType<string>()), startLine, parts);
    }

    /// <summary>An interpolated multi-line string's text and holes: a run of at least <paramref name="dollars"/> <c>$</c>
    /// before <c>{</c> opens a hole (the extra <c>$</c> are text); fewer are text.</summary>
    private List<object> Holes(string value, int dollars, int line)
    {
        var parts = new List<object>();
        var text = new System.Text.StringBuilder();
        for (var i = 0; i < value.Length;)
        {
            var run = 0;
            while (i + run < value.Length && value[i + run] == '$') run++;
            if (run < dollars || i + run >= value.Length || value[i + run] != '{')
            {
                text.Append(value, i, Math.Max(run, 1));
                i += Math.Max(run, 1);
                continue;
            }
            text.Append('$', run - dollars);
            if (text.Length > 0) { parts.Add(text.ToString()); text.Clear(); }
            var close = HoleEnd(value, i + run + 1, line);
            parts.Add(ParseTemplate('$', value[(i + run + 1)..close], line));
            i = close + 1;
        }
        if (text.Length > 0 || parts.Count == 0) parts.Add(text.ToString());
        return parts;
    }

    /// <summary>Where the hole that starts at <paramref name="start"/> closes (braces inside its strings do not count).</summary>
    private static int HoleEnd(string value, int start, int line)
    {
        var (depth, inString) = (1, false);
        for (var i = start; i < value.Length; i++)
        {
            var ch = value[i];
            if (inString) { if (ch == '\\') i++; else if (ch == '\'') inString = false; }
            else if (ch == '\'') inString = true;
            else if (ch == '{') depth++;
            else if (ch == '}' && --depth == 0) return i;
        }
        throw new IacSyntaxException($"line {line}: unterminated ${{…}} in a multi-line string");
    }

    protected override Expr ParseTemplate(char sigil, string inner, int line) =>
        new BicepParser(new BicepLexer(inner).Tokenize().Select(t => t with { Line = line }).ToList(), "").ParseStandaloneExpression();
}

internal sealed class BicepParser(List<Tok> tokens, string file) : ExpressionParser(tokens, file, s_binary)
{
    private static readonly HashSet<string> s_binary = ["==", "!=", "<=", ">=", "&&", "||", "=~", "!~", "??", "+", "-", "*", "/", "%", "<", ">"];
    private readonly List<BicepReader.Statement> _nested = [];
    private readonly Stack<(string Name, string Type)> _parents = new();

    public List<BicepReader.Statement> ParseFile()
    {
        var list = new List<BicepReader.Statement>();
        while (true)
        {
            SkipNewLines();
            var t = Current;
            if (t.Kind == TokKind.Eof) break;
            if (t.Kind == TokKind.Symbol && t.Text == "@") { Next(); ParsePostfix(); continue; }
            if (t.Kind != TokKind.Ident) { SkipStatement(); continue; }
            var start = Pos;
            try
            {
                switch (t.Text)
                {
                    case "param": list.Add(ParseParam()); break;
                    case "var": list.Add(ParseVar()); break;
                    case "resource": list.Add(ParseResourceOrModule("resource")); list.AddRange(_nested); _nested.Clear(); break;
                    case "module": list.Add(ParseResourceOrModule("module")); break;
                    default: SkipStatement(); break;
                }
            }
            catch (IacSyntaxException) when (t.Text is "param" or "var")
            {
                // An expression we cannot parse in a param/var: the name stays unknown to the evaluator.
                Pos = start;
                SkipStatement();
            }
        }
        return list;
    }

    private void SkipNewLines()
    {
        while (Tokens[Pos].Kind == TokKind.NewLine || (Tokens[Pos].Kind == TokKind.Symbol && Tokens[Pos].Text == ",")) Pos++;
    }

    private void SkipStatement()
    {
        var depth = 0;
        while (true)
        {
            var t = Tokens[Pos];
            if (t.Kind == TokKind.Eof) return;
            if (t.Kind == TokKind.NewLine && depth == 0) return;
            if (t.Kind == TokKind.Symbol && t.Text is "{" or "[" or "(") depth++;
            if (t.Kind == TokKind.Symbol && t.Text is "}" or "]" or ")") depth = Math.Max(0, depth - 1);
            Pos++;
        }
    }

    private BicepReader.Statement ParseParam()
    {
        var line = Next().Line;
        var name = Next().Text;
        // The type runs to '=' or the end of the line (object types may span lines).
        var depth = 0;
        Tok? last = null;
        while (true)
        {
            var t = Tokens[Pos];
            if (t.Kind == TokKind.Eof) break;
            if (depth == 0 && (t.Kind == TokKind.NewLine || (t.Kind == TokKind.Symbol && t.Text == "="))) break;
            if (t.Kind == TokKind.Symbol && t.Text is "{" or "[" or "(") depth++;
            if (t.Kind == TokKind.Symbol && t.Text is "}" or "]" or ")") depth--;
            last = t;
            Pos++;
        }
        // A nullable type without a default (`param minCount int?`) is an optional parameter: null unless it is given.
        Expr? value = last is { Kind: TokKind.Symbol, Text: "?" } ? new LiteralExpr(null, line) : null;
        if (Tokens[Pos].Kind == TokKind.Symbol && Tokens[Pos].Text == "=") { Pos++; value = ParseExpr(); }
        return new("param", name, null, value, line);
    }

    private BicepReader.Statement ParseVar()
    {
        var line = Next().Line;
        var name = Next().Text;
        Expect("=");
        return new("var", name, null, ParseExpr(), line);
    }

    /// <summary>A <c>resource</c> or <c>module</c> declaration; a resource declared inside another's body (a nested child)
    /// is kept in <see cref="_nested"/> with its full type (the parent's type and its own), read after its parent.</summary>
    private BicepReader.Statement ParseResourceOrModule(string kind)
    {
        var line = Next().Line;
        var name = Next().Text;
        var typeTok = Next();
        if (typeTok.Kind != TokKind.String) throw Error($"expected a type string after {kind} {name}");
        var parent = _parents.TryPeek(out var p) ? p : default;
        var type = kind == "resource" && parent.Type is not null ? ChildType(parent.Type, typeTok.Text) : typeTok.Text;
        var existing = false;
        if (Current.Kind == TokKind.Ident && Current.Text == "existing") { existing = true; Next(); }
        Expect("=");
        // The value may start on the next line (`=` then a comment or a line break before `if (…) {`).
        while (Current.Kind == TokKind.NewLine) Next();
        if (kind == "resource") _parents.Push((name, type));
        try
        {
            return new(kind, name, type, ParseExpr(), line, existing, parent.Name);
        }
        finally
        {
            if (kind == "resource") _parents.Pop();
        }
    }

    /// <summary>A nested resource's full type: <c>computes@2024-04-01</c> in a workspace is
    /// <c>Microsoft.MachineLearningServices/workspaces/computes@2024-04-01</c>; a fully qualified type stays as it is.</summary>
    internal static string ChildType(string parentType, string childType)
    {
        if (childType.Contains('/', StringComparison.Ordinal) && childType.Contains('.', StringComparison.Ordinal)) return childType;
        var at = parentType.IndexOf('@', StringComparison.Ordinal);
        var parentName = at < 0 ? parentType : parentType[..at];
        var childAt = childType.IndexOf('@', StringComparison.Ordinal);
        var version = childAt < 0 ? (at < 0 ? "" : parentType[at..]) : childType[childAt..];
        return $"{parentName}/{(childAt < 0 ? childType : childType[..childAt])}{version}";
    }

    protected override bool IsMemberAccess(string symbol) => symbol is "." or ".?" or "::";

    protected override bool PostfixBangAssertsNonNull => true;

    protected override bool TernarySpansLines => true;

    /// <summary>After <c>[</c>: Bicep's safe index <c>x[?'key']</c> reads like <c>x['key']</c>.</summary>
    protected override Expr ParseIndexOrSplat(Expr target)
    {
        if (IsSymbol("?")) Next();
        return base.ParseIndexOrSplat(target);
    }

    /// <summary>A lambda (<c>x =&gt; …</c>, <c>(a, b) =&gt; …</c>) at the current token: the functions that take one
    /// (<c>map</c>, <c>filter</c>, <c>reduce</c>, …) are not evaluated, so it is read and kept opaque.</summary>
    private Expr? ParseLambda()
    {
        var at = Pos;
        while (Tokens[at].Kind == TokKind.NewLine) at++;
        var start = at;
        if (Tokens[at].Kind == TokKind.Ident) at++;
        else if (Tokens[at].Kind == TokKind.Symbol && Tokens[at].Text == "(")
        {
            at++;
            while (Tokens[at].Kind == TokKind.Ident || Tokens[at].Kind == TokKind.NewLine || Tokens[at] is { Kind: TokKind.Symbol, Text: "," }) at++;
            if (Tokens[at] is not { Kind: TokKind.Symbol, Text: ")" }) return null;
            at++;
        }
        else return null;
        if (Tokens[at] is not { Kind: TokKind.Symbol, Text: "=>" }) return null;
        Pos = at + 1;
        ParseExpr();
        return new OpaqueExpr("lambda", Tokens[start].Line);
    }

    protected override string? CallName(Expr callee) =>
        callee is RefExpr r ? r.Name : callee is MemberExpr m ? m.Member : ExprEvaluator.Describe(callee);

    protected override Expr ParsePrimary()
    {
        if (ParseLambda() is { } lambda) return lambda;
        if (ParseSharedPrimary() is { } shared) return shared;
        var t = Current;
        switch (t.Kind)
        {
            case TokKind.Ident:
                Next();
                if (t.Text != "if" || !IsSymbol("(")) return new RefExpr(t.Text, t.Line);
                Next();
                var cond = InBrackets(() =>
                {
                    var c = ParseExpr();
                    Expect(")");
                    return c;
                });
                return new ConditionalExpr(cond, ParseExpr(), t.Line);
            case TokKind.Symbol when t.Text == "{":
                return ParseObject();
            case TokKind.Symbol when t.Text == "[":
                return ParseArray();
            default:
                throw Error($"unexpected '{t.Text}'");
        }
    }

    private ObjectExpr ParseObject()
    {
        var line = Next().Line;
        var saved = ParenDepth;
        ParenDepth = 0;
        var props = new List<KeyValuePair<string, Expr>>();
        while (true)
        {
            SkipNewLines();
            if (IsSymbol("}")) { Next(); break; }
            if (Current.Kind == TokKind.Eof) throw Error("unterminated object");
            if (IsSymbol("@")) { Next(); ParsePostfix(); continue; }
            if (IsSymbol("...")) { var spread = Next(); props.Add(new("...", new SpreadExpr(ParseExpr(), spread.Line))); continue; }
            var key = Next();
            if (key.Kind == TokKind.Ident && key.Text == "resource" && !IsSymbol(":"))
            {
                Pos--;
                _nested.Add(ParseResourceOrModule("resource"));
                continue;
            }
            if (key.Kind is not (TokKind.Ident or TokKind.String)) throw Error($"unexpected '{key.Text}' as an object key");
            Expect(":");
            props.Add(new(key.Text, ParseExpr()));
        }
        ParenDepth = saved;
        return new ObjectExpr(props, line);
    }

    private string LoopName() =>
        Current.Kind == TokKind.Ident ? Next().Text : throw Error($"expected a loop variable name but found '{Current.Text}'");

    private Expr ParseArray()
    {
        var line = Next().Line;
        var saved = ParenDepth;
        ParenDepth = 0;
        SkipNewLines();
        if (Current.Kind == TokKind.Ident && Current.Text == "for")
        {
            Next();
            string? item, index = null;
            if (IsSymbol("("))
            {
                Next();
                item = LoopName();
                if (IsSymbol(",")) { Next(); index = LoopName(); }
                Expect(")");
            }
            else item = LoopName();
            if (!(Current.Kind == TokKind.Ident && Current.Text == "in")) throw Error("expected 'in' in for expression");
            Next();
            ParenDepth = 1;
            var source = ParseBinary();
            Expect(":");
            ParenDepth = 0;
            var body = ParseExpr();
            SkipNewLines();
            Expect("]");
            ParenDepth = saved;
            return new ForExpr(source, body, line, item, index);
        }
        var items = new List<Expr>();
        while (true)
        {
            SkipNewLines();
            if (IsSymbol("]")) { Next(); break; }
            if (Current.Kind == TokKind.Eof) throw Error("unterminated array");
            if (IsSymbol("...")) { var spread = Next(); items.Add(new SpreadExpr(ParseExpr(), spread.Line)); continue; }
            items.Add(ParseExpr());
        }
        ParenDepth = saved;
        return new ArrayExpr(items, line);
    }
}

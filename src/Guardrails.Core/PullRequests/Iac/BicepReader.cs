
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

    /// <summary>As above; <paramref name="registry"/> holds the compiled templates of the registry modules fetched for this read.</summary>
    internal static IacParseResult Read(string file, string text, IReadOnlyDictionary<string, Expr?>? values, IReadOnlyDictionary<string, string>? tree,
        IReadOnlyDictionary<string, string>? registry) =>
        Read(file, text, values, tree, new ModuleReads { Registry = registry }, 0);

    /// <summary>How deep Bicep module calls are followed (a module that calls itself stops here with an error on the call's line).</summary>
    public const int MaxModuleDepth = 10;

    /// <summary>Module files one file's calls may make the reader read (calls × loop elements × nesting).</summary>
    public const int MaxModuleReads = 500;

    internal static IacParseResult Read(string file, string text, IReadOnlyDictionary<string, Expr?>? values, IReadOnlyDictionary<string, string>? tree,
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
        foreach (var (name, value) in BicepImports.Values(file, statements.Where(s => s.Kind == "import"), tree, reads))
            variables.TryAdd(name, value);

        ExprEvaluator? evaluator = null;
        evaluator = new ExprEvaluator((expr, _) =>
        {
            if (expr is not RefExpr r) return null;
            if (variables.TryGetValue(r.Name, out var v)) return evaluator!.Evaluate(v);
            if (parameters.TryGetValue(r.Name, out var p))
                return p is null ? Resolved.Fail($"parameter `{r.Name}` has no default") : evaluator!.Evaluate(p);
            return Resolved.Fail($"`{r.Name}` is not a parameter or variable of this file");
        }).ReadingFiles(ModuleSources.Reader(file, tree)).CallingFunctions(Functions(statements));

        if (reads.First is null) reads.First = evaluator;
        else evaluator.CountingStepsWith(reads.First); // a called module shares the calling file's step limit
        var resources = statements.Where(s => s.Kind == "resource").GroupBy(s => s.Name).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        foreach (var statement in statements)
        {
            var (s, loops) = statement.Parent is null ? (statement, 0) : NestedInParent(statement, resources);
            if (loops > 1 && !s.Existing) NestedInLoops(file, s, result);
            else if (s.Kind == "resource" && !s.Existing) ReadResource(file, s, evaluator, result);
            else if (s.Kind == "module") BicepModules.Read(file, s, evaluator, tree, reads, depth, result);
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

    /// <summary>The file's user-defined functions (<c>func</c>) by name.</summary>
    internal static Dictionary<string, (IReadOnlyList<string> Parameters, Expr Body)> Functions(IEnumerable<Statement> statements) =>
        statements.Where(s => s.Kind == "func" && s.Value is not null).GroupBy(s => s.Name)
            .ToDictionary(g => g.Key, g => ((IReadOnlyList<string>)(g.First().TypeString ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries), g.First().Value!), StringComparer.Ordinal);

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

    internal const string DeployedWhen = "deployed only when its `if` condition holds (counted as deployed)";

    internal static bool DependsOnElement(Expr? e, ForExpr loop) =>
        (loop.Item is { } item && IacInstances.References(e, item)) || (loop.Index is { } ix && IacInstances.References(e, ix));

    /// <summary>A resource's body inside its <c>if</c> and <c>for</c>: how many copies a loop makes (and its elements, when
    /// known: a list, or 0…n-1 for a count such as ARM's <c>copy.count</c>), a note for a condition that cannot be evaluated,
    /// why the number of copies is unknown (then the resource is not priced: one copy would be a guess), whether a condition
    /// that is false means nothing is deployed, and the <c>if</c> inside the loop (<c>[for x in xs: if (x.on) {…}]</c>,
    /// ARM's <c>condition</c> on a copied resource) when it is not known before its element is.</summary>
    internal sealed record Unwrapped(Expr? Body, decimal? Count, string? Note, string? CountUnknown, bool NotDeployed = false,
        ForExpr? Loop = null, List<object?>? Elements = null, Expr? Filter = null);

    internal static Unwrapped Unwrap(Expr? value, ExprEvaluator eval)
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

    /// <param name="Parent">For a resource declared inside another's body, the name of the resource it is nested in.</param>
    internal sealed record Statement(string Kind, string Name, string? TypeString, Expr? Value, int Line, bool Existing = false, string? Parent = null);
}

using System.Globalization;
using Guardrails.Core.Pricing;

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
    public static IacParseResult Read(string file, string text)
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

        ExprEvaluator? evaluator = null;
        evaluator = new ExprEvaluator((expr, _) =>
        {
            if (expr is not RefExpr r) return null;
            if (variables.TryGetValue(r.Name, out var v)) return evaluator!.Evaluate(v);
            if (parameters.TryGetValue(r.Name, out var p))
                return p is null ? Resolved.Fail($"parameter `{r.Name}` has no default") : evaluator!.Evaluate(p);
            return Resolved.Fail($"`{r.Name}` is not a parameter or variable of this file");
        });

        foreach (var s in statements)
        {
            if (s.Kind == "resource" && !s.Existing) ReadResource(file, s, evaluator, result);
            else if (s.Kind == "module") ReadModule(file, s, evaluator, result);
        }
        return result;
    }

    private static void ReadResource(string file, Statement s, ExprEvaluator eval, IacParseResult result)
    {
        var type = (s.TypeString ?? "").Split('@')[0];
        var (body, count, countReason) = Unwrap(s.Value, eval);
        if (body is not ObjectExpr obj)
        {
            result.Skipped.Add(new SkippedResource(file, s.Name, type, "resource body is not an object"));
            return;
        }
        var name = eval.Evaluate(obj.Get("name")).AsString() ?? s.Name;
        var region = eval.Evaluate(obj.Get("location")).AsString();
        var tags = ReadTags(obj.Get("tags"), eval);
        var props = obj.Get("properties") as ObjectExpr;
        var notes = new List<string>();
        if (countReason is not null) notes.Add(countReason);

        IacResource? res = null;
        if (type.Equals("Microsoft.Compute/virtualMachines", StringComparison.OrdinalIgnoreCase))
        {
            var vmSize = Path(props, "hardwareProfile", "vmSize");
            var os = DetectOs(props, eval);
            res = Make(file, s, name, type, vmSize, eval) with { Quantity = count ?? 1m, Os = os, HybridBenefit = HasHybridBenefit(props, eval) };
            var priority = eval.Evaluate(props?.Get("priority")).AsString();
            if (string.Equals(priority, "Spot", StringComparison.OrdinalIgnoreCase)) res = res with { Priority = CapacityPriority.Spot };
        }
        else if (type.Equals("Microsoft.Compute/virtualMachineScaleSets", StringComparison.OrdinalIgnoreCase))
        {
            var sku = obj.Get("sku") as ObjectExpr;
            res = Make(file, s, name, type, sku?.Get("name"), eval);
            var capacity = eval.Evaluate(sku?.Get("capacity"));
            if (capacity.AsDecimal() is { } cap) res = res with { Quantity = cap * (count ?? 1m) };
            else if (sku?.Get("capacity") is null) { res = res with { Quantity = 1m * (count ?? 1m) }; notes.Add("sku.capacity not set: assumed 1 instance"); }
            else res = res with { Sku = null, UnresolvedReason = $"sku.capacity: {capacity.Unresolved}" };
            var vmProfile = Path(props, "virtualMachineProfile") as ObjectExpr;
            if (string.Equals(eval.Evaluate(vmProfile?.Get("priority")).AsString(), "Spot", StringComparison.OrdinalIgnoreCase))
                res = res with { Priority = CapacityPriority.Spot };
            if (DetectOs(vmProfile, eval) == VmOs.Windows) res = res with { Os = VmOs.Windows, HybridBenefit = HasHybridBenefit(vmProfile, eval) };
        }
        else if (type.Equals("Microsoft.MachineLearningServices/workspaces/computes", StringComparison.OrdinalIgnoreCase))
        {
            var computeType = eval.Evaluate(props?.Get("computeType")).AsString();
            var inner = props?.Get("properties") as ObjectExpr;
            if (region is null) region = eval.Evaluate(props?.Get("computeLocation")).AsString();
            if (string.Equals(computeType, "AmlCompute", StringComparison.OrdinalIgnoreCase))
            {
                res = Make(file, s, name, type, inner?.Get("vmSize"), eval);
                var scale = inner?.Get("scaleSettings") as ObjectExpr;
                var min = eval.Evaluate(scale?.Get("minNodeCount")).AsDecimal() ?? 0m;
                var max = eval.Evaluate(scale?.Get("maxNodeCount")).AsDecimal();
                if (max is null && res.UnresolvedReason is null)
                    res = res with { Sku = null, UnresolvedReason = "scaleSettings.maxNodeCount is not a literal" };
                var prio = eval.Evaluate(inner?.Get("vmPriority")).AsString();
                res = res with
                {
                    MinNodes = min,
                    MaxNodes = max,
                    Quantity = max ?? 0m,
                    Priority = string.Equals(prio, "LowPriority", StringComparison.OrdinalIgnoreCase) ? CapacityPriority.LowPriority : CapacityPriority.Dedicated,
                    Os = string.Equals(eval.Evaluate(inner?.Get("osType")).AsString(), "Windows", StringComparison.OrdinalIgnoreCase) ? VmOs.Windows : VmOs.Linux,
                };
                res = res with { IsJobCluster = true, ComputeName = LastSegment(name) };
                if (res.Sku is not null) result.Computes.Add(new ComputeDefinition(LastSegment(name), res.Sku, res.Priority, min, max, file));
            }
            else if (string.Equals(computeType, "ComputeInstance", StringComparison.OrdinalIgnoreCase))
            {
                res = Make(file, s, name, type, inner?.Get("vmSize"), eval) with { Quantity = 1m };
            }
            else
            {
                result.Skipped.Add(new SkippedResource(file, name, $"{type} ({computeType ?? "unknown computeType"})", "attached compute: billed by its own resource"));
                return;
            }
        }
        else if (type.Equals("Microsoft.ContainerService/managedClusters", StringComparison.OrdinalIgnoreCase))
        {
            var profiles = props?.Get("agentPoolProfiles");
            if (profiles is null)
            {
                result.Skipped.Add(new SkippedResource(file, name, type, "no agentPoolProfiles (pools are separate agentPools resources)"));
                return;
            }
            if (profiles is not ArrayExpr list)
            {
                result.Resources.Add(new IacResource
                {
                    File = file,
                    Name = name + "/agentPoolProfiles",
                    Type = AgentPoolType,
                    Line = profiles.Line,
                    Region = region,
                    Tags = tags,
                    UnresolvedReason = $"agentPoolProfiles: {eval.Evaluate(profiles).Unresolved ?? "not a literal list"} (node pools are compute: unknown, not free)",
                });
                return;
            }
            var i = 0;
            foreach (var item in list.Items)
            {
                var poolNotes = new List<string>(notes);
                var pool = item as ObjectExpr;
                var poolName = eval.Evaluate(pool?.Get("name")).AsString() ?? $"pool{i}";
                i++;
                var r = Make(file, s, $"{name}/{poolName}", AgentPoolType, pool?.Get("vmSize"), eval) with { Line = item.Line };
                if (pool is null) r = r with { Sku = null, UnresolvedReason = "agent pool profile is not a literal object" };
                else r = AgentPool(pool, r, eval, poolNotes, count);
                result.Resources.Add(r with { Region = region, Tags = tags, Notes = poolNotes });
            }
            return;
        }
        else if (type.Equals(AgentPoolType, StringComparison.OrdinalIgnoreCase))
        {
            res = Make(file, s, name, type, props?.Get("vmSize"), eval);
            res = props is null ? res with { Sku = null, UnresolvedReason = "properties is not a literal object" } : AgentPool(props, res, eval, notes, count);
        }
        else if (type.Equals("Microsoft.MachineLearningServices/workspaces/onlineEndpoints/deployments", StringComparison.OrdinalIgnoreCase))
        {
            var sku = obj.Get("sku") as ObjectExpr;
            res = Make(file, s, name, type, props?.Get("instanceType"), eval);
            var capacity = eval.Evaluate(sku?.Get("capacity"));
            if (capacity.AsDecimal() is { } cap) res = res with { Quantity = cap * (count ?? 1m) };
            else if (sku?.Get("capacity") is null) { res = res with { Quantity = count ?? 1m }; notes.Add("sku.capacity not set: assumed 1 instance"); }
            else res = res with { Sku = null, UnresolvedReason = $"sku.capacity: {capacity.Unresolved}" };
        }
        else if (s_unmodelledCompute.Contains(type))
        {
            // Compute we have no cost model for: unknown, never free.
            res = new IacResource { File = file, Name = name, Type = type, Line = s.Line, UnresolvedReason = "compute resource type without a cost model in Guardrails" };
        }
        else
        {
            result.Skipped.Add(new SkippedResource(file, name, type, "no compute cost model for this type"));
            return;
        }

        result.Resources.Add(res with { Region = region, Tags = tags, Notes = notes, Line = s.Line });
    }

    private const string AgentPoolType = "Microsoft.ContainerService/managedClusters/agentPools";

    private static readonly HashSet<string> s_unmodelledCompute = new(StringComparer.OrdinalIgnoreCase)
    {
        "Microsoft.Batch/batchAccounts/pools",
        "Microsoft.Compute/virtualMachineScaleSets/virtualMachines",
        "Microsoft.ContainerService/managedClusters/agentPools/machines",
        "Microsoft.MachineLearningServices/workspaces/batchEndpoints/deployments",
        "Microsoft.MachineLearningServices/registries/models",
    };

    /// <summary>
    /// An AKS node pool (an <c>agentPoolProfiles</c> element or an <c>agentPools</c> resource): count, autoscale
    /// min/max, Spot priority, and the OS (<c>osType: 'Windows'</c> or a Windows <c>osSKU</c>).
    /// </summary>
    private static IacResource AgentPool(ObjectExpr pool, IacResource r, ExprEvaluator eval, List<string> notes, decimal? loopCount)
    {
        var count = eval.Evaluate(pool.Get("count")).AsDecimal();
        var autoscale = eval.Evaluate(pool.Get("enableAutoScaling")).Value is true;
        var min = eval.Evaluate(pool.Get("minCount")).AsDecimal();
        var max = eval.Evaluate(pool.Get("maxCount")).AsDecimal();
        var n = loopCount ?? 1m;
        if (autoscale)
        {
            if (max is null) return r with { Sku = null, UnresolvedReason = r.UnresolvedReason ?? "maxCount is not a literal" };
            r = r with { MinNodes = (min ?? 0m) * n, MaxNodes = max * n, Quantity = (count ?? min ?? max.Value) * n };
        }
        else
        {
            var nodes = count ?? min;
            if (nodes is null) notes.Add(pool.Get("count") is null ? "count not set: assumed 1 node" : "count unknown: assumed 1 node");
            else if (count is null) notes.Add($"count not set: {min:0.##} node(s) from minCount");
            r = r with { Quantity = (nodes ?? 1m) * n };
        }
        if (string.Equals(eval.Evaluate(pool.Get("scaleSetPriority")).AsString(), "Spot", StringComparison.OrdinalIgnoreCase))
            r = r with { Priority = CapacityPriority.Spot };
        var osType = eval.Evaluate(pool.Get("osType")).AsString();
        var osSku = eval.Evaluate(pool.Get("osSKU")).AsString();
        if (string.Equals(osType, "Windows", StringComparison.OrdinalIgnoreCase) || (osSku?.StartsWith("Windows", StringComparison.OrdinalIgnoreCase) ?? false))
            r = r with { Os = VmOs.Windows };
        else if (pool.Get("osType") is { } o && osType is null)
            r = r with { Sku = null, UnresolvedReason = r.UnresolvedReason ?? $"osType: {eval.Evaluate(o).Unresolved} (Windows and Linux prices differ)" };
        return r;
    }

    private static void ReadModule(string file, Statement s, ExprEvaluator eval, IacParseResult result)
    {
        var (body, _, _) = Unwrap(s.Value, eval);
        var paramsObj = (body as ObjectExpr)?.Get("params") as ObjectExpr;
        var vmSize = eval.Evaluate(paramsObj?.Get("vmSize")).AsString();
        var detail = vmSize is null ? "" : $" (passes vmSize '{vmSize}')";
        result.Skipped.Add(new SkippedResource(file, s.Name, $"module {s.TypeString}", $"module not expanded: its resources are priced in their own file{detail}"));
    }

    private static IacResource Make(string file, Statement s, string name, string type, Expr? skuExpr, ExprEvaluator eval)
    {
        var sku = eval.Evaluate(skuExpr);
        var text = sku.AsString();
        return new IacResource
        {
            File = file,
            Name = name,
            Type = type,
            Line = s.Line,
            Sku = text,
            UnresolvedReason = text is null ? $"size: {sku.Unresolved ?? "not a string"}" : null,
        };
    }

    private static (Expr? Body, decimal? Count, string? Note) Unwrap(Expr? value, ExprEvaluator eval)
    {
        decimal? count = null;
        string? note = null;
        while (true)
        {
            switch (value)
            {
                case ConditionalExpr c:
                    note = "deployed only when its `if` condition holds (counted as deployed)";
                    value = c.Body;
                    continue;
                case ForExpr f:
                    var src = f.Source is CallExpr { Function: "range", Arguments.Count: 2 } range
                        ? eval.Evaluate(range.Arguments[1])
                        : eval.Evaluate(f.Source);
                    count = src.Value switch
                    {
                        List<object?> l => l.Count,
                        decimal d => d,
                        _ => null,
                    };
                    if (count is null) note = $"loop count unknown ({src.Unresolved}); counted once";
                    value = f.Body;
                    continue;
                default:
                    return (value, count, note);
            }
        }
    }

    private static Expr? Path(ObjectExpr? obj, params string[] path)
    {
        Expr? cur = obj;
        foreach (var p in path) cur = (cur as ObjectExpr)?.Get(p);
        return cur;
    }

    private static VmOs DetectOs(ObjectExpr? props, ExprEvaluator eval)
    {
        if (props is null) return VmOs.Linux;
        var osType = eval.Evaluate(Path(props, "storageProfile", "osDisk", "osType")).AsString();
        if (string.Equals(osType, "Windows", StringComparison.OrdinalIgnoreCase)) return VmOs.Windows;
        if (Path(props, "osProfile", "windowsConfiguration") is not null) return VmOs.Windows;
        var publisher = eval.Evaluate(Path(props, "storageProfile", "imageReference", "publisher")).AsString();
        if (publisher is not null && publisher.Contains("Windows", StringComparison.OrdinalIgnoreCase)) return VmOs.Windows;
        if (HasHybridBenefit(props, eval)) return VmOs.Windows;
        return VmOs.Linux;
    }

    /// <summary><c>licenseType: 'Windows_Server'</c> / <c>'Windows_Client'</c>: a Windows VM with Azure Hybrid Benefit.</summary>
    private static bool HasHybridBenefit(ObjectExpr? props, ExprEvaluator eval) =>
        eval.Evaluate(props?.Get("licenseType")).AsString() is { } l && l.StartsWith("Windows_", StringComparison.OrdinalIgnoreCase);

    private static IReadOnlyDictionary<string, string>? ReadTags(Expr? tags, ExprEvaluator eval)
    {
        if (tags is null) return new Dictionary<string, string>();
        var r = eval.Evaluate(tags);
        if (r.Value is not Dictionary<string, object?> d) return null;
        return d.ToDictionary(k => k.Key, k => Convert.ToString(k.Value, CultureInfo.InvariantCulture) ?? "", StringComparer.OrdinalIgnoreCase);
    }

    private static string LastSegment(string name) => name.Contains('/') ? name[(name.LastIndexOf('/') + 1)..] : name;

    internal sealed record Statement(string Kind, string Name, string? TypeString, Expr? Value, int Line, bool Existing = false);
}

/// <summary>Bicep's tokens: single-quoted strings with <c>${…}</c>, <c>'''…'''</c> verbatim strings, <c>//</c> comments.</summary>
internal sealed class BicepLexer(string text) : IacLexer(text)
{
    private static readonly string[] s_symbols2 = ["?.", "??", "==", "!=", "<=", ">=", "&&", "||", "=~", "!~", "::", "=>"];

    protected override char Quote => '\'';
    protected override IReadOnlyCollection<string> TwoCharSymbols => s_symbols2;
    protected override bool StartsLineComment(char c) => false;
    protected override bool IsIdentifierPart(char c) => char.IsLetterOrDigit(c) || c == '_';
    protected override bool IsNumberPart(char c) => char.IsDigit(c) || c == '.';

    protected override Tok? ReadOwnLiteral(char c)
    {
        if (c != '\'' || Peek(1) != '\'' || Peek(2) != '\'') return null;
        var end = Text.IndexOf("'''", Pos + 3, StringComparison.Ordinal);
        if (end < 0) throw new IacSyntaxException($"line {Line}: unterminated multi-line string");
        var (startLine, value) = (Line, Text[(Pos + 3)..end]);
        AdvanceTo(end + 3);
        return new Tok(TokKind.String, value, startLine, [value]);
    }

    protected override Expr ParseTemplate(char sigil, string inner, int line) =>
        new BicepParser(new BicepLexer(inner).Tokenize().Select(t => t with { Line = line }).ToList(), "").ParseStandaloneExpression();
}

internal sealed class BicepParser(List<Tok> tokens, string file) : ExpressionParser(tokens, file, s_binary)
{
    private static readonly HashSet<string> s_binary = ["==", "!=", "<=", ">=", "&&", "||", "=~", "!~", "??", "+", "-", "*", "/", "%", "<", ">"];

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
                    case "resource": list.Add(ParseResourceOrModule("resource")); break;
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
        while (true)
        {
            var t = Tokens[Pos];
            if (t.Kind == TokKind.Eof) break;
            if (depth == 0 && (t.Kind == TokKind.NewLine || (t.Kind == TokKind.Symbol && t.Text == "="))) break;
            if (t.Kind == TokKind.Symbol && t.Text is "{" or "[" or "(") depth++;
            if (t.Kind == TokKind.Symbol && t.Text is "}" or "]" or ")") depth--;
            Pos++;
        }
        Expr? value = null;
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

    private BicepReader.Statement ParseResourceOrModule(string kind)
    {
        var line = Next().Line;
        var name = Next().Text;
        var typeTok = Next();
        if (typeTok.Kind != TokKind.String) throw Error($"expected a type string after {kind} {name}");
        var existing = false;
        if (Current.Kind == TokKind.Ident && Current.Text == "existing") { existing = true; Next(); }
        Expect("=");
        var value = ParseExpr();
        return new(kind, name, typeTok.Text, value, line, existing);
    }

    protected override bool IsMemberAccess(string symbol) => symbol is "." or "?." or "::";

    protected override bool PostfixBangAssertsNonNull => true;

    protected override string? CallName(Expr callee) =>
        callee is RefExpr r ? r.Name : callee is MemberExpr m ? m.Member : ExprEvaluator.Describe(callee);

    protected override Expr ParsePrimary()
    {
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
            var key = Next();
            if (key.Kind == TokKind.Ident && key.Text == "resource" && !IsSymbol(":"))
            {
                // Nested child resource: read and ignore (children of VMs are extensions, not compute).
                Next(); Next();
                if (Current.Kind == TokKind.Ident && Current.Text == "existing") Next();
                Expect("=");
                ParseExpr();
                continue;
            }
            if (key.Kind is not (TokKind.Ident or TokKind.String)) throw Error($"unexpected '{key.Text}' as an object key");
            Expect(":");
            props.Add(new(key.Text, ParseExpr()));
        }
        ParenDepth = saved;
        return new ObjectExpr(props, line);
    }

    private Expr ParseArray()
    {
        var line = Next().Line;
        var saved = ParenDepth;
        ParenDepth = 0;
        SkipNewLines();
        if (Current.Kind == TokKind.Ident && Current.Text == "for")
        {
            Next();
            if (IsSymbol("(")) { while (!IsSymbol(")")) Next(); Next(); }
            else Next();
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
            return new ForExpr(source, body, line);
        }
        var items = new List<Expr>();
        while (true)
        {
            SkipNewLines();
            if (IsSymbol("]")) { Next(); break; }
            if (Current.Kind == TokKind.Eof) throw Error("unterminated array");
            items.Add(ParseExpr());
        }
        ParenDepth = saved;
        return new ArrayExpr(items, line);
    }
}

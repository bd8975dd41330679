using System.Text;

namespace Guardrails.Core.PullRequests.Iac;

/// <summary>One HCL block (<c>resource "type" "name" { … }</c>) with its attributes and nested blocks.</summary>
public sealed record HclBlock(string Type, IReadOnlyList<string> Labels, IReadOnlyList<KeyValuePair<string, Expr>> Attributes,
    IReadOnlyList<HclBlock> Blocks, int Line)
{
    public Expr? Attr(string name) => Attributes.FirstOrDefault(a => a.Key == name).Value;
    public HclBlock? Block(string type) => Blocks.FirstOrDefault(b => b.Type == type);
}

/// <summary>
/// Reads the compute resources of a Terraform file: <c>azurerm_linux_virtual_machine</c>/<c>windows_</c> (size),
/// <c>…_virtual_machine_scale_set</c> (sku, instances), <c>azurerm_machine_learning_compute_cluster</c> (vm_size,
/// vm_priority, scale_settings) and <c>_instance</c>, <c>azurerm_kubernetes_cluster_node_pool</c> and the cluster's
/// <c>default_node_pool</c>. <c>var.x</c> resolves to the variable's literal default, <c>local.x</c> to a literal local.
/// </summary>
public static class TerraformReader
{
    public static IacParseResult Read(string file, string text) => Read(file, text, []);

    /// <summary>
    /// Reads one file; <paramref name="moduleFiles"/> are the other .tf files of the same folder (shared variables);
    /// <paramref name="variableFiles"/> the folder's auto-loaded variable files (<c>terraform.tfvars</c>, then
    /// <c>*.auto.tfvars</c> by name), whose values win over the variables' defaults, later files over earlier ones.
    /// </summary>
    /// <param name="tree">All files read (path → text): a local module call whose folder is among them is read with the values
    /// it passes (<see cref="TerraformModules"/>).</param>
    public static IacParseResult Read(string file, string text, IEnumerable<string> moduleFiles, IEnumerable<string>? variableFiles = null,
        IReadOnlyDictionary<string, string>? tree = null) => Read(file, text, moduleFiles, variableFiles, tree, null, new ModuleReads(), 0);

    /// <summary>Reads one file of a module called with <paramref name="passed"/> values (which win over the defaults), <paramref name="depth"/> calls deep.</summary>
    internal static IacParseResult Read(string file, string text, IEnumerable<string> moduleFiles, IEnumerable<string>? variableFiles,
        IReadOnlyDictionary<string, string>? tree, IReadOnlyDictionary<string, Expr>? passed, ModuleReads reads, int depth)
    {
        var result = new IacParseResult();
        List<HclBlock> blocks;
        var all = new List<HclBlock>();
        try
        {
            blocks = Blocks(text, file);
            all.AddRange(blocks);
            foreach (var other in moduleFiles)
            {
                try { all.AddRange(Blocks(other, file)); }
                catch (IacSyntaxException) { /* the other file is reported when it is read itself */ }
            }
        }
        catch (IacSyntaxException e)
        {
            result.Errors.Add(IacFileError.From(file, e.Message));
            return result;
        }

        var eval = Evaluator(all, variableFiles ?? [], passed).ReadingFiles(ModuleSources.Reader(file, tree));
        if (reads.First is null) reads.First = eval;
        else eval.CountingStepsWith(reads.First); // a called module's files share the calling file's step limit
        foreach (var b in blocks.Where(b => b.Type == "resource" && b.Labels.Count == 2))
            ReadResource(file, b, eval, tree, result);
        foreach (var b in blocks.Where(b => b.Type == "module" && b.Labels.Count == 1))
            if ((tree is null || !TerraformModules.Expand(file, b, eval, tree, reads, depth, result)) && NotRead(file, b, eval) is { } call)
                result.Resources.Add(call);
        return result;
    }

    /// <summary>A file's top-level blocks, in HCL or in Terraform's JSON syntax (a <c>.tf.json</c> file is one JSON object).</summary>
    internal static List<HclBlock> Blocks(string text, string file) =>
        IsJson(text) ? TerraformJson.Parse(text.TrimStart().TrimStart('\uFEFF')) : new HclParser(new HclLexer(text).Tokenize(), file).ParseBody(topLevel: true).Blocks.ToList();

    /// <summary>Whether a Terraform file is in JSON syntax (HCL never starts with a brace).</summary>
    private static bool IsJson(string text) => text.AsSpan().TrimStart().TrimStart('\uFEFF').StartsWith("{", StringComparison.Ordinal);

    /// <summary>
    /// The values in scope of a folder's blocks: <c>var.x</c> (the default, or the value a variable file gives it),
    /// <c>local.x</c>; anything else named (a resource's attribute, a data source) is known only after apply.
    /// </summary>
    private static ExprEvaluator Evaluator(List<HclBlock> all, IEnumerable<string> variableFiles, IReadOnlyDictionary<string, Expr>? passed)
    {
        var variables = new Dictionary<string, Expr?>(StringComparer.Ordinal);
        var types = new Dictionary<string, Expr?>(StringComparer.Ordinal);
        var locals = new Dictionary<string, Expr>(StringComparer.Ordinal);
        foreach (var b in all)
        {
            if (b.Type == "variable" && b.Labels.Count == 1) (variables[b.Labels[0]], types[b.Labels[0]]) = (b.Attr("default"), b.Attr("type"));
            if (b.Type == "locals") foreach (var (k, v) in b.Attributes) locals[k] = v;
        }
        foreach (var (name, value) in VariableValues(variableFiles))
            if (variables.ContainsKey(name)) variables[name] = value; // a value for an undeclared variable is Terraform's warning, not ours
        foreach (var (name, value) in passed ?? new Dictionary<string, Expr>())
            if (variables.ContainsKey(name)) variables[name] = value; // what the module call passes
        ExprEvaluator? eval = null;
        eval = new ExprEvaluator((expr, _) =>
        {
            if (expr is MemberExpr { Target: RefExpr { Name: "var" } } v)
                return variables.TryGetValue(v.Member, out var d)
                    ? d is null ? Resolved.Fail($"variable `{v.Member}` has no default") : Typed(eval!.Evaluate(d), types[v.Member], eval)
                    : Resolved.Fail($"variable `{v.Member}` is not declared");
            if (expr is MemberExpr { Target: RefExpr { Name: "local" } } l)
                return locals.TryGetValue(l.Member, out var d) ? eval!.Evaluate(d) : Resolved.Fail($"local `{l.Member}` is not declared");
            if (expr is MemberExpr { Target: not RefExpr } deeper && RootOf(deeper) is "var" or "local")
                return null; // var.x.y, local.x[0].y: evaluate what it is a member of, then the member
            if (expr is MemberExpr { Target: RefExpr { Name: "path" }, Member: "module" or "root" or "cwd" })
                return Resolved.Of("."); // the folder of the file read: file("${path.module}/vms.json") is read from beside it
            if (expr is RefExpr or MemberExpr) return Resolved.Fail($"`{ExprEvaluator.Describe(expr)}` is known only after apply");
            return null;
        }, IacDialect.Terraform);
        return eval;
    }

    /// <summary>The name a chain of members and indexes starts from (<c>local</c> for <c>local.x[0].y</c>), or null.</summary>
    private static string? RootOf(Expr expr)
    {
        for (var depth = 0; depth < 256; depth++)
        {
            switch (expr)
            {
                case RefExpr r: return r.Name;
                case MemberExpr m: expr = m.Target; break;
                case IndexExpr i: expr = i.Target; break;
                default: return null;
            }
        }
        return null;
    }

    /// <summary>A variable's value with its type's optional attributes filled in (<see cref="TerraformTypes"/>).</summary>
    private static Resolved Typed(Resolved value, Expr? type, ExprEvaluator eval) =>
        value.IsKnown && type is not null ? Resolved.Of(TerraformTypes.WithDefaults(value.Value, type, eval)) : value;

    /// <summary>A variable file on its own: nothing to price, but a file that does not parse is reported (its values are unknown).</summary>
    public static IacParseResult ReadVariableFile(string file, string text)
    {
        var result = new IacParseResult();
        try
        {
            if (IsJson(text)) { TerraformJson.Values(text); return result; }
            var body = new HclParser(new HclLexer(text).Tokenize(), file).ParseBody(topLevel: true);
            if (body.Blocks.Count > 0) result.Errors.Add(new IacFileError(file, body.Blocks[0].Line, "a variable file holds `name = value` lines, not blocks"));
        }
        catch (IacSyntaxException e)
        {
            result.Errors.Add(IacFileError.From(file, e.Message));
        }
        return result;
    }

    /// <summary>The attributes of variable files (HCL <c>name = value</c>); a file that does not parse is reported when it is read itself.</summary>
    private static IEnumerable<KeyValuePair<string, Expr>> VariableValues(IEnumerable<string> variableFiles)
    {
        foreach (var text in variableFiles)
        {
            IReadOnlyList<KeyValuePair<string, Expr>> attributes;
            try { attributes = IsJson(text) ? TerraformJson.Values(text) : new HclParser(new HclLexer(text).Tokenize(), "tfvars").ParseBody(topLevel: true).Attributes; }
            catch (IacSyntaxException) { continue; }
            foreach (var a in attributes) yield return a;
        }
    }

    /// <summary>
    /// A module call that is not expanded (its folder is not among the files read, or its source is a registry or another
    /// repository): what it deploys is unknown, so it is an unpriced item on the call's line; a call with <c>count = 0</c>
    /// (or an empty <c>for_each</c>) deploys nothing.
    /// </summary>
    private static IacResource? NotRead(string file, HclBlock b, ExprEvaluator eval)
    {
        var instances = TerraformInstances.Of(b, eval);
        if (instances.Unknown is null && instances.Count == 0) return null;
        var name = b.Labels[0];
        var evaluated = eval.Evaluate(b.Attr("source"));
        var source = evaluated.AsString();
        return ModuleSources.NotRead(file, name, source, b.Line, ModuleSources.TerraformReason(file, name, source, evaluated.Unresolved));
    }

    /// <summary>One resource block: priced once for all its instances, once per instance when its values depend on the
    /// instance, or not priced when the number of instances is unknown.</summary>
    /// <remarks>A reader either returns the resource or, for a resource read by the ARM rules (AzAPI), adds what it deploys
    /// to the result it is given: both are counted the same way (before, the second kind was priced for the first
    /// <c>for_each</c> instance only, and as known where the number of instances was not).</remarks>
    private static void ReadResource(string file, HclBlock b, ExprEvaluator eval, IReadOnlyDictionary<string, string>? tree, IacParseResult result)
    {
        var name = b.Labels[1];
        var instances = TerraformInstances.Of(b, eval);
        if (instances.Unknown is { } unknown)
        {
            var one = ReadInstance(file, b, eval, tree, name, 1m, out var resources);
            one.Resources.Clear();
            one.Resources.AddRange(resources.Select(r => r with { Sku = null, UnresolvedReason = unknown })); // the instances decide the rest (each.value, count.index)
            result.Add(one);
            return;
        }
        if (instances.Count == 0) return; // count = 0: not deployed
        if (instances.Each is null)
        {
            var all = ReadInstance(file, b, eval, tree, name, instances.Count, out var resources);
            all.Resources.Clear();
            all.Resources.AddRange(resources);
            result.Add(all);
            return;
        }
        var read = new List<IacResource>();
        foreach (var instance in instances.Each)
        {
            var one = ReadInstance(file, b, instance.Eval, tree, $"{name}[{instance.Key}]", 1m, out var resources);
            // A type without a cost model is skipped (and listed) once, not once per instance.
            if (resources.Count == 0 && one.Errors.Count == 0)
            {
                if (read.Count == 0) result.Skipped.AddRange(one.Skipped);
                if (read.Count == 0) return;
                continue;
            }
            read.AddRange(resources);
            result.Skipped.AddRange(one.Skipped);
            result.Errors.AddRange(one.Errors);
            result.Computes.AddRange(one.Computes);
        }
        result.Resources.AddRange(IacInstances.Together(read, name));
    }

    /// <summary>One reading of a resource block into a result of its own; <paramref name="resources"/>: what it deploys
    /// (the resource returned, or those the reader added).</summary>
    private static IacParseResult ReadInstance(string file, HclBlock b, ExprEvaluator eval, IReadOnlyDictionary<string, string>? tree, string name, decimal count,
        out List<IacResource> resources)
    {
        var one = new IacParseResult();
        var r = new TerraformResourceReader(file, b, eval, one, name, count, tree).Read();
        resources = [.. one.Resources];
        if (r is not null) resources.Add(r);
        return one;
    }
}

/// <summary>HCL's tokens: double-quoted strings with <c>${…}</c> and <c>%{…}</c>, heredocs, <c>#</c> and <c>//</c> comments.</summary>
internal sealed class HclLexer(string text) : IacLexer(text)
{
    private static readonly string[] s_symbols2 = ["==", "!=", "<=", ">=", "&&", "||", "=>", "?.", "::"];

    protected override char Quote => '"';
    protected override IReadOnlyCollection<string> TwoCharSymbols => s_symbols2;
    protected override bool StartsLineComment(char c) => c == '#';
    protected override bool IsIdentifierPart(char c) => char.IsLetterOrDigit(c) || c is '_' or '-';
    protected override bool IsNumberPart(char c) => char.IsDigit(c) || c is '.' or 'e' or 'E';
    protected override bool IsTemplateSigil(char c) => c is '$' or '%';
    protected override bool DoubledSigilEscapes => true;

    protected override Tok? ReadOwnLiteral(char c) =>
        c == '<' && Peek(1) == '<' && (char.IsLetter(Peek(2)) || Peek(2) == '-') ? ReadHeredoc() : null;

    protected override Expr ParseTemplate(char sigil, string inner, int line)
    {
        inner = inner.Trim().TrimStart('~').TrimEnd('~');
        if (sigil == '%') return new OpaqueExpr($"%{{{inner}}}", line);
        var tokens = new HclLexer(inner).Tokenize().Select(t => t with { Line = line }).ToList();
        return new HclParser(tokens, "").ParseStandaloneExpression();
    }

    /// <summary>A heredoc: its text (an indented <c>&lt;&lt;-</c> one without the lines' common indentation) when it holds no
    /// template sequence (<c>${…}</c>, <c>%{…}</c>); otherwise a value known only after rendering.</summary>
    private Tok ReadHeredoc()
    {
        var startLine = Line;
        Pos += 2;
        var indented = Text[Pos] == '-';
        if (indented) Pos++;
        var start = Pos;
        while (Pos < Text.Length && Text[Pos] != '\n') Pos++;
        var marker = Text[start..Pos].Trim();
        var sb = new StringBuilder();
        while (Pos < Text.Length)
        {
            Pos++; Line++;
            var lineEnd = Text.IndexOf('\n', Pos);
            if (lineEnd < 0) lineEnd = Text.Length;
            var lineText = Text[Pos..lineEnd];
            if (lineText.Trim() == marker)
            {
                Pos = lineEnd;
                var content = indented ? Outdented(sb.ToString()) : sb.ToString();
                return new Tok(TokKind.String, content, startLine,
                    content.Contains("${", StringComparison.Ordinal) || content.Contains("%{", StringComparison.Ordinal) ? [new OpaqueExpr("heredoc", startLine)] : [content]);
            }
            sb.Append(lineText).Append('\n');
            Pos = lineEnd;
        }
        throw new IacSyntaxException($"line {startLine}: unterminated heredoc {marker}");
    }

    /// <summary>The lines without the smallest indentation of the lines that hold text (what <c>&lt;&lt;-</c> does).</summary>
    private static string Outdented(string text)
    {
        var lines = text.Split('\n');
        var indent = lines.Where(l => l.Trim().Length > 0).Select(l => l.Length - l.TrimStart(' ', '\t').Length).DefaultIfEmpty(0).Min();
        return string.Join('\n', lines.Select(l => l.Length >= indent ? l[indent..] : l.TrimStart(' ', '\t')));
    }
}

internal sealed class HclParser(List<Tok> tokens, string file) : ExpressionParser(tokens, file, s_binary)
{
    private static readonly HashSet<string> s_binary = ["==", "!=", "<=", ">=", "&&", "||", "+", "-", "*", "/", "%", "<", ">"];

    private void SkipNewLines() { while (Tokens[Pos].Kind == TokKind.NewLine) Pos++; }

    public HclBlock ParseBody(bool topLevel, string type = "", IReadOnlyList<string>? labels = null, int line = 0)
    {
        using var level = Nest();
        var attrs = new List<KeyValuePair<string, Expr>>();
        var blocks = new List<HclBlock>();
        while (true)
        {
            SkipNewLines();
            var t = Current;
            if (t.Kind == TokKind.Eof)
            {
                if (!topLevel) throw Error($"block '{type}' is not closed");
                break;
            }
            if (!topLevel && IsSymbol("}")) { Next(); break; }
            if (t.Kind != TokKind.Ident) throw Error($"unexpected '{t.Text}'");
            Next();
            if (IsSymbol("="))
            {
                Next();
                attrs.Add(new(t.Text, ParseExpr()));
                continue;
            }
            var blockLabels = new List<string>();
            while (Current.Kind is TokKind.String or TokKind.Ident) blockLabels.Add(Next().Text);
            Expect("{");
            blocks.Add(ParseBody(false, t.Text, blockLabels, t.Line));
        }
        return new HclBlock(type, labels ?? [], attrs, blocks, line);
    }

    protected override Expr ParseIndexOrSplat(Expr target)
    {
        if (!IsSymbol("*")) return base.ParseIndexOrSplat(target);
        Next();
        Expect("]");
        return new OpaqueExpr(ExprEvaluator.Describe(target) + "[*]", target.Line);
    }

    protected override string? CallName(Expr callee) => callee is RefExpr r ? r.Name : null;

    protected override Expr ParsePrimary()
    {
        if (ParseSharedPrimary() is { } shared) return shared;
        var t = Current;
        switch (t.Kind)
        {
            case TokKind.Ident:
                Next();
                return new RefExpr(ProviderFunctionName(t.Text), t.Line);
            case TokKind.Symbol when t.Text is "{" or "[":
                return ParseCollection(t.Text == "{");
            default:
                throw Error($"unexpected '{t.Text}'");
        }
    }

    /// <summary>A provider-defined function's full name (<c>provider::azapi::parse_resource_id</c>, Terraform 1.8), read
    /// after its first part; any other name as it stands. Such functions are not evaluated: what they feed is unknown.</summary>
    private string ProviderFunctionName(string first)
    {
        var name = first;
        while (IsSymbol("::"))
        {
            Next();
            name += "::" + (Current.Kind == TokKind.Ident ? Next().Text : throw Error($"expected a name after '::' but found '{Current.Text}'"));
        }
        return name;
    }

    /// <summary><c>for k, v in source : [key =&gt;] value [...] [if cond]</c>, after the opening bracket.</summary>
    private HclForExpr ParseFor(bool isObject, int line)
    {
        Next(); // for
        var first = Name();
        string? second = null;
        if (IsSymbol(",")) { Next(); second = Name(); }
        if (!(Current.Kind == TokKind.Ident && Current.Text == "in")) throw Error("expected 'in' in for expression");
        Next();
        var source = ParseExpr();
        Expect(":");
        Expr? key = null;
        var value = ParseExpr();
        var grouped = false;
        if (isObject)
        {
            Expect("=>");
            (key, value) = (value, ParseExpr());
            if (IsSymbol("...")) { Next(); grouped = true; }
        }
        Expr? condition = null;
        if (Current.Kind == TokKind.Ident && Current.Text == "if") { Next(); condition = ParseExpr(); }
        return new HclForExpr(source, second is null ? null : first, second ?? first, key, value, condition, grouped, line);
    }

    private string Name() => Current.Kind == TokKind.Ident ? Next().Text : throw Error($"expected a name in for expression but found '{Current.Text}'");

    private Expr ParseCollection(bool isObject)
    {
        var open = Next();
        var close = isObject ? "}" : "]";
        var saved = ParenDepth; ParenDepth = 1;
        if (Current.Kind == TokKind.Ident && Current.Text == "for")
        {
            var loop = ParseFor(isObject, open.Line);
            Expect(close);
            ParenDepth = saved;
            return loop;
        }
        var items = new List<Expr>();
        var props = new List<KeyValuePair<string, Expr>>();
        while (!IsSymbol(close))
        {
            if (Current.Kind == TokKind.Eof) throw Error($"unterminated {(isObject ? "object" : "list")}");
            if (isObject)
            {
                var keyTok = Current;
                var keyExpr = ParseExpr();
                var key = keyExpr switch
                {
                    LiteralExpr { Value: string s } => s,
                    RefExpr r => r.Name,
                    _ => ExprEvaluator.Describe(keyExpr),
                };
                if (IsSymbol("=") || IsSymbol(":")) Next();
                else throw Error($"expected '=' after object key '{keyTok.Text}'");
                props.Add(new(key, ParseExpr()));
            }
            else items.Add(ParseExpr());
            if (IsSymbol(",")) Next();
        }
        Next();
        ParenDepth = saved;
        return isObject ? new ObjectExpr(props, open.Line) : new ArrayExpr(items, open.Line);
    }
}

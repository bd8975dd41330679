using System.Globalization;
using System.Text;
using Guardrails.Core.Pricing;

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

    /// <summary>Reads one file; <paramref name="moduleFiles"/> are the other .tf files of the same folder (shared variables).</summary>
    public static IacParseResult Read(string file, string text, IEnumerable<string> moduleFiles)
    {
        var result = new IacParseResult();
        List<HclBlock> blocks;
        var all = new List<HclBlock>();
        try
        {
            blocks = new HclParser(new HclLexer(text).Tokenize(), file).ParseBody(topLevel: true).Blocks.ToList();
            all.AddRange(blocks);
            foreach (var other in moduleFiles)
            {
                try { all.AddRange(new HclParser(new HclLexer(other).Tokenize(), file).ParseBody(topLevel: true).Blocks); }
                catch (IacSyntaxException) { /* the other file is reported when it is read itself */ }
            }
        }
        catch (IacSyntaxException e)
        {
            result.Errors.Add(IacFileError.From(file, e.Message));
            return result;
        }

        var variables = new Dictionary<string, Expr?>(StringComparer.Ordinal);
        var locals = new Dictionary<string, Expr>(StringComparer.Ordinal);
        foreach (var b in all)
        {
            if (b.Type == "variable" && b.Labels.Count == 1) variables[b.Labels[0]] = b.Attr("default");
            if (b.Type == "locals") foreach (var (k, v) in b.Attributes) locals[k] = v;
        }
        ExprEvaluator? eval = null;
        eval = new ExprEvaluator((expr, _) =>
        {
            if (expr is MemberExpr { Target: RefExpr { Name: "var" } } v)
                return variables.TryGetValue(v.Member, out var d)
                    ? d is null ? Resolved.Fail($"variable `{v.Member}` has no default") : eval!.Evaluate(d)
                    : Resolved.Fail($"variable `{v.Member}` is not declared");
            if (expr is MemberExpr { Target: RefExpr { Name: "local" } } l)
                return locals.TryGetValue(l.Member, out var d) ? eval!.Evaluate(d) : Resolved.Fail($"local `{l.Member}` is not declared");
            if (expr is MemberExpr { Target: MemberExpr { Target: RefExpr { Name: "var" } } })
                return null; // var.x.y: evaluate var.x, then the member
            if (expr is RefExpr or MemberExpr) return Resolved.Fail($"`{ExprEvaluator.Describe(expr)}` is known only after apply");
            return null;
        });

        foreach (var b in blocks.Where(b => b.Type == "resource" && b.Labels.Count == 2))
            ReadResource(file, b, eval, result);
        return result;
    }

    private static void ReadResource(string file, HclBlock b, ExprEvaluator eval, IacParseResult result)
    {
        var type = b.Labels[0];
        var name = b.Labels[1];
        var notes = new List<string>();
        decimal count = 1m;
        if (b.Attr("count") is { } countExpr)
        {
            var c = eval.Evaluate(countExpr).AsDecimal();
            if (c is null) notes.Add($"count unknown ({ExprEvaluator.Describe(countExpr)}); counted once");
            else count = c.Value;
        }
        if (b.Attr("for_each") is { } forEach)
        {
            var fe = eval.Evaluate(forEach).Value;
            if (fe is List<object?> l) count = l.Count;
            else if (fe is Dictionary<string, object?> d) count = d.Count;
            else notes.Add("for_each unknown; counted once");
        }
        var region = NormalizeRegion(eval.Evaluate(b.Attr("location")).AsString());
        var tags = ReadTags(b.Attr("tags"), eval);

        IacResource Make(Expr? skuExpr, string attrName)
        {
            var r = eval.Evaluate(skuExpr);
            var sku = r.AsString();
            return new IacResource
            {
                File = file,
                Name = name,
                Type = type,
                Line = b.Line,
                Sku = sku,
                Region = region,
                Tags = tags,
                UnresolvedReason = sku is null ? $"{attrName}: {(skuExpr is null ? "not set" : r.Unresolved ?? "not a string")}" : null,
            };
        }

        IacResource res;
        switch (type)
        {
            case "azurerm_linux_virtual_machine" or "azurerm_windows_virtual_machine":
                res = Make(b.Attr("size"), "size") with { Quantity = count, Os = type.Contains("windows") ? VmOs.Windows : Os(b, eval, "source_image_reference", null) };
                res = res with { HybridBenefit = res.Os == VmOs.Windows && HasHybridBenefit(b, eval) };
                if (IsSpot(b, eval, "priority")) res = res with { Priority = CapacityPriority.Spot };
                break;
            case "azurerm_dev_test_linux_virtual_machine" or "azurerm_dev_test_windows_virtual_machine":
                res = Make(b.Attr("size"), "size") with { Quantity = count, Os = type.Contains("windows") ? VmOs.Windows : VmOs.Linux };
                break;
            case "azurerm_virtual_machine":
                // The legacy VM resource (still common): vm_size; Windows by os_profile_windows_config, the image
                // publisher, storage_os_disk.os_type or license_type.
                res = Make(b.Attr("vm_size"), "vm_size") with { Quantity = count, Os = Os(b, eval, "storage_image_reference", "storage_os_disk") };
                res = res with { HybridBenefit = res.Os == VmOs.Windows && HasHybridBenefit(b, eval) };
                if (IsSpot(b, eval, "priority")) res = res with { Priority = CapacityPriority.Spot };
                break;
            case "azurerm_virtual_machine_scale_set":
                {
                    // The legacy scale set: sku { name, tier, capacity }; priority "Low" is low-priority capacity.
                    var skuBlock = b.Block("sku");
                    res = Make(skuBlock?.Attr("name"), "sku.name") with { Os = Os(b, eval, "storage_profile_image_reference", "storage_profile_os_disk") };
                    res = res with { HybridBenefit = res.Os == VmOs.Windows && HasHybridBenefit(b, eval) };
                    var capacity = eval.Evaluate(skuBlock?.Attr("capacity"));
                    if (capacity.AsDecimal() is { } cap) res = res with { Quantity = cap * count };
                    else if (skuBlock?.Attr("capacity") is null) { res = res with { Quantity = count }; notes.Add("sku.capacity not set: assumed 1 instance"); }
                    else res = res with { Sku = null, UnresolvedReason = res.UnresolvedReason ?? $"sku.capacity: {capacity.Unresolved}" };
                    var prio = eval.Evaluate(b.Attr("priority")).AsString();
                    if (string.Equals(prio, "Low", StringComparison.OrdinalIgnoreCase)) res = res with { Priority = CapacityPriority.LowPriority };
                    else if (string.Equals(prio, "Spot", StringComparison.OrdinalIgnoreCase)) res = res with { Priority = CapacityPriority.Spot };
                    break;
                }
            case "azurerm_linux_virtual_machine_scale_set" or "azurerm_windows_virtual_machine_scale_set" or "azurerm_orchestrated_virtual_machine_scale_set":
                res = Make(b.Attr("sku") ?? b.Attr("sku_name"), "sku") with
                {
                    Os = type.Contains("windows") || b.Block("os_profile")?.Block("windows_configuration") is not null ? VmOs.Windows : Os(b, eval, "source_image_reference", null),
                };
                res = res with { HybridBenefit = res.Os == VmOs.Windows && HasHybridBenefit(b, eval) };
                var instances = eval.Evaluate(b.Attr("instances")).AsDecimal();
                if (instances is null) notes.Add(b.Attr("instances") is null ? "instances not set: assumed 1" : "instances unknown: assumed 1");
                res = res with { Quantity = (instances ?? 1m) * count };
                if (IsSpot(b, eval, "priority")) res = res with { Priority = CapacityPriority.Spot };
                break;
            case "azurerm_machine_learning_compute_cluster":
                {
                    res = Make(b.Attr("vm_size"), "vm_size");
                    var scale = b.Block("scale_settings");
                    var min = eval.Evaluate(scale?.Attr("min_node_count")).AsDecimal() ?? 0m;
                    var max = eval.Evaluate(scale?.Attr("max_node_count")).AsDecimal();
                    if (max is null && res.UnresolvedReason is null) res = res with { Sku = null, UnresolvedReason = "scale_settings.max_node_count is not a literal" };
                    var prio = eval.Evaluate(b.Attr("vm_priority")).AsString();
                    res = res with
                    {
                        MinNodes = min * count,
                        MaxNodes = max * count,
                        Quantity = (max ?? 0m) * count,
                        Priority = string.Equals(prio, "LowPriority", StringComparison.OrdinalIgnoreCase) ? CapacityPriority.LowPriority : CapacityPriority.Dedicated,
                    };
                    var clusterName = eval.Evaluate(b.Attr("name")).AsString() ?? name;
                    res = res with { IsJobCluster = true, ComputeName = clusterName };
                    if (res.Sku is not null) result.Computes.Add(new ComputeDefinition(clusterName, res.Sku, res.Priority, min, max, file));
                    break;
                }
            case "azurerm_machine_learning_compute_instance":
                res = Make(b.Attr("virtual_machine_size") ?? b.Attr("vm_size"), "virtual_machine_size") with { Quantity = count };
                break;
            case "azurerm_kubernetes_cluster_node_pool":
                res = NodePool(b, eval, Make(b.Attr("vm_size"), "vm_size"), notes, count);
                if (IsSpot(b, eval, "priority")) res = res with { Priority = CapacityPriority.Spot };
                if (b.Attr("os_type") is { } osTypeExpr)
                {
                    var osType = eval.Evaluate(osTypeExpr);
                    if (string.Equals(osType.AsString(), "Windows", StringComparison.OrdinalIgnoreCase)) res = res with { Os = VmOs.Windows };
                    else if (osType.AsString() is null)
                        res = res with { Sku = null, UnresolvedReason = res.UnresolvedReason ?? $"os_type: {osType.Unresolved} (Windows and Linux prices differ)" };
                }
                if (eval.Evaluate(b.Attr("os_sku")).AsString() is { } osSku && osSku.StartsWith("Windows", StringComparison.OrdinalIgnoreCase))
                    res = res with { Os = VmOs.Windows };
                break;
            case "azurerm_kubernetes_cluster":
                {
                    var pool = b.Block("default_node_pool");
                    if (pool is null)
                    {
                        result.Resources.Add(new IacResource
                        {
                            File = file,
                            Name = name + ".default_node_pool",
                            Type = type + ".default_node_pool",
                            Line = b.Line,
                            Region = region,
                            Tags = tags,
                            UnresolvedReason = "no default_node_pool block (a cluster always has nodes)",
                        });
                        return;
                    }
                    var r = eval.Evaluate(pool.Attr("vm_size"));
                    res = new IacResource
                    {
                        File = file,
                        Name = name + ".default_node_pool",
                        Type = type + ".default_node_pool",
                        Line = pool.Line,
                        Sku = r.AsString(),
                        Region = region,
                        Tags = tags,
                        UnresolvedReason = r.AsString() is null ? $"default_node_pool.vm_size: {r.Unresolved}" : null,
                    };
                    res = NodePool(pool, eval, res, notes, count);
                    break;
                }
            case "azurerm_batch_pool" or "azurerm_kubernetes_cluster_extension" or "azurerm_machine_learning_synapse_spark"
                or "azurerm_virtual_desktop_host_pool" or "azurerm_container_group" or "azurerm_spring_cloud_service":
                // Compute we have no cost model for: unknown, never free.
                res = Make(null, "type") with { UnresolvedReason = "compute resource type without a cost model in Guardrails" };
                break;
            default:
                result.Skipped.Add(new SkippedResource(file, name, type, "no compute cost model for this type"));
                return;
        }
        result.Resources.Add(res with { Notes = notes });
    }

    private static IacResource NodePool(HclBlock pool, ExprEvaluator eval, IacResource res, List<string> notes, decimal count)
    {
        var autoscale = eval.Evaluate(pool.Attr("auto_scaling_enabled") ?? pool.Attr("enable_auto_scaling")).Value is true;
        if (autoscale)
        {
            var min = eval.Evaluate(pool.Attr("min_count")).AsDecimal() ?? 0m;
            var max = eval.Evaluate(pool.Attr("max_count")).AsDecimal();
            if (max is null) return res with { Sku = null, UnresolvedReason = res.UnresolvedReason ?? "max_count is not a literal" };
            // Priced at node_count, else min_count (as Infracost); the estimator states the range.
            var initial = eval.Evaluate(pool.Attr("node_count")).AsDecimal();
            return res with { MinNodes = min * count, MaxNodes = max * count, Quantity = (initial ?? min) * count };
        }
        var nodes = eval.Evaluate(pool.Attr("node_count")).AsDecimal();
        if (nodes is null) notes.Add(pool.Attr("node_count") is null ? "node_count not set: assumed 1 node" : "node_count unknown: assumed 1 node");
        return res with { Quantity = (nodes ?? 1m) * count };
    }

    /// <summary>Windows by a <c>windows_config</c> block, the image publisher (MicrosoftWindowsServer/Desktop), the OS disk's
    /// <c>os_type</c>, or a Windows <c>license_type</c>.</summary>
    private static VmOs Os(HclBlock b, ExprEvaluator eval, string imageBlock, string? osDiskBlock)
    {
        if (b.Block("os_profile_windows_config") is not null) return VmOs.Windows;
        var publisher = eval.Evaluate(b.Block(imageBlock)?.Attr("publisher")).AsString();
        if (publisher is not null && publisher.Contains("Windows", StringComparison.OrdinalIgnoreCase)) return VmOs.Windows;
        if (osDiskBlock is not null && string.Equals(eval.Evaluate(b.Block(osDiskBlock)?.Attr("os_type")).AsString(), "Windows", StringComparison.OrdinalIgnoreCase))
            return VmOs.Windows;
        if (HasHybridBenefit(b, eval)) return VmOs.Windows;
        return VmOs.Linux;
    }

    private static bool HasHybridBenefit(HclBlock b, ExprEvaluator eval) =>
        eval.Evaluate(b.Attr("license_type")).AsString() is { } l && l.StartsWith("Windows_", StringComparison.OrdinalIgnoreCase);

    private static bool IsSpot(HclBlock b, ExprEvaluator eval, string attr) =>
        string.Equals(eval.Evaluate(b.Attr(attr)).AsString(), "Spot", StringComparison.OrdinalIgnoreCase);

    private static IReadOnlyDictionary<string, string>? ReadTags(Expr? tags, ExprEvaluator eval)
    {
        if (tags is null) return new Dictionary<string, string>();
        var r = eval.Evaluate(tags);
        if (r.Value is not Dictionary<string, object?> d) return null;
        return d.ToDictionary(k => k.Key, k => Convert.ToString(k.Value, CultureInfo.InvariantCulture) ?? "", StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>"West Europe" → "westeurope" (Terraform accepts display names; prices use ARM region names).</summary>
    public static string? NormalizeRegion(string? region) =>
        region is null ? null : new string(region.Where(char.IsLetterOrDigit).ToArray()).ToLowerInvariant();
}

/// <summary>HCL's tokens: double-quoted strings with <c>${…}</c> and <c>%{…}</c>, heredocs, <c>#</c> and <c>//</c> comments.</summary>
internal sealed class HclLexer(string text) : IacLexer(text)
{
    private static readonly string[] s_symbols2 = ["==", "!=", "<=", ">=", "&&", "||", "=>", "?."];

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

    private Tok ReadHeredoc()
    {
        var startLine = Line;
        Pos += 2;
        if (Text[Pos] == '-') Pos++;
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
            if (lineText.Trim() == marker) { Pos = lineEnd; return new Tok(TokKind.String, sb.ToString(), startLine, [new OpaqueExpr("heredoc", startLine)]); }
            sb.Append(lineText).Append('\n');
            Pos = lineEnd;
        }
        throw new IacSyntaxException($"line {startLine}: unterminated heredoc {marker}");
    }
}

internal sealed class HclParser(List<Tok> tokens, string file) : ExpressionParser(tokens, file, s_binary)
{
    private static readonly HashSet<string> s_binary = ["==", "!=", "<=", ">=", "&&", "||", "+", "-", "*", "/", "%", "<", ">"];

    private void SkipNewLines() { while (Tokens[Pos].Kind == TokKind.NewLine) Pos++; }

    public HclBlock ParseBody(bool topLevel, string type = "", IReadOnlyList<string>? labels = null, int line = 0)
    {
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
                return new RefExpr(t.Text, t.Line);
            case TokKind.Symbol when t.Text is "{" or "[":
                return ParseCollection(t.Text == "{");
            default:
                throw Error($"unexpected '{t.Text}'");
        }
    }

    private Expr ParseCollection(bool isObject)
    {
        var open = Next();
        var close = isObject ? "}" : "]";
        var saved = ParenDepth; ParenDepth = 1;
        if (Current.Kind == TokKind.Ident && Current.Text == "for")
        {
            // for-expression: skip to the matching close bracket
            var depth = 1;
            while (depth > 0)
            {
                var t = Next();
                if (t.Kind == TokKind.Eof) throw Error("unterminated for expression");
                if (t.Kind == TokKind.Symbol && t.Text is "{" or "[" or "(") depth++;
                if (t.Kind == TokKind.Symbol && t.Text is "}" or "]" or ")") depth--;
            }
            ParenDepth = saved;
            return new OpaqueExpr("for expression", open.Line);
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

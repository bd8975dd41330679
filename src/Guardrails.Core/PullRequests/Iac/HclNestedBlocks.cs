namespace Guardrails.Core.PullRequests.Iac;

/// <summary>A nested block as Terraform makes it: the block (null when there is none), the values its attributes are
/// read with (a <c>dynamic</c> block's iterator bound), and why it is not known whether the block is there.</summary>
internal readonly record struct NestedBlock(HclBlock? Block, ExprEvaluator Eval, string? Unknown);

/// <summary>
/// Finds a nested block written out (<c>sku { … }</c>) or made by <c>dynamic "sku" { for_each = …, content { … } }</c>,
/// as modules write the blocks that price a resource (the scale set's <c>sku</c>, the OS image, a Windows configuration,
/// a cluster's scale settings or default node pool). A <c>for_each</c> with no element makes no block; one with elements
/// makes the first, read with <c>TYPE.value</c> (and its members)/<c>.key</c> (or its <c>iterator</c>) bound to it; one that cannot be
/// known makes the block unknown, with the reason (never taken as absent).
/// </summary>
internal static class HclNestedBlocks
{
    public static NestedBlock Find(HclBlock? parent, ExprEvaluator eval, string type) =>
        FindAll(parent, eval, type).FirstOrDefault(new NestedBlock(null, eval, null));

    /// <summary>Every block of the type: those written out, then each element of each <c>dynamic</c> one (read with its
    /// iterator bound); a <c>dynamic</c> block whose <c>for_each</c> cannot be known is one entry with the reason.</summary>
    public static IEnumerable<NestedBlock> FindAll(HclBlock? parent, ExprEvaluator eval, string type)
    {
        if (parent is null) yield break;
        foreach (var written in parent.Blocks.Where(x => x.Type == type)) yield return new(written, eval, null);
        foreach (var d in parent.Blocks.Where(x => x.Type == "dynamic" && x.Labels.Count == 1 && x.Labels[0] == type))
        {
            var each = eval.Evaluate(d.Attr("for_each"));
            IEnumerable<(object Key, object? Value)>? items = each.Value switch
            {
                List<object?> list => list.Select((v, i) => ((object)(decimal)i, v)),
                Dictionary<string, object?> map => map.Select(p => ((object)p.Key, p.Value)),
                _ => null,
            };
            if (items is null)
            {
                yield return new(null, eval, $"dynamic \"{type}\" for_each: {each.Unresolved ?? "not a list or a map"}");
                yield break;
            }
            if (d.Block("content") is not { } content) continue;
            var iterator = eval.Evaluate(d.Attr("iterator")).AsString() ?? ExprEvaluator.Describe(d.Attr("iterator") ?? new RefExpr(type, d.Line));
            foreach (var item in items.Take(IacFunctions.MaxItems))
                yield return new(content, eval.With(TerraformInstances.BindIterator(iterator, item.Key, item.Value)), null);
        }
    }
}

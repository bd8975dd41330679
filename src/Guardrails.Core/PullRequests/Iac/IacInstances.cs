using Guardrails.Core.Pricing;

namespace Guardrails.Core.PullRequests.Iac;

/// <summary>
/// What the readers share about a resource with several instances (a Terraform <c>for_each</c>/<c>count</c>, a Bicep
/// <c>[for …]</c>): whether its values depend on the instance, and the instances read one by one put back together.
/// </summary>
internal static class IacInstances
{
    /// <summary>Beyond this many instances a resource is read once for all of them (instance-bound values then stay unknown).</summary>
    public const int MaxExpanded = 1_000;

    /// <summary>Instances alike in all that prices them are one resource under <paramref name="name"/> with their quantities summed;
    /// otherwise each stands on its own.</summary>
    public static IReadOnlyList<IacResource> Together(IReadOnlyList<IacResource> read, string name)
    {
        if (read.Count == 0 || read.DistinctBy(PricedAs).Count() > 1) return read;
        return
        [
            read[0] with
            {
                Name = name,
                Quantity = read.Sum(r => r.Quantity),
                MinNodes = read[0].MinNodes is null ? null : read.Sum(r => r.MinNodes),
                MaxNodes = read[0].MaxNodes is null ? null : read.Sum(r => r.MaxNodes),
            },
        ];
    }

    /// <summary>What prices an instance (its name aside).</summary>
    private static (string?, string?, VmOs, CapacityPriority, bool, string?, decimal, decimal?, decimal?, string) PricedAs(IacResource r) =>
        (r.Sku, r.Region, r.Os, r.Priority, r.HybridBenefit, r.UnresolvedReason, r.Quantity, r.MinNodes, r.MaxNodes, r.Type);

    /// <summary>Whether an expression names <paramref name="root"/> (a loop variable, <c>each</c>, <c>count</c>); an expression
    /// nested deeper than 64 levels is taken to (its instances are then read one by one: the careful answer), never a stack overflow.</summary>
    public static bool References(Expr? e, string root) => References(e, root, 0);

    private static bool References(Expr? e, string root, int depth) => depth > 64 || e switch
    {
        RefExpr r => r.Name == root,
        MemberExpr m => References(m.Target, root, depth + 1),
        IndexExpr i => References(i.Target, root, depth + 1) || References(i.Index, root, depth + 1),
        CallExpr c => c.Arguments.Any(a => References(a, root, depth + 1)),
        ObjectExpr o => o.Properties.Any(p => References(p.Value, root, depth + 1)),
        ArrayExpr a => a.Items.Any(i => References(i, root, depth + 1)),
        InterpolatedExpr i => i.Parts.Any(p => p is Expr x && References(x, root, depth + 1)),
        ForExpr f => References(f.Source, root, depth + 1) || References(f.Body, root, depth + 1),
        ConditionalExpr c => References(c.Condition, root, depth + 1) || References(c.Body, root, depth + 1),
        BinaryExpr b => References(b.Left, root, depth + 1) || References(b.Right, root, depth + 1),
        UnaryExpr u => References(u.Operand, root, depth + 1),
        SpreadExpr sp => References(sp.Value, root, depth + 1),
        HclForExpr f => References(f.Source, root, depth + 1) || References(f.Value, root, depth + 1) || References(f.Key, root, depth + 1)
            || References(f.Condition, root, depth + 1),
        TernaryExpr t => References(t.Condition, root, depth + 1) || References(t.WhenTrue, root, depth + 1) || References(t.WhenFalse, root, depth + 1),
        OpaqueExpr o => o.Text.Contains(root, StringComparison.Ordinal),
        _ => false,
    };
}

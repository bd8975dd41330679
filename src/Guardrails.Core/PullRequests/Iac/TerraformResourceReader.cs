using Guardrails.Core.Pricing;

namespace Guardrails.Core.PullRequests.Iac;

/// <summary>
/// Reads one Terraform <c>resource</c> block (or one instance of it) into the compute resource it prices as: the SKU,
/// quantity (instances, node counts, times the instances <see cref="TerraformInstances"/> found), OS, priority and hybrid benefit for each resource type with a cost model; compute
/// without one is unresolved (never free); other types are skipped.
/// </summary>
internal sealed class TerraformResourceReader
{
    private readonly string _file;
    private readonly HclBlock _b;
    private readonly ExprEvaluator _eval;
    private readonly IacParseResult _result;
    private readonly string _type;
    private readonly string _name;
    private readonly List<string> _notes = [];
    private readonly decimal _count;
    private readonly string? _region;
    private readonly IReadOnlyDictionary<string, string>? _tags;

    /// <param name="name">The resource's name, with its instance key when a <c>for_each</c>/<c>count</c> instance is read on its own.</param>
    /// <param name="count">How many instances this reading stands for (<see cref="TerraformInstances"/>).</param>
    public TerraformResourceReader(string file, HclBlock b, ExprEvaluator eval, IacParseResult result, string name, decimal count)
    {
        (_file, _b, _eval, _result) = (file, b, eval, result);
        _type = b.Labels[0];
        _name = name;
        _count = count;
        _region = TerraformReader.NormalizeRegion(eval.Evaluate(b.Attr("location")).AsString());
        _tags = IacTags.Read(b.Attr("tags"), eval);
    }

    /// <summary>The resource with its notes; null when the block was skipped or reported as it stands.</summary>
    public IacResource? Read()
    {
        IacResource? res = _type switch
        {
            "azurerm_linux_virtual_machine" or "azurerm_windows_virtual_machine" => VirtualMachine(),
            "azurerm_dev_test_linux_virtual_machine" or "azurerm_dev_test_windows_virtual_machine" =>
                Make(_b.Attr("size"), "size") with { Quantity = _count, Os = _type.Contains("windows") ? VmOs.Windows : VmOs.Linux },
            "azurerm_virtual_machine" => LegacyVirtualMachine(),
            "azurerm_virtual_machine_scale_set" => LegacyScaleSet(),
            "azurerm_linux_virtual_machine_scale_set" or "azurerm_windows_virtual_machine_scale_set" or "azurerm_orchestrated_virtual_machine_scale_set" => ScaleSet(),
            "azurerm_machine_learning_compute_cluster" => ComputeCluster(),
            "azurerm_machine_learning_compute_instance" =>
                Make(_b.Attr("virtual_machine_size") ?? _b.Attr("vm_size"), "virtual_machine_size") with { Quantity = _count },
            "azurerm_kubernetes_cluster_node_pool" => KubernetesNodePool(),
            "azurerm_kubernetes_cluster" => KubernetesDefaultNodePool(),
            _ when UnmodelledCompute.IsTerraformType(_type) => Make(null, "type") with { UnresolvedReason = UnmodelledCompute.Reason },
            _ => Skip(),
        };
        return res is null ? null : res with { Notes = _notes };
    }

    private IacResource Make(Expr? skuExpr, string attrName)
    {
        var r = _eval.Evaluate(skuExpr);
        var sku = r.AsString();
        return new IacResource
        {
            File = _file,
            Name = _name,
            Type = _type,
            Line = _b.Line,
            Sku = sku,
            Region = _region,
            Tags = _tags,
            UnresolvedReason = sku is null ? $"{attrName}: {(skuExpr is null ? "not set" : r.Unresolved ?? "not a string")}" : null,
        };
    }

    private IacResource? Skip()
    {
        _result.Skipped.Add(new SkippedResource(_file, _name, _type, "no compute cost model for this type"));
        return null;
    }

    private IacResource VirtualMachine()
    {
        var res = Make(_b.Attr("size"), "size") with { Quantity = _count, Os = _type.Contains("windows") ? VmOs.Windows : Os(_b, _eval, "source_image_reference", null) };
        res = res with { HybridBenefit = res.Os == VmOs.Windows && HasHybridBenefit(_b, _eval) };
        return IsSpot(_b, _eval, "priority") ? res with { Priority = CapacityPriority.Spot } : res;
    }

    /// <summary>The legacy VM resource (still common): vm_size; Windows by os_profile_windows_config, the image publisher,
    /// storage_os_disk.os_type or license_type.</summary>
    private IacResource LegacyVirtualMachine()
    {
        var res = Make(_b.Attr("vm_size"), "vm_size") with { Quantity = _count, Os = Os(_b, _eval, "storage_image_reference", "storage_os_disk") };
        res = res with { HybridBenefit = res.Os == VmOs.Windows && HasHybridBenefit(_b, _eval) };
        return IsSpot(_b, _eval, "priority") ? res with { Priority = CapacityPriority.Spot } : res;
    }

    /// <summary>The legacy scale set: sku { name, tier, capacity }; priority "Low" is low-priority capacity.</summary>
    private IacResource LegacyScaleSet()
    {
        var skuBlock = _b.Block("sku");
        var res = Make(skuBlock?.Attr("name"), "sku.name") with { Os = Os(_b, _eval, "storage_profile_image_reference", "storage_profile_os_disk") };
        res = res with { HybridBenefit = res.Os == VmOs.Windows && HasHybridBenefit(_b, _eval) };
        var capacity = _eval.Evaluate(skuBlock?.Attr("capacity"));
        if (capacity.AsDecimal() is { } cap) res = res with { Quantity = cap * _count };
        else if (skuBlock?.Attr("capacity") is null)
        {
            res = res with { Quantity = _count };
            _notes.Add("sku.capacity not set: assumed 1 instance");
        }
        else res = res with { Sku = null, UnresolvedReason = res.UnresolvedReason ?? $"sku.capacity: {capacity.Unresolved}" };

        var prio = _eval.Evaluate(_b.Attr("priority")).AsString();
        if (string.Equals(prio, "Low", StringComparison.OrdinalIgnoreCase)) res = res with { Priority = CapacityPriority.LowPriority };
        else if (string.Equals(prio, "Spot", StringComparison.OrdinalIgnoreCase)) res = res with { Priority = CapacityPriority.Spot };
        return res;
    }

    private IacResource ScaleSet()
    {
        var res = Make(_b.Attr("sku") ?? _b.Attr("sku_name"), "sku") with
        {
            Os = _type.Contains("windows") || _b.Block("os_profile")?.Block("windows_configuration") is not null ? VmOs.Windows : Os(_b, _eval, "source_image_reference", null),
        };
        res = res with { HybridBenefit = res.Os == VmOs.Windows && HasHybridBenefit(_b, _eval) };
        var instances = _eval.Evaluate(_b.Attr("instances"));
        if (_b.Attr("instances") is null) _notes.Add("instances not set: assumed 1");
        else if (instances.AsDecimal() is null)
            res = res with { Sku = null, UnresolvedReason = res.UnresolvedReason ?? $"instances: {instances.Unresolved ?? "not a number"}" };
        res = res with { Quantity = (instances.AsDecimal() ?? 1m) * _count };
        return IsSpot(_b, _eval, "priority") ? res with { Priority = CapacityPriority.Spot } : res;
    }

    /// <summary>An Azure ML compute cluster: priced at its maximum node count; its definition is kept for training plans.</summary>
    private IacResource ComputeCluster()
    {
        var res = Make(_b.Attr("vm_size"), "vm_size");
        var scale = _b.Block("scale_settings");
        var min = _eval.Evaluate(scale?.Attr("min_node_count")).AsDecimal() ?? 0m;
        var max = _eval.Evaluate(scale?.Attr("max_node_count")).AsDecimal();
        if (max is null && res.UnresolvedReason is null) res = res with { Sku = null, UnresolvedReason = "scale_settings.max_node_count is not a literal" };
        var prio = _eval.Evaluate(_b.Attr("vm_priority")).AsString();
        res = res with
        {
            MinNodes = min * _count,
            MaxNodes = max * _count,
            Quantity = (max ?? 0m) * _count,
            Priority = string.Equals(prio, "LowPriority", StringComparison.OrdinalIgnoreCase) ? CapacityPriority.LowPriority : CapacityPriority.Dedicated,
        };
        var clusterName = _eval.Evaluate(_b.Attr("name")).AsString() ?? _name;
        res = res with { IsJobCluster = true, ComputeName = clusterName };
        if (res.Sku is not null) _result.Computes.Add(new ComputeDefinition(clusterName, res.Sku, res.Priority, min, max, _file));
        return res;
    }

    private IacResource KubernetesNodePool()
    {
        var res = NodePool(_b, _eval, Make(_b.Attr("vm_size"), "vm_size"), _notes, _count);
        if (IsSpot(_b, _eval, "priority")) res = res with { Priority = CapacityPriority.Spot };
        if (_b.Attr("os_type") is { } osTypeExpr)
        {
            var osType = _eval.Evaluate(osTypeExpr);
            if (string.Equals(osType.AsString(), "Windows", StringComparison.OrdinalIgnoreCase)) res = res with { Os = VmOs.Windows };
            else if (osType.AsString() is null)
                res = res with { Sku = null, UnresolvedReason = res.UnresolvedReason ?? $"os_type: {osType.Unresolved} (Windows and Linux prices differ)" };
        }

        if (_eval.Evaluate(_b.Attr("os_sku")).AsString() is { } osSku && osSku.StartsWith("Windows", StringComparison.OrdinalIgnoreCase))
            res = res with { Os = VmOs.Windows };
        return res;
    }

    /// <summary>A cluster's default node pool; a cluster without one is reported unresolved as it stands (a cluster always has nodes).</summary>
    private IacResource? KubernetesDefaultNodePool()
    {
        var (pool, eval, unknown) = _b.Block("default_node_pool") is { } written ? (written, _eval, null) : DynamicBlock("default_node_pool");
        if (pool is null)
        {
            _result.Resources.Add(new IacResource
            {
                File = _file,
                Name = _name + ".default_node_pool",
                Type = _type + ".default_node_pool",
                Line = _b.Line,
                Region = _region,
                Tags = _tags,
                UnresolvedReason = unknown ?? "no default_node_pool block (a cluster always has nodes)",
            });
            return null;
        }

        var r = eval.Evaluate(pool.Attr("vm_size"));
        var res = new IacResource
        {
            File = _file,
            Name = _name + ".default_node_pool",
            Type = _type + ".default_node_pool",
            Line = pool.Line,
            Sku = r.AsString(),
            Region = _region,
            Tags = _tags,
            UnresolvedReason = r.AsString() is null ? $"default_node_pool.vm_size: {r.Unresolved}" : null,
        };
        return NodePool(pool, eval, res, _notes, _count);
    }

    /// <summary>
    /// The block a <c>dynamic "TYPE" { for_each, content }</c> makes, as the AKS module writes its default node pool (one
    /// dynamic block per scaling mode, the other's for_each empty): the first whose for_each has an element, read with
    /// <c>TYPE.value</c>/<c>.key</c> (or its <c>iterator</c>) bound to it; why it is unknown when a for_each is.
    /// </summary>
    private (HclBlock? Content, ExprEvaluator Eval, string? Unknown) DynamicBlock(string type)
    {
        foreach (var d in _b.Blocks.Where(x => x.Type == "dynamic" && x.Labels.Count == 1 && x.Labels[0] == type))
        {
            var each = _eval.Evaluate(d.Attr("for_each"));
            IEnumerable<(object Key, object? Value)>? items = each.Value switch
            {
                List<object?> list => list.Select((v, i) => ((object)(decimal)i, v)),
                Dictionary<string, object?> map => map.Select(p => ((object)p.Key, p.Value)),
                _ => null,
            };
            if (items is null) return (null, _eval, $"dynamic \"{type}\" for_each: {each.Unresolved ?? "not a list or a map"}");
            if (items.FirstOrDefault() is not { Key: not null } first || d.Block("content") is not { } content) continue;
            var iterator = _eval.Evaluate(d.Attr("iterator")).AsString() ?? ExprEvaluator.Describe(d.Attr("iterator") ?? new RefExpr(type, d.Line));
            return (content, _eval.With((expr, _) => expr is MemberExpr { Target: RefExpr r, Member: var m } && r.Name == iterator && m is "key" or "value"
                ? Resolved.Of(m == "key" ? first.Key : first.Value) : null), null);
        }
        return (null, _eval, null);
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
        var nodes = eval.Evaluate(pool.Attr("node_count"));
        if (pool.Attr("node_count") is null) notes.Add("node_count not set: assumed 1 node");
        else if (nodes.AsDecimal() is null)
            return res with { Sku = null, UnresolvedReason = res.UnresolvedReason ?? $"node_count: {nodes.Unresolved ?? "not a number"}" };
        return res with { Quantity = (nodes.AsDecimal() ?? 1m) * count };
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
}

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
    private readonly IReadOnlyDictionary<string, string>? _tree;

    /// <param name="name">The resource's name, with its instance key when a <c>for_each</c>/<c>count</c> instance is read on its own.</param>
    /// <param name="count">How many instances this reading stands for (<see cref="TerraformInstances"/>).</param>
    /// <param name="tree">All files read (path → text): where a template deployment's <c>file(…)</c> is read from.</param>
    public TerraformResourceReader(string file, HclBlock b, ExprEvaluator eval, IacParseResult result, string name, decimal count,
        IReadOnlyDictionary<string, string>? tree = null)
    {
        (_file, _b, _eval, _result, _tree) = (file, b, eval, result, tree);
        _type = b.Labels[0];
        _name = name;
        _count = count;
        _region = AzureRegions.Normalize(eval.Evaluate(b.Attr("location")).AsString());
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
            "azurerm_batch_pool" => BatchPool(),
            "azurerm_container_app_environment" => ContainerAppEnvironment(),
            "azurerm_cognitive_deployment" => CognitiveDeployment(),
            "databricks_cluster" or "databricks_instance_pool" or "databricks_sql_endpoint" or "databricks_pipeline" or "databricks_job" => Databricks(),
            _ when UnmodelledCompute.IsTerraformType(_type) => Make(null, "type") with { UnresolvedReason = UnmodelledCompute.Reason },
            "azapi_resource" or "azapi_update_resource" => AzApiResource(),
            _ when TerraformTemplateDeployments.Handles(_type) => TemplateDeployment(),
            _ => Skip(),
        };
        return res is null ? null : res with { Notes = _notes };
    }

    private IacResource Make(Expr? skuExpr, string attrName, ExprEvaluator? eval = null)
    {
        var r = (eval ?? _eval).Evaluate(skuExpr);
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

    /// <summary>
    /// An AzAPI resource (<c>type = "Microsoft.Compute/virtualMachines@2024-07-01"</c>, its ARM body in <c>body</c>, an object
    /// or <c>jsonencode({…})</c>): an <c>azapi_resource</c> is read as the ARM resource its body makes, by the same rules as
    /// Bicep and ARM (a VM's <c>properties.hardwareProfile.vmSize</c>, a cluster's <c>agentPoolProfiles</c>, …). Unknown (never
    /// free) when its type cannot be read, or when it is compute and its body cannot be known; an <c>azapi_update_resource</c>
    /// of a compute type changes a resource that exists already, by an amount its body alone does not tell: unknown too.
    /// A type that is neither compute nor <see cref="ReservedGpuCapacity"/> is skipped like a resource without a cost model.
    /// </summary>
    private IacResource? AzApiResource()
    {
        var type = _eval.Evaluate(_b.Attr("type"));
        if (type.AsString() is not { } versioned)
            return Make(null, "type") with { UnresolvedReason = $"type: {type.Unresolved ?? "not a string"} (an AzAPI resource of unknown ARM type may be compute)" };
        var armType = versioned.Split('@')[0];
        if (!UnmodelledCompute.IsArmCompute(armType) && !ReservedGpuCapacity.IsArmType(armType)
            && !armType.Equals(UnmodelledCompute.NestedDeployments, StringComparison.OrdinalIgnoreCase)) return Skip();
        if (_type != "azapi_resource")
            return Make(null, "type") with { UnresolvedReason = $"{armType} through {_type}: it changes a resource that exists already, by an amount its body alone does not tell (compute: unknown, not free)" };
        if (AzApiBody(out var unknownBody) is not { } body)
            return Make(null, "body") with { UnresolvedReason = $"{armType} through {_type}: body: {unknownBody} (compute: unknown, not free)" };
        var properties = new List<KeyValuePair<string, Expr>>(body.Properties.Where(p => p.Key is not ("location" or "tags")));
        if (_b.Attr("location") is { } location) properties.Add(new("location", location));
        if (_b.Attr("tags") is { } tags) properties.Add(new("tags", tags));
        var statement = new BicepReader.Statement("resource", _name, versioned, null, _b.Line);
        new BicepResourceReader(_file, statement, _eval, _result, _count, null, null).Read(new ObjectExpr(properties, body.Line));
        return null;
    }

    /// <summary>The AzAPI body as an object: written as one, through <c>jsonencode(…)</c> (AzAPI 1.x), or a value that is
    /// known (a local); null with the reason otherwise.</summary>
    private ObjectExpr? AzApiBody(out string? unknown)
    {
        unknown = null;
        var body = _b.Attr("body");
        if (body is CallExpr { Function: "jsonencode", Arguments: [var encoded] }) body = encoded;
        if (body is ObjectExpr written) return written;
        if (body is null)
        {
            unknown = "not set";
            return null;
        }
        var value = _eval.Evaluate(body);
        if (value.Value is Dictionary<string, object?> && BicepResourceReader.ValueExpr(value.Value) is ObjectExpr known) return known;
        unknown = value.Unresolved ?? "not an object";
        return null;
    }

    /// <summary>An ARM template deployed through Terraform: what it deploys is added as it stands (<see cref="TerraformTemplateDeployments"/>).</summary>
    private IacResource? TemplateDeployment()
    {
        TerraformTemplateDeployments.Read(_file, _b, _name, _count, _eval, _tree, _result);
        return null;
    }

    private IacResource? Skip()
    {
        _result.Skipped.Add(new SkippedResource(_file, _name, _type, "no compute cost model for this type"));
        return null;
    }

    private IacResource VirtualMachine()
    {
        var res = Make(_b.Attr("size"), "size") with { Quantity = _count };
        res = _type.Contains("windows") ? res with { Os = VmOs.Windows } : WithOs(res, _b, "source_image_reference", null);
        res = res with { HybridBenefit = res.Os == VmOs.Windows && HasHybridBenefit(_b, _eval) };
        return IsSpot(_b, _eval, "priority") ? res with { Priority = CapacityPriority.Spot } : res;
    }

    /// <summary>The resource with the OS its blocks say (<see cref="Os"/>); unpriced when a block that decides it is unknown.</summary>
    private IacResource WithOs(IacResource res, HclBlock b, string imageBlock, string? osDiskBlock)
    {
        var (os, unknown) = Os(b, _eval, imageBlock, osDiskBlock);
        return unknown is null ? res with { Os = os }
            : res with { Os = os, Sku = null, UnresolvedReason = res.UnresolvedReason ?? $"{unknown} (Windows and Linux prices differ)" };
    }

    /// <summary>An unknown block makes the resource unpriced with the reason (the first cause: what the block would set is unknown too).</summary>
    private static IacResource Known(IacResource res, NestedBlock block) =>
        block.Unknown is null ? res : res with { Sku = null, UnresolvedReason = block.Unknown };

    /// <summary>The legacy VM resource (still common): vm_size; Windows by os_profile_windows_config, the image publisher,
    /// storage_os_disk.os_type or license_type.</summary>
    private IacResource LegacyVirtualMachine()
    {
        var res = WithOs(Make(_b.Attr("vm_size"), "vm_size") with { Quantity = _count }, _b, "storage_image_reference", "storage_os_disk");
        res = res with { HybridBenefit = res.Os == VmOs.Windows && HasHybridBenefit(_b, _eval) };
        return IsSpot(_b, _eval, "priority") ? res with { Priority = CapacityPriority.Spot } : res;
    }

    /// <summary>The legacy scale set: sku { name, tier, capacity }; priority "Low" is low-priority capacity.</summary>
    private IacResource LegacyScaleSet()
    {
        var sku = HclNestedBlocks.Find(_b, _eval, "sku");
        var skuBlock = sku.Block;
        var res = Known(WithOs(Make(skuBlock?.Attr("name"), "sku.name", sku.Eval), _b, "storage_profile_image_reference", "storage_profile_os_disk"), sku);
        res = res with { HybridBenefit = res.Os == VmOs.Windows && HasHybridBenefit(_b, _eval) };
        var capacity = sku.Eval.Evaluate(skuBlock?.Attr("capacity"));
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

    private IacResource? ScaleSet()
    {
        if (_type == "azurerm_orchestrated_virtual_machine_scale_set" && _b.Attr("sku_name") is null && _b.Attr("instances") is null)
        {
            // A flexible scale set written without sku_name (the provider's own minimal example) has no instances of its own:
            // VMs join it (virtual_machine_scale_set_id) and are priced themselves.
            _result.Skipped.Add(new SkippedResource(_file, _name, _type, "a flexible scale set without sku_name or instances holds no VMs of its own (VMs that join it are priced themselves)"));
            return null;
        }
        var res = Make(_b.Attr("sku") ?? _b.Attr("sku_name"), "sku");
        var profile = HclNestedBlocks.Find(_b, _eval, "os_profile");
        var windows = HclNestedBlocks.Find(profile.Block, profile.Eval, "windows_configuration");
        res = _type.Contains("windows") || windows.Block is not null ? res with { Os = VmOs.Windows }
            : Known(Known(WithOs(res, _b, "source_image_reference", null), profile), windows);
        res = res with { HybridBenefit = res.Os == VmOs.Windows && HasHybridBenefit(_b, _eval) };
        var instances = _eval.Evaluate(_b.Attr("instances"));
        if (_b.Attr("instances") is null) _notes.Add("instances not set: assumed 1");
        else if (instances.AsDecimal() is null)
            res = res with { Sku = null, UnresolvedReason = res.UnresolvedReason ?? $"instances: {instances.Unresolved ?? "not a number"}" };
        res = res with { Quantity = (instances.AsDecimal() ?? 1m) * _count };
        return IsSpot(_b, _eval, "priority") ? res with { Priority = CapacityPriority.Spot } : res;
    }

    /// <summary>An Azure Batch pool (<see cref="BatchPools"/>): <c>fixed_scale</c>'s <c>target_dedicated_nodes</c> (1 when not
    /// set, as the provider defaults) and <c>target_low_priority_nodes</c>; an <c>auto_scale</c> pool is unknown.</summary>
    private IacResource? BatchPool()
    {
        var res = Make(_b.Attr("vm_size"), "vm_size");
        var image = HclNestedBlocks.Find(_b, _eval, "storage_image_reference");
        var agent = _eval.Evaluate(_b.Attr("node_agent_sku_id"));
        var publisher = image.Eval.Evaluate(image.Block?.Attr("publisher")).AsString();
        if (BatchPools.IsWindows(agent.AsString(), publisher)) res = res with { Os = VmOs.Windows };
        else if (!agent.IsKnown && publisher is null)
            res = res with { Sku = null, UnresolvedReason = res.UnresolvedReason ?? $"node_agent_sku_id: {agent.Unresolved} (Windows and Linux prices differ)" };
        var auto = HclNestedBlocks.Find(_b, _eval, "auto_scale");
        if (auto.Block is not null || auto.Unknown is not null)
            return res with { Sku = null, UnresolvedReason = res.UnresolvedReason ?? $"auto_scale: {auto.Unknown ?? BatchPools.AutoScale}" };
        var fixedScale = HclNestedBlocks.Find(_b, _eval, "fixed_scale");
        if (fixedScale.Block is null)
            return res with { Sku = null, UnresolvedReason = res.UnresolvedReason ?? $"fixed_scale: {fixedScale.Unknown ?? "not set (nor auto_scale): the pool's size is not known"}" };
        var dedicated = fixedScale.Block.Attr("target_dedicated_nodes") is { } d ? fixedScale.Eval.Evaluate(d) : Resolved.Of(1m);
        var low = fixedScale.Block.Attr("target_low_priority_nodes") is { } l ? fixedScale.Eval.Evaluate(l) : Resolved.Of(0m);
        var pools = BatchPools.Split(res, dedicated, low, "fixed_scale.target_dedicated_nodes", "fixed_scale.target_low_priority_nodes", _count);
        foreach (var extra in pools.Skip(1)) _result.Resources.Add(extra with { Notes = _notes });
        return pools[0];
    }

    /// <summary>A Container Apps environment: unknown when a <c>workload_profile</c> is (or may be) a GPU profile
    /// (<see cref="ReservedGpuCapacity"/>), skipped otherwise.</summary>
    private IacResource? ContainerAppEnvironment()
    {
        foreach (var profile in HclNestedBlocks.FindAll(_b, _eval, "workload_profile"))
        {
            var type = profile.Block is null ? Resolved.Fail(profile.Unknown!) : profile.Eval.Evaluate(profile.Block.Attr("workload_profile_type"));
            if (type.AsString() is not { } name)
                return Make(null, "workload_profile_type") with { UnresolvedReason = ReservedGpuCapacity.UnknownProfileReason(type.Unresolved ?? "not a string") };
            if (ReservedGpuCapacity.IsGpuWorkloadProfile(name))
                return Make(null, "workload_profile_type") with { Quantity = _count, UnresolvedReason = ReservedGpuCapacity.GpuProfileReason(name) };
        }
        return Skip();
    }

    /// <summary>An Azure OpenAI / AI Foundry deployment: unknown when its <c>sku</c> reserves provisioned throughput, skipped
    /// when it is pay-per-token.</summary>
    private IacResource? CognitiveDeployment()
    {
        var sku = HclNestedBlocks.Find(_b, _eval, "sku");
        var scale = sku.Block is null && sku.Unknown is null ? HclNestedBlocks.Find(_b, _eval, "scale") : sku;
        var (name, capacity) = scale.Block is null ? (Resolved.Fail(scale.Unknown ?? "no sku block"), default)
            : (scale.Eval.Evaluate(scale.Block.Attr("name") ?? scale.Block.Attr("type")), scale.Eval.Evaluate(scale.Block.Attr("capacity")));
        if (name.AsString() is not { } skuName)
            return Make(null, "sku.name") with { UnresolvedReason = ReservedGpuCapacity.UnknownSkuReason(name.Unresolved ?? "not a string") };
        return ReservedGpuCapacity.IsProvisioned(skuName)
            ? Make(null, "sku.name") with { Quantity = _count, UnresolvedReason = ReservedGpuCapacity.ProvisionedReason(skuName, capacity.AsString()) }
            : Skip();
    }

    /// <summary>
    /// Databricks compute (the <c>databricks</c> provider): a cluster, an instance pool, a SQL warehouse, a pipeline, or a job
    /// that starts its own clusters (<c>new_cluster</c>, <c>job_cluster</c>). Its VMs run for as long as it is used and DBUs are
    /// billed on top, neither of which the files tell: unknown with the node type, never free. A job that runs on an existing
    /// cluster or on serverless compute is skipped.
    /// </summary>
    private IacResource? Databricks()
    {
        var clusters = _type == "databricks_job" ? JobClusters().ToList() : [_b];
        if (clusters.Count == 0) return Skip();
        var nodeType = clusters.Select(c => _eval.Evaluate(c.Attr("node_type_id") ?? c.Attr("cluster_size")).AsString()).FirstOrDefault(n => n is not null);
        var what = _type switch
        {
            "databricks_instance_pool" => "instance pool",
            "databricks_sql_endpoint" => "SQL warehouse",
            "databricks_pipeline" => "pipeline",
            "databricks_job" => "job cluster",
            _ => "cluster",
        };
        return Make(null, "node_type_id") with
        {
            Quantity = _count,
            UnresolvedReason = $"Databricks {what}{(nodeType is null ? "" : $" of {nodeType}")}: its VM hours depend on its use and DBUs are billed on top, which the files do not tell (compute: unknown, not free)",
        };

        IEnumerable<HclBlock> JobClusters()
        {
            foreach (var block in _b.Blocks.Where(b => b.Type is "new_cluster" or "job_cluster")) yield return block.Type == "job_cluster" ? block.Block("new_cluster") ?? block : block;
            foreach (var task in _b.Blocks.Where(b => b.Type == "task"))
                if (task.Block("new_cluster") is { } cluster) yield return cluster;
            foreach (var d in _b.Blocks.Where(b => b.Type == "dynamic" && b.Labels is ["task" or "job_cluster" or "new_cluster"])) yield return d;
        }
    }

    /// <summary>An Azure ML compute cluster: priced at its maximum node count; its definition is kept for training plans.</summary>
    private IacResource ComputeCluster()
    {
        var res = Make(_b.Attr("vm_size"), "vm_size");
        var settings = HclNestedBlocks.Find(_b, _eval, "scale_settings");
        var scale = settings.Block;
        var min = settings.Eval.Evaluate(scale?.Attr("min_node_count")).AsDecimal() ?? 0m;
        var max = settings.Eval.Evaluate(scale?.Attr("max_node_count")).AsDecimal();
        res = Known(res, settings);
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
            else if (!osType.IsKnown || osType.Value is not (null or string)) // null: the provider's default, Linux
                res = res with { Sku = null, UnresolvedReason = res.UnresolvedReason ?? $"os_type: {osType.Unresolved} (Windows and Linux prices differ)" };
        }

        if (_eval.Evaluate(_b.Attr("os_sku")).AsString() is { } osSku && osSku.StartsWith("Windows", StringComparison.OrdinalIgnoreCase))
            res = res with { Os = VmOs.Windows };
        return res;
    }

    /// <summary>A cluster's default node pool; a cluster without one is reported unresolved as it stands (a cluster always has nodes).</summary>
    private IacResource? KubernetesDefaultNodePool()
    {
        var (pool, eval, unknown) = HclNestedBlocks.Find(_b, _eval, "default_node_pool");
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
    /// <remarks>A block that may or may not be there (a <c>dynamic</c> block whose for_each is unknown) leaves the OS unknown
    /// unless another sign already says Windows.</remarks>
    private static (VmOs Os, string? Unknown) Os(HclBlock b, ExprEvaluator eval, string imageBlock, string? osDiskBlock)
    {
        var windowsConfig = HclNestedBlocks.Find(b, eval, "os_profile_windows_config");
        if (windowsConfig.Block is not null) return (VmOs.Windows, null);
        var image = HclNestedBlocks.Find(b, eval, imageBlock);
        var publisher = image.Eval.Evaluate(image.Block?.Attr("publisher")).AsString();
        if (publisher is not null && publisher.Contains("Windows", StringComparison.OrdinalIgnoreCase)) return (VmOs.Windows, null);
        var disk = osDiskBlock is null ? new NestedBlock(null, eval, null) : HclNestedBlocks.Find(b, eval, osDiskBlock);
        if (string.Equals(disk.Eval.Evaluate(disk.Block?.Attr("os_type")).AsString(), "Windows", StringComparison.OrdinalIgnoreCase)) return (VmOs.Windows, null);
        if (HasHybridBenefit(b, eval)) return (VmOs.Windows, null);
        return (VmOs.Linux, windowsConfig.Unknown ?? image.Unknown ?? disk.Unknown);
    }

    private static bool HasHybridBenefit(HclBlock b, ExprEvaluator eval) =>
        eval.Evaluate(b.Attr("license_type")).AsString() is { } l && l.StartsWith("Windows_", StringComparison.OrdinalIgnoreCase);

    private static bool IsSpot(HclBlock b, ExprEvaluator eval, string attr) =>
        string.Equals(eval.Evaluate(b.Attr(attr)).AsString(), "Spot", StringComparison.OrdinalIgnoreCase);
}

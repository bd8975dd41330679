using Guardrails.Core.Pricing;

namespace Guardrails.Core.PullRequests.Iac;

/// <summary>
/// Reads one Bicep <c>resource</c> into the compute resources it prices as: virtual machines, scale sets, Azure ML
/// computes and online deployments, AKS clusters' node pools and agent pools — SKU, quantity (loops, capacity, node
/// counts), OS, priority and hybrid benefit. Compute without a cost model is unresolved (never free); other types are skipped.
/// </summary>
internal sealed class BicepResourceReader(string file, BicepReader.Statement s, ExprEvaluator eval, IacParseResult result, decimal? count, string? countReason,
    string? countUnknown)
{
    private const string AgentPoolType = UnmodelledCompute.AgentPools;

    private readonly string _type = (s.TypeString ?? "").Split('@')[0];
    private readonly List<string> _notes = [];
    private ObjectExpr _obj = null!;
    private ObjectExpr? _props;
    private string? _propertiesUnknown;
    private string _name = "";
    private string? _region;
    private IReadOnlyDictionary<string, string>? _tags;

    /// <summary>Reads the resource's <paramref name="body"/> (its loops and conditions already unwrapped) into the result.</summary>
    public void Read(Expr? body)
    {
        if (body is not ObjectExpr obj)
        {
            // Compute whose body cannot be read is unknown on its line, never skipped at $0.
            if (UnmodelledCompute.IsArmCompute(_type) || ReservedGpuCapacity.IsArmType(_type))
                result.Resources.Add(new IacResource { File = file, Name = s.Name, Type = _type, Line = s.Line, UnresolvedReason = "the resource's body is not an object (compute: unknown, not free)" });
            else result.Skipped.Add(new SkippedResource(file, s.Name, _type, "resource body is not an object"));
            return;
        }

        _obj = obj;
        _name = eval.Evaluate(obj.Get("name")).AsString() ?? s.Name;
        _region = eval.Evaluate(obj.Get("location")).AsString();
        _tags = IacTags.Read(obj.Get("tags"), eval);
        _props = ReadProperties(obj.Get("properties"));
        if (countReason is not null) _notes.Add(countReason);
        if (ReadByType() is not { } res) return;
        if (countUnknown is not null) res = res with { Sku = null, UnresolvedReason = res.UnresolvedReason ?? countUnknown };
        result.Resources.Add(res with { Region = _region, Tags = _tags, Notes = _notes, Line = s.Line });
    }

    /// <summary><c>properties</c> written as an object, or the object a name or expression stands for when it is known
    /// (<c>properties: vmProperties</c>, an AzAPI body from a local); null with <see cref="_propertiesUnknown"/> set when not.</summary>
    private ObjectExpr? ReadProperties(Expr? properties)
    {
        if (properties is null or ObjectExpr) return properties as ObjectExpr;
        var value = eval.Evaluate(properties);
        if (value is { IsKnown: true, Value: Dictionary<string, object?> d }) return (ObjectExpr)ValueExpr(d);
        _propertiesUnknown = value.Unresolved ?? "not an object";
        return null;
    }

    /// <summary>The resource by its type; null when it was skipped or its resources were added as they stand.</summary>
    private IacResource? ReadByType()
    {
        if (_propertiesUnknown is not null && (UnmodelledCompute.IsArmCompute(_type) || ReservedGpuCapacity.IsArmType(_type)))
            return Make(_name, _type, null) with { UnresolvedReason = $"properties: {_propertiesUnknown} (compute: unknown, not free)" };
        if (Is(UnmodelledCompute.VirtualMachines)) return VirtualMachine();
        if (Is(UnmodelledCompute.ScaleSets)) return ScaleSet();
        if (Is(UnmodelledCompute.MachineLearningComputes)) return MachineLearningCompute();
        if (Is(UnmodelledCompute.ManagedClusters)) return ManagedCluster();
        if (Is(AgentPoolType))
        {
            var res = Make(_name, _type, _props?.Get("vmSize"));
            return _props is null ? res with { Sku = null, UnresolvedReason = "properties is not a literal object" } : AgentPool(_props, res, eval, _notes, count);
        }

        if (Is(UnmodelledCompute.OnlineDeployments)) return WithCapacity(Make(_name, _type, _props?.Get("instanceType")));
        if (Is(UnmodelledCompute.BatchPools)) return BatchPool();
        if (Is(ReservedGpuCapacity.ContainerAppEnvironments)) return ContainerAppEnvironment();
        if (Is(ReservedGpuCapacity.CognitiveDeployments)) return CognitiveDeployment();
        if (UnmodelledCompute.IsArmType(_type))
            return new IacResource { File = file, Name = _name, Type = _type, Line = s.Line, UnresolvedReason = UnmodelledCompute.Reason };
        // ARM templates' nested deployments are read by the ARM reader; one declared as a resource in Bicep or through AzAPI
        // deploys a template this reader does not follow (a Bicep module is followed).
        if (Is(UnmodelledCompute.NestedDeployments)) return NestedDeployment();

        result.Skipped.Add(new SkippedResource(file, _name, _type, "no compute cost model for this type"));
        return null;
    }

    /// <summary>
    /// A nested deployment declared as a resource (in Bicep, or through AzAPI): a template written in it
    /// (<c>properties.template</c>, known to the last value) is read by the ARM rules with the <c>parameters</c> passed, what it
    /// deploys shown on this line (an empty one, such as Azure Verified Modules' telemetry deployment, deploys nothing); a
    /// linked template or one that cannot be known is unknown, never free. A Bicep module is followed with its own lines.
    /// </summary>
    private IacResource? NestedDeployment()
    {
        var unknown = Make(_name, _type, null) with { Quantity = count ?? 1m };
        var template = _props?.Get("template");
        if (template is null)
            return unknown with { UnresolvedReason = $"a nested deployment {(_props?.Get("templateLink") is null ? "without a template" : "of a linked template (templateLink)")} declared as a resource is not read: what it deploys is not priced" };
        var known = eval.Evaluate(template);
        if (known.Value is not Dictionary<string, object?> || IacJson.Write(known.Value) is not { } json)
        {
            if (template is ObjectExpr written && written.Get("resources") is ArrayExpr { Items.Count: 0 } or ObjectExpr { Properties.Count: 0 }) return null;
            return unknown with { UnresolvedReason = $"the template of nested deployment `{_name}` is not known: {known.Unresolved ?? "a value in it is not known"}: what it deploys is not priced" };
        }

        var read = ArmTemplateReader.Read(file, json, PassedParameters());
        var from = $"from the template of nested deployment `{_name}`";
        foreach (var r in read.Resources)
            result.Resources.Add(r with
            {
                File = file,
                Line = s.Line,
                Name = $"{_name}/{r.Name}",
                Quantity = r.Quantity * (count ?? 1m),
                MinNodes = r.MinNodes * (count ?? 1m),
                MaxNodes = r.MaxNodes * (count ?? 1m),
                UnresolvedReason = r.UnresolvedReason ?? countUnknown,
                Sku = countUnknown is null ? r.Sku : null,
                Notes = [.. r.Notes, from],
            });
        result.Skipped.AddRange(read.Skipped.Select(x => x with { File = file }));
        result.Errors.AddRange(read.Errors.Select(e => new IacFileError(file, s.Line, $"template of nested deployment `{_name}`: {e.Message}")));
        result.Computes.AddRange(read.Computes);
        return null;
    }

    /// <summary>A nested deployment's <c>parameters</c> (<c>{ name: { value: … } }</c>) as the values its template is read with.</summary>
    private Dictionary<string, Expr?> PassedParameters()
    {
        var passed = new Dictionary<string, Expr?>(StringComparer.OrdinalIgnoreCase);
        if (_props?.Get("parameters") is not ObjectExpr parameters) return passed;
        foreach (var (name, value) in parameters.Properties)
        {
            var v = value is ObjectExpr o && o.Get("value") is { } given ? eval.Evaluate(given) : Resolved.Fail("a Key Vault reference (known at deployment)");
            passed[name] = v.IsKnown ? new LiteralExpr(v.Value, s.Line) : new UnknownExpr($"parameter `{name}` of nested deployment `{_name}`: {v.Unresolved}", s.Line);
        }
        return passed;
    }

    private bool Is(string type) => _type.Equals(type, StringComparison.OrdinalIgnoreCase);

    private IacResource VirtualMachine()
    {
        var vmSize = Path(_props, "hardwareProfile", "vmSize");
        var os = DetectOs(_props, eval);
        var res = Make(_name, _type, vmSize) with { Quantity = count ?? 1m, Os = os, HybridBenefit = HasHybridBenefit(_props, eval) };
        var priority = eval.Evaluate(_props?.Get("priority")).AsString();
        return string.Equals(priority, "Spot", StringComparison.OrdinalIgnoreCase) ? res with { Priority = CapacityPriority.Spot } : res;
    }

    private IacResource ScaleSet()
    {
        var sku = _obj.Get("sku") as ObjectExpr;
        var res = Make(_name, _type, sku?.Get("name"));
        var capacity = eval.Evaluate(sku?.Get("capacity"));
        if (capacity.AsDecimal() is { } cap) res = res with { Quantity = cap * (count ?? 1m) };
        else if (sku?.Get("capacity") is null)
        {
            res = res with { Quantity = 1m * (count ?? 1m) };
            _notes.Add("sku.capacity not set: assumed 1 instance");
        }
        else res = res with { Sku = null, UnresolvedReason = $"sku.capacity: {capacity.Unresolved}" };

        var vmProfile = Path(_props, "virtualMachineProfile") as ObjectExpr;
        if (string.Equals(eval.Evaluate(vmProfile?.Get("priority")).AsString(), "Spot", StringComparison.OrdinalIgnoreCase))
            res = res with { Priority = CapacityPriority.Spot };
        if (DetectOs(vmProfile, eval) == VmOs.Windows) res = res with { Os = VmOs.Windows, HybridBenefit = HasHybridBenefit(vmProfile, eval) };
        return res;
    }

    /// <summary>An Azure Batch pool (<see cref="BatchPools"/>): <c>scaleSettings.fixedScale</c>'s target nodes (0 when not set,
    /// as ARM defaults: a pool without <c>scaleSettings</c> has no nodes); an <c>autoScale</c> pool is unknown.</summary>
    private IacResource BatchPool()
    {
        var res = Make(_name, _type, _props?.Get("vmSize"));
        var agent = Known(Path(_props, "deploymentConfiguration", "virtualMachineConfiguration", "nodeAgentSkuId"));
        var publisher = Known(Path(_props, "deploymentConfiguration", "virtualMachineConfiguration", "imageReference", "publisher")).AsString();
        if (BatchPools.IsWindows(agent.AsString(), publisher)) res = res with { Os = VmOs.Windows };
        else if (!agent.IsKnown && publisher is null)
            res = res with { Sku = null, UnresolvedReason = res.UnresolvedReason ?? $"nodeAgentSkuId: {agent.Unresolved} (Windows and Linux prices differ)" };
        var scale = Known(Path(_props, "scaleSettings"));
        if (!scale.IsKnown) return res with { Sku = null, UnresolvedReason = res.UnresolvedReason ?? $"scaleSettings: {scale.Unresolved}" };
        var settings = scale.Value as Dictionary<string, object?>;
        if (settings is null) _notes.Add("no scaleSettings: a fixed scale of 0 nodes, as ARM deploys it");
        if (settings?.GetValueOrDefault("autoScale") is { } auto)
            return res with { Sku = null, UnresolvedReason = res.UnresolvedReason ?? $"scaleSettings.autoScale: {(auto as UnknownValue)?.Reason ?? BatchPools.AutoScale}" };
        var fixedScale = settings?.GetValueOrDefault("fixedScale");
        if (fixedScale is UnknownValue u) return res with { Sku = null, UnresolvedReason = res.UnresolvedReason ?? $"scaleSettings.fixedScale: {u.Reason}" };
        var pools = BatchPools.Split(res, Target("targetDedicatedNodes"), Target("targetLowPriorityNodes"),
            "fixedScale.targetDedicatedNodes", "fixedScale.targetLowPriorityNodes", count ?? 1m);
        foreach (var extra in pools.Skip(1)) result.Resources.Add(extra with { Region = _region, Tags = _tags, Notes = _notes, Line = s.Line });
        return pools[0];

        Resolved Target(string name) => (fixedScale as Dictionary<string, object?>)?.GetValueOrDefault(name) switch
        {
            null => Resolved.Of(0m),
            UnknownValue unknown => Resolved.Fail(unknown.Reason),
            var value => Resolved.Of(value),
        };
    }

    /// <summary>A Container Apps environment: unknown when one of its <c>workloadProfiles</c> is (or may be) a GPU profile
    /// (<see cref="ReservedGpuCapacity"/>), skipped otherwise.</summary>
    private IacResource? ContainerAppEnvironment()
    {
        var profiles = Known(_props?.Get("workloadProfiles"));
        if (!profiles.IsKnown)
            return Make(_name, _type, null) with { UnresolvedReason = ReservedGpuCapacity.UnknownProfileReason(profiles.Unresolved!) };
        foreach (var profile in profiles.Value as List<object?> ?? [])
        {
            var type = (profile as Dictionary<string, object?>)?.GetValueOrDefault("workloadProfileType");
            if (type is not string name)
                return Make(_name, _type, null) with { UnresolvedReason = ReservedGpuCapacity.UnknownProfileReason((type as UnknownValue)?.Reason ?? "not a string") };
            if (ReservedGpuCapacity.IsGpuWorkloadProfile(name))
                return Make(_name, _type, null) with { Quantity = count ?? 1m, UnresolvedReason = ReservedGpuCapacity.GpuProfileReason(name) };
        }
        result.Skipped.Add(new SkippedResource(file, _name, _type, "no GPU workload profile"));
        return null;
    }

    /// <summary>An Azure OpenAI / AI Foundry deployment: unknown when its <c>sku</c> reserves provisioned throughput, skipped
    /// when it is pay-per-token.</summary>
    private IacResource? CognitiveDeployment()
    {
        var sku = _obj.Get("sku");
        var name = sku is null ? Resolved.Fail("not set") : eval.Evaluate(Path(sku as ObjectExpr, "name") ?? new MemberExpr(sku, "name", sku.Line, Safe: true));
        if (name.AsString() is not { } skuName)
            return Make(_name, _type, null) with { UnresolvedReason = ReservedGpuCapacity.UnknownSkuReason(name.Unresolved ?? "not a string") };
        if (!ReservedGpuCapacity.IsProvisioned(skuName))
        {
            result.Skipped.Add(new SkippedResource(file, _name, _type, $"{skuName}: billed per token"));
            return null;
        }
        var capacity = eval.Evaluate(Path(sku as ObjectExpr, "capacity") ?? new MemberExpr(sku!, "capacity", sku!.Line, Safe: true)).AsString();
        return Make(_name, _type, null) with { Quantity = count ?? 1m, UnresolvedReason = ReservedGpuCapacity.ProvisionedReason(skuName, capacity) };
    }

    /// <summary>The value of a property that may not be written (null: known to be absent).</summary>
    private Resolved Known(Expr? expr) => expr is null ? Resolved.Of(null) : eval.Evaluate(expr);

    /// <summary>An online deployment: its instance count from sku.capacity (not set = 1 instance).</summary>
    private IacResource WithCapacity(IacResource res)
    {
        var sku = _obj.Get("sku") as ObjectExpr;
        var capacity = eval.Evaluate(sku?.Get("capacity"));
        if (capacity.AsDecimal() is { } cap) return res with { Quantity = cap * (count ?? 1m) };
        if (sku?.Get("capacity") is not null) return res with { Sku = null, UnresolvedReason = $"sku.capacity: {capacity.Unresolved}" };
        _notes.Add("sku.capacity not set: assumed 1 instance");
        return res with { Quantity = count ?? 1m };
    }

    /// <summary>An Azure ML compute: a cluster (AmlCompute, priced at its maximum nodes) or a compute instance; attached compute is skipped.</summary>
    private IacResource? MachineLearningCompute()
    {
        var computeTypeValue = eval.Evaluate(_props?.Get("computeType"));
        var computeType = computeTypeValue.AsString();
        if (computeType is null) // a cluster or an instance may be behind it: unknown, never an attached (free) compute
            return Make(_name, _type, null) with { UnresolvedReason = $"computeType: {computeTypeValue.Unresolved ?? "not set"} (AmlCompute and ComputeInstance are compute)" };
        var inner = _props?.Get("properties") as ObjectExpr;
        _region ??= eval.Evaluate(_props?.Get("computeLocation")).AsString();
        if (string.Equals(computeType, "AmlCompute", StringComparison.OrdinalIgnoreCase)) return ComputeCluster(inner);
        if (string.Equals(computeType, "ComputeInstance", StringComparison.OrdinalIgnoreCase))
            return Make(_name, _type, inner?.Get("vmSize")) with { Quantity = count ?? 1m };
        result.Skipped.Add(new SkippedResource(file, _name, $"{_type} ({computeType})", "attached compute: billed by its own resource"));
        return null;
    }

    private IacResource ComputeCluster(ObjectExpr? inner)
    {
        var res = Make(_name, _type, inner?.Get("vmSize"));
        var scale = inner?.Get("scaleSettings") as ObjectExpr;
        var min = eval.Evaluate(scale?.Get("minNodeCount")).AsDecimal() ?? 0m;
        var max = eval.Evaluate(scale?.Get("maxNodeCount")).AsDecimal();
        if (max is null && res.UnresolvedReason is null)
            res = res with { Sku = null, UnresolvedReason = "scaleSettings.maxNodeCount is not a literal" };
        var prio = eval.Evaluate(inner?.Get("vmPriority")).AsString();
        var clusters = count ?? 1m; // a loop deploys one cluster per element
        res = res with
        {
            MinNodes = min * clusters,
            MaxNodes = max * clusters,
            Quantity = (max ?? 0m) * clusters,
            Priority = string.Equals(prio, "LowPriority", StringComparison.OrdinalIgnoreCase) ? CapacityPriority.LowPriority : CapacityPriority.Dedicated,
            Os = string.Equals(eval.Evaluate(inner?.Get("osType")).AsString(), "Windows", StringComparison.OrdinalIgnoreCase) ? VmOs.Windows : VmOs.Linux,
        };
        res = res with { IsJobCluster = true, ComputeName = LastSegment(_name) };
        if (res.Sku is not null) result.Computes.Add(new ComputeDefinition(LastSegment(_name), res.Sku, res.Priority, min, max, file));
        return res;
    }

    /// <summary>An AKS cluster: one resource per <c>agentPoolProfiles</c> element (added here); none when the pools are separate resources.</summary>
    private IacResource? ManagedCluster()
    {
        var profiles = _props?.Get("agentPoolProfiles");
        if (profiles is null)
        {
            result.Skipped.Add(new SkippedResource(file, _name, _type, "no agentPoolProfiles (pools are separate agentPools resources)"));
            return null;
        }

        // A loop or a name (`[for p in pools: {…}]`, ARM's property copy, a parameter) whose value is known is read as the list it makes.
        if (profiles is not ArrayExpr && eval.Evaluate(profiles) is { IsKnown: true, Value: List<object?> known }) profiles = new ArrayExpr([.. known.Select(ValueExpr)], profiles.Line);
        if (profiles is not ArrayExpr list)
        {
            result.Resources.Add(new IacResource
            {
                File = file,
                Name = _name + "/agentPoolProfiles",
                Type = AgentPoolType,
                Line = profiles.Line > 0 ? profiles.Line : s.Line,
                Region = _region,
                Tags = _tags,
                UnresolvedReason = $"agentPoolProfiles: {eval.Evaluate(profiles).Unresolved ?? "not a literal list"} (node pools are compute: unknown, not free)",
            });
            return null;
        }

        var i = 0;
        foreach (var item in list.Items)
        {
            var poolNotes = new List<string>(_notes);
            var pool = item as ObjectExpr;
            var poolName = eval.Evaluate(pool?.Get("name")).AsString() ?? $"pool{i}";
            i++;
            var r = Make($"{_name}/{poolName}", AgentPoolType, pool?.Get("vmSize")) with { Line = item.Line > 0 ? item.Line : s.Line }; // ARM: the resource's line
            if (pool is null) r = r with { Sku = null, UnresolvedReason = "agent pool profile is not a literal object" };
            else r = AgentPool(pool, r, eval, poolNotes, count);
            if (countUnknown is not null) r = r with { Sku = null, UnresolvedReason = r.UnresolvedReason ?? countUnknown };
            result.Resources.Add(r with { Region = _region, Tags = _tags, Notes = poolNotes });
        }

        return null;
    }

    /// <summary>A known value as the expression that evaluates to it.</summary>
    internal static Expr ValueExpr(object? value) => value switch
    {
        Dictionary<string, object?> d => new ObjectExpr([.. d.Select(p => new KeyValuePair<string, Expr>(p.Key, ValueExpr(p.Value)))], 0),
        List<object?> l => new ArrayExpr([.. l.Select(ValueExpr)], 0),
        _ => new LiteralExpr(value, 0),
    };

    private IacResource Make(string name, string type, Expr? skuExpr)
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
            if (pool.Get("count") is { } countExpr && count is null)
                return r with { Sku = null, UnresolvedReason = r.UnresolvedReason ?? $"count: {eval.Evaluate(countExpr).Unresolved ?? "not a number"}" };
            if (nodes is null) notes.Add("count not set: assumed 1 node");
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

    /// <summary>The value at a property path; past a value that is not written as an object (a variable, a spread) the
    /// rest of the path is read from its value (<c>profile.?vmSize</c>), so it is known exactly when that value is.</summary>
    private static Expr? Path(ObjectExpr? obj, params string[] path)
    {
        Expr? cur = obj;
        foreach (var p in path) cur = cur is ObjectExpr o ? o.Get(p) : cur is null ? null : new MemberExpr(cur, p, cur.Line, Safe: true);
        return cur;
    }

    private static VmOs DetectOs(ObjectExpr? props, ExprEvaluator eval)
    {
        if (props is null) return VmOs.Linux;
        var osType = eval.Evaluate(Path(props, "storageProfile", "osDisk", "osType")).AsString();
        if (string.Equals(osType, "Windows", StringComparison.OrdinalIgnoreCase)) return VmOs.Windows;
        if (Path(props, "osProfile", "windowsConfiguration") is { } windows && eval.Evaluate(windows) is not { IsKnown: true, Value: null })
            return VmOs.Windows;
        var publisher = eval.Evaluate(Path(props, "storageProfile", "imageReference", "publisher")).AsString();
        if (publisher is not null && publisher.Contains("Windows", StringComparison.OrdinalIgnoreCase)) return VmOs.Windows;
        if (HasHybridBenefit(props, eval)) return VmOs.Windows;
        return VmOs.Linux;
    }

    /// <summary><c>licenseType: 'Windows_Server'</c> / <c>'Windows_Client'</c>: a Windows VM with Azure Hybrid Benefit.</summary>
    private static bool HasHybridBenefit(ObjectExpr? props, ExprEvaluator eval) =>
        eval.Evaluate(props?.Get("licenseType")).AsString() is { } l && l.StartsWith("Windows_", StringComparison.OrdinalIgnoreCase);

    private static string LastSegment(string name) => name.Contains('/') ? name[(name.LastIndexOf('/') + 1)..] : name;
}

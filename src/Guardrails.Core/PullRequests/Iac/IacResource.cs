namespace Guardrails.Core.PullRequests.Iac;

/// <summary>How capacity is bought: dedicated (pay-as-you-go), spot, or Azure ML / Batch low priority.</summary>
public enum CapacityPriority { Dedicated, Spot, LowPriority }

/// <summary>Whether a resource runs all month (VMs, clusters) or per run (an Azure ML job).</summary>
public enum UsageKind { Monthly, PerRun }

/// <summary>
/// One cost-bearing compute resource found in an IaC file. <see cref="Sku"/> is null when it could not be resolved
/// (then <see cref="UnresolvedReason"/> says why and the resource is listed as unpriced, never priced at $0).
/// Quantities: <see cref="Quantity"/> is a fixed count; autoscaled resources set <see cref="MinNodes"/>/<see cref="MaxNodes"/>.
/// </summary>
public sealed record IacResource
{
    public required string File { get; init; }
    public required string Name { get; init; }
    public required string Type { get; init; }
    public int Line { get; init; }
    public string? Sku { get; init; }
    public decimal Quantity { get; init; } = 1m;
    public decimal? MinNodes { get; init; }
    public decimal? MaxNodes { get; init; }
    public CapacityPriority Priority { get; init; } = CapacityPriority.Dedicated;
    public Pricing.VmOs Os { get; init; } = Pricing.VmOs.Linux;
    /// <summary>
    /// A Windows VM whose licence is brought (Azure Hybrid Benefit: <c>licenseType</c> Windows_Server/Windows_Client):
    /// Azure bills the base compute rate, which is the Linux price.
    /// </summary>
    public bool HybridBenefit { get; init; }
    public string? Region { get; init; }
    public UsageKind Usage { get; init; } = UsageKind.Monthly;
    /// <summary>For jobs: the compute it names (e.g. "gpu-cluster" from "azureml:gpu-cluster"); for job clusters, their own compute name.</summary>
    public string? ComputeName { get; init; }
    /// <summary>
    /// An Azure ML cluster that scales with the jobs sent to it (it is priced by the node-hours of the jobs that target
    /// it, not at its maximum size on top of them).
    /// </summary>
    public bool IsJobCluster { get; init; }
    /// <summary>For jobs: run length in hours from an annotation (<c># guardrails: expected-hours=12</c>).</summary>
    public decimal? ExpectedHours { get; init; }
    /// <summary>For jobs: model size annotation (<c># guardrails: params=7e9 tokens=2e12 mfu=0.4</c>).</summary>
    public decimal? ModelParameters { get; init; }
    public decimal? TrainingTokens { get; init; }
    public decimal? Mfu { get; init; }
    /// <summary>For sweeps: how many trials a run makes.</summary>
    public decimal Trials { get; init; } = 1m;
    /// <summary>Literal tags on the resource; null when the tags are an expression we cannot read.</summary>
    public IReadOnlyDictionary<string, string>? Tags { get; init; }
    public string? UnresolvedReason { get; init; }
    /// <summary>Notes made while reading (assumed defaults), shown with the usage assumptions.</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];

    /// <summary>
    /// What it was read through, outermost first: a module call as <c>file#call</c> (the calling file and the call's name, no
    /// loop index), a parameter file as its path. A module call that is not expanded carries its own call last, so that
    /// everything the call deployed on the other side can be told apart (<see cref="ViaCall"/>).
    /// </summary>
    public IReadOnlyList<string> Via { get; init; } = [];

    /// <summary>A module call's segment of <see cref="Via"/>.</summary>
    public static string ViaCall(string file, string call) => $"{file}#{call}";

    /// <summary>Identity used to pair base and head versions of the same resource.</summary>
    public string Key => $"{File}|{Type}|{Name}";
}

/// <summary>A definition of an Azure ML compute target (from an AML compute YAML), used to resolve job computes.</summary>
public sealed record ComputeDefinition(string Name, string Sku, CapacityPriority Priority, decimal? MinNodes, decimal? MaxNodes, string File);

/// <summary>A resource type we saw but do not price (no compute cost model), counted in the comment.</summary>
public sealed record SkippedResource(string File, string Name, string Type, string Reason);

/// <summary>An IaC file the reader could not parse: never a silent skip (its resources are unknown, so not free).</summary>
public sealed record IacFileError(string File, int? Line, string Message)
{
    public override string ToString() => $"{File}{(Line is { } l ? $" line {l}" : "")}: could not be read: {Message}";

    /// <summary>From a reader's exception text ("file:12: …" or "line 12: …").</summary>
    public static IacFileError From(string file, string message)
    {
        var m = System.Text.RegularExpressions.Regex.Match(message, @"^(?:.*?:(?<n>\d+):\s*|line (?<n>\d+):\s*)(?<rest>.*)$",
            System.Text.RegularExpressions.RegexOptions.Singleline);
        return m.Success && int.TryParse(m.Groups["n"].Value, out var line)
            ? new IacFileError(file, line, m.Groups["rest"].Value)
            : new IacFileError(file, null, message);
    }
}

public sealed class IacParseResult
{
    public List<IacResource> Resources { get; } = [];
    public List<IacFileError> Errors { get; } = [];
    public List<SkippedResource> Skipped { get; } = [];
    public List<ComputeDefinition> Computes { get; } = [];

    public void Add(IacParseResult other)
    {
        Resources.AddRange(other.Resources);
        Skipped.AddRange(other.Skipped);
        Errors.AddRange(other.Errors);
        Computes.AddRange(other.Computes);
    }
}

/// <summary>A parameter file (<c>.bicepparam</c> or ARM <c>.parameters.json</c>): its path and name, the template path it
/// deploys (null when it names none) and its values.</summary>
public sealed record BicepParameterFile(string File, string Name, string? Template, IReadOnlyDictionary<string, Expr?> Values)
{
    /// <summary>
    /// A template read with these values as one deployment of it: its resources named with this file's name, so that a
    /// template deployed twice (dev, prod) is priced twice; <paramref name="read"/> reads the template with the given values.
    /// </summary>
    public IacParseResult Deploy(Func<IReadOnlyDictionary<string, Expr?>?, IacParseResult> read)
    {
        var template = read(Values);
        var deployment = new IacParseResult();
        deployment.Add(template);
        deployment.Resources.Clear();
        deployment.Resources.AddRange(template.Resources.Select(r => r with { Name = $"{r.Name} ({Name})", Via = [File, .. r.Via] }));
        return deployment;
    }

    /// <summary>A template's deployments: once per parameter file that deploys it; with none, once with its defaults.</summary>
    public static IEnumerable<IacParseResult> ReadDeployments(string template, IEnumerable<BicepParameterFile> parameterFiles,
        Func<IReadOnlyDictionary<string, Expr?>?, IacParseResult> read)
    {
        var deployments = parameterFiles.Where(p => p.Template == template).ToList();
        return deployments.Count == 0 ? [read(null)] : deployments.Select(d => d.Deploy(read));
    }
}

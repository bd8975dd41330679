using Guardrails.Core.Common;
using Guardrails.Core.Configuration;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Guardrails.Core.PullRequests;

/// <summary>Expected usage of one resource (from <c>guardrails-usage.yml</c>); null fields are not stated.</summary>
public sealed record ResourceUsageEstimate(decimal? MonthlyNodeHours, decimal? RunsPerMonth, decimal? HoursPerRun);

/// <summary>
/// <c>guardrails-usage.yml</c>: what a team expects a resource to be used, stated once in the repository (like
/// Infracost's usage file). Keys are resource names (as in the comment), <c>type.name</c>, or a job's file path:
/// <code>
/// version: 0.1
/// resourceUsage:
///   gpu-cluster:                 # a cluster, node pool, scale set or VM
///     monthlyNodeHours: 400      # or nodes: 2 + monthlyHours: 200
///   train-detector:              # a job
///     runsPerMonth: 4
///     hoursPerRun: 10
/// </code>
/// </summary>
public sealed class UsageFile
{
    public const string FileName = "guardrails-usage.yml";
    public static readonly UsageFile Empty = new(new Dictionary<string, ResourceUsageEstimate>(StringComparer.OrdinalIgnoreCase), "");

    private readonly Dictionary<string, ResourceUsageEstimate> _resources;

    private UsageFile(Dictionary<string, ResourceUsageEstimate> resources, string source)
    {
        _resources = resources;
        Source = source;
    }

    public string Source { get; }
    public int Count => _resources.Count;

    /// <summary>The entry for a resource: by name, then <c>type.name</c>, then file path.</summary>
    public ResourceUsageEstimate? Find(string name, string type, string file) =>
        _resources.GetValueOrDefault(name) ?? _resources.GetValueOrDefault($"{type}.{name}") ?? _resources.GetValueOrDefault(file);

    private static readonly HashSet<string> s_fields = ["monthlyNodeHours", "nodes", "monthlyHours", "runsPerMonth", "hoursPerRun"];

    /// <summary>Parses the file; every error names the file, line and field (the same <see cref="ConfigException"/> as guardrails.yaml).</summary>
    public static UsageFile Parse(string yaml, string file)
    {
        var errors = new List<ConfigError>();
        var resources = new Dictionary<string, ResourceUsageEstimate>(StringComparer.OrdinalIgnoreCase);
        YamlStream stream = new();
        try
        {
            YamlNesting.Check(yaml);
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException e)
        {
            throw new ConfigException([new ConfigError(file, (int)e.Start.Line, "resourceUsage", e.InnerException?.Message ?? e.Message)]);
        }
        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
            return new UsageFile(resources, file);
        foreach (var (k, v) in root.Children)
        {
            var key = (k as YamlScalarNode)?.Value ?? "";
            if (key == "version") continue;
            if (key != "resourceUsage") { errors.Add(new(file, (int)k.Start.Line, key, "unknown key (expected version, resourceUsage)")); continue; }
            if (v is not YamlMappingNode entries)
            {
                if (v is not YamlScalarNode { Value: null or "" }) errors.Add(new(file, (int)v.Start.Line, "resourceUsage", "must be a mapping of resource name → usage"));
                continue;
            }
            foreach (var (rk, rv) in entries.Children)
            {
                var name = (rk as YamlScalarNode)?.Value ?? "";
                if (ReadEntry(rv, $"resourceUsage.{name}", file, errors) is { } usage) resources[name] = usage;
            }
        }
        if (errors.Count > 0) throw new ConfigException(errors);
        return new UsageFile(resources, file);
    }

    /// <summary>One resource's usage; null (with the errors added) when the entry is not a mapping. Nodes × monthly hours
    /// (1 node, 730 h by default) stand for the node-hours when those are not given.</summary>
    private static ResourceUsageEstimate? ReadEntry(YamlNode rv, string path, string file, List<ConfigError> errors)
    {
        if (rv is not YamlMappingNode fields)
        {
            errors.Add(new(file, (int)rv.Start.Line, path, "must be a mapping (monthlyNodeHours, nodes, monthlyHours, runsPerMonth, hoursPerRun)"));
            return null;
        }
        var values = new Dictionary<string, decimal>(StringComparer.Ordinal);
        foreach (var (fk, fv) in fields.Children)
        {
            var field = (fk as YamlScalarNode)?.Value ?? "";
            if (!s_fields.Contains(field)) { errors.Add(new(file, (int)fk.Start.Line, $"{path}.{field}", $"unknown key (expected {string.Join(", ", s_fields)})")); continue; }
            if (fv is not YamlScalarNode { Value: { } text }
                || !decimal.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var d) || d < 0)
            {
                errors.Add(new(file, (int)fv.Start.Line, $"{path}.{field}", "must be a non-negative number"));
                continue;
            }
            if (field is "monthlyHours" && d > 744) { errors.Add(new(file, (int)fv.Start.Line, $"{path}.{field}", "must be at most 744 hours")); continue; }
            values[field] = d;
        }
        decimal? nodeHours = values.TryGetValue("monthlyNodeHours", out var nh) ? nh : null;
        if (nodeHours is null && (values.ContainsKey("nodes") || values.ContainsKey("monthlyHours")))
            nodeHours = values.GetValueOrDefault("nodes", 1m) * values.GetValueOrDefault("monthlyHours", 730m);
        return new ResourceUsageEstimate(nodeHours, values.TryGetValue("runsPerMonth", out var r) ? r : null,
            values.TryGetValue("hoursPerRun", out var h) ? h : null);
    }
}

using Guardrails.Core.Common;
using Guardrails.Core.Configuration;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace Guardrails.Core.Idle;

/// <summary>
/// Reads the <c>policies:</c> section of guardrails.yaml on its own (the CLI's idle command and the functions use
/// it), validates every policy and reports errors with file, line and field path.
/// </summary>
public static class IdlePolicyFile
{
    public static IReadOnlyList<IdlePolicyConfig> Load(string path) => Parse(File.ReadAllText(path), path);

    public static IReadOnlyList<IdlePolicyConfig> Parse(string yaml, string fileName)
    {
        // The shared loader checks keys, types and each section's own validation (with lines).
        var policies = GuardrailsConfigLoader.LoadFromYaml(yaml, fileName).Policies;
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var errors = new List<ConfigError>();
        var lines = LineMap(yaml);
        for (var i = 0; i < policies.Count; i++)
            if (!names.Add(policies[i].Name))
                errors.Add(new ConfigError(fileName, LineOf(lines, $"policies[{i}].name"), $"policies[{i}].name", $"'{policies[i].Name}' is used by another policy."));
        if (errors.Count > 0) throw new ConfigException(errors);
        return policies;
    }

    /// <summary>Field path ("policies[0].condition.window") → 1-based line.</summary>
    public static Dictionary<string, int> LineMap(string yaml)
    {
        var map = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        var stream = new YamlStream();
        try
        {
            YamlNesting.Check(yaml);
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException) { return map; }
        if (stream.Documents.Count > 0) Walk(stream.Documents[0].RootNode, "", map);
        return map;
    }

    private static void Walk(YamlNode node, string path, Dictionary<string, int> map)
    {
        if (path.Length > 0) map.TryAdd(path, (int)node.Start.Line);
        switch (node)
        {
            case YamlMappingNode m:
                foreach (var (k, v) in m.Children)
                {
                    var key = ((YamlScalarNode)k).Value ?? "";
                    var child = path.Length == 0 ? key : $"{path}.{key}";
                    map.TryAdd(child, (int)k.Start.Line);
                    Walk(v, child, map);
                }
                break;
            case YamlSequenceNode s:
                for (var i = 0; i < s.Children.Count; i++) Walk(s.Children[i], $"{path}[{i}]", map);
                break;
        }
    }

    private static int? LineOf(Dictionary<string, int> lines, string field)
    {
        for (var f = field; f.Length > 0;)
        {
            if (lines.TryGetValue(f, out var line)) return line;
            var cut = Math.Max(f.LastIndexOf('.'), f.LastIndexOf('['));
            if (cut <= 0) break;
            f = f[..cut];
        }
        return null;
    }
}

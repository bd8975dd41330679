using Guardrails.Core.Configuration;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace Guardrails.Core.Policies;

/// <summary>
/// Reads the <c>policies:</c> section of guardrails.yaml on its own (the CLI's idle command and the functions use
/// it), validates every policy and reports errors with file, line and field path.
/// </summary>
public static class IdlePolicyFile
{
    private sealed class PoliciesOnly
    {
        public List<IdlePolicyConfig> Policies { get; set; } = [];
    }

    public static IReadOnlyList<IdlePolicyConfig> Load(string path) => Parse(File.ReadAllText(path), path);

    public static IReadOnlyList<IdlePolicyConfig> Parse(string yaml, string fileName)
    {
        var deserializer = new DeserializerBuilder()
            .WithNamingConvention(CamelCaseNamingConvention.Instance)
            .IgnoreUnmatchedProperties()
            .Build();
        PoliciesOnly doc;
        try
        {
            doc = deserializer.Deserialize<PoliciesOnly?>(yaml) ?? new PoliciesOnly();
        }
        catch (YamlException e)
        {
            var inner = e.InnerException?.Message ?? e.Message;
            throw new ConfigException([new ConfigError(fileName, (int)e.Start.Line, FieldAt(yaml, e.Start.Line) ?? "policies", inner)]);
        }
        var context = new ConfigValidationContext(fileName);
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < doc.Policies.Count; i++)
        {
            doc.Policies[i].Validate(context, $"policies[{i}]");
            if (!string.IsNullOrWhiteSpace(doc.Policies[i].Name) && !names.Add(doc.Policies[i].Name))
                context.Add($"policies[{i}].name", $"'{doc.Policies[i].Name}' is used by another policy.");
        }
        if (context.Errors.Count > 0)
        {
            var lines = LineMap(yaml);
            throw new ConfigException(context.Errors.Select(e => new ConfigError(fileName, LineOf(lines, e.Field), e.Field, e.Message)).ToList());
        }
        return doc.Policies;
    }

    /// <summary>Field path ("policies[0].condition.window") → 1-based line.</summary>
    public static Dictionary<string, int> LineMap(string yaml)
    {
        var map = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        var stream = new YamlStream();
        try { stream.Load(new StringReader(yaml)); }
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

    private static string? FieldAt(string yaml, long line)
    {
        foreach (var (field, l) in LineMap(yaml)) if (l == line) return field;
        return null;
    }
}

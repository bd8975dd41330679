using Guardrails.Core.Common;
using Guardrails.Core.Configuration;
using YamlDotNet.Core;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace Guardrails.Core.PullRequests;

/// <summary>
/// Reads only the <c>pullRequests:</c> section of a guardrails.yaml (the CLI and the check read the repository's file;
/// other sections are ignored here). Errors name the file, line and field.
/// </summary>
public static class PullRequestConfigReader
{
    private sealed class Root
    {
        public PullRequestConfig? PullRequests { get; set; }
    }

    public static PullRequestConfig Parse(string yaml, string file)
    {
        var deserializer = new DeserializerBuilder()
            .WithNamingConvention(CamelCaseNamingConvention.Instance)
            .IgnoreUnmatchedProperties()
            .Build();
        Root? root;
        try
        {
            YamlNesting.Check(yaml);
            root = deserializer.Deserialize<Root>(yaml);
        }
        catch (YamlException e)
        {
            var inner = e.InnerException?.Message ?? e.Message;
            throw new ConfigException([new ConfigError(file, (int)e.Start.Line, "pullRequests", inner)]);
        }
        var config = root?.PullRequests ?? new PullRequestConfig();
        var ctx = new ConfigValidationContext(file);
        config.Validate(ctx, "pullRequests");
        if (ctx.Errors.Count > 0)
            throw new ConfigException(ctx.Errors.Select(e => new ConfigError(file, FindLine(yaml, e.Field), e.Field, e.Message)).ToList());
        return config;
    }

    public static PullRequestConfig Load(string path) => Parse(File.ReadAllText(path), path);

    /// <summary>Best-effort line of the last key of a field path (e.g. "pullRequests.gate.maxIncreasePercent").</summary>
    private static int? FindLine(string yaml, string field)
    {
        var key = field.Split('.').Last();
        var bracket = key.IndexOf('[');
        if (bracket >= 0) key = key[..bracket];
        var lines = yaml.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var t = lines[i].TrimStart(' ', '-');
            if (t.StartsWith(key + ":", StringComparison.Ordinal)) return i + 1;
        }
        return null;
    }
}

using Guardrails.Core.Configuration;

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
        var (root, positions) = YamlDocumentReader.Read<Root>(yaml, file, otherRootKeys: true);
        var config = root.PullRequests ?? new PullRequestConfig();
        var ctx = new ConfigValidationContext(file);
        config.Validate(ctx, "pullRequests");
        if (ctx.Errors.Count > 0)
            throw new ConfigException(ctx.Errors.Select(e => new ConfigError(file, positions.LineOf(e.Field), e.Field, e.Message)).ToList());
        return config;
    }

    public static PullRequestConfig Load(string path) => Parse(File.ReadAllText(path), path);
}

namespace Guardrails.Cli.Hosting;

/// <summary>
/// The one way every CLI command finds and loads guardrails.yaml: <c>--config &lt;file&gt;</c>, else the environment
/// variable <see cref="EnvironmentVariable"/> (the Function App's setting name), else no configuration at all. The
/// current directory is never searched: a guardrails.yaml that happens to be there (the repository's own declares a
/// fixed cost) must not leak into someone's costs. A file taken from the environment is named on standard error (one
/// line). Every problem, including the cross-checks (duplicate budget names, undeclared channels), is a
/// <see cref="ConfigException"/> that <see cref="Fail"/> prints as <c>error: file:line: field: message</c>, exit 2.
/// </summary>
public static class CliConfig
{
    /// <summary>The environment variable naming guardrails.yaml (the Function App's app setting of the same name).</summary>
    public const string EnvironmentVariable = AppSettings.ConfigPath;

    /// <summary>Exit code of every command whose configuration cannot be used (as for a command line that does not parse).</summary>
    public const int ExitConfigError = 2;

    /// <summary>The config file to use: <paramref name="given"/> (--config), else the environment variable, else null.</summary>
    public static string? ResolvePath(string? given, TextWriter? log = null)
    {
        if (!string.IsNullOrWhiteSpace(given)) return given;
        if (Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } configured && !string.IsNullOrWhiteSpace(configured))
        {
            (log ?? Console.Error).WriteLine($"config: {configured} (from {EnvironmentVariable})");
            return configured;
        }
        return null;
    }

    /// <summary>Loads a config file (one loader for every command; a missing file is a config error).</summary>
    public static GuardrailsConfig Load(string path)
    {
        if (!File.Exists(path))
            throw new ConfigException([new ConfigError(path, null, "(file)", "configuration file not found")]);
        return GuardrailsConfigLoader.Load(path);
    }

    /// <summary>The configuration a command reads when it can do without one: the resolved file, else the defaults.</summary>
    public static GuardrailsConfig LoadOrDefault(string? given, TextWriter? log = null) =>
        ResolvePath(given, log) is { } path ? Load(path) : Defaults();

    /// <summary>No configuration: every section at its defaults (no allocation rules, budgets, policies or fixed costs).</summary>
    public static GuardrailsConfig Defaults() => GuardrailsConfigLoader.LoadFromYaml("", "(defaults)");

    /// <summary>The config path for a command that needs one; a config error naming both ways to give it otherwise.</summary>
    public static string RequirePath(string? given, string needs, TextWriter? log = null) =>
        ResolvePath(given, log) ?? throw new ConfigException([new ConfigError("", null, "",
            $"no configuration: this command needs {needs}; give --config <file> or set {EnvironmentVariable}")]);

    /// <summary>Prints every error as one <c>error: file:line: field: message</c> line on <paramref name="error"/>; returns exit 2.</summary>
    public static int Fail(ConfigException e, TextWriter? error = null)
    {
        var writer = error ?? Console.Error;
        foreach (var line in e.Errors) writer.WriteLine($"error: {line}");
        return ExitConfigError;
    }
}

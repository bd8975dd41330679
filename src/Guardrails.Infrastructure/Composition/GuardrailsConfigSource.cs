using Guardrails.Core.Configuration;

namespace Guardrails.Infrastructure.Composition;

/// <summary>
/// guardrails.yaml for a host: one path (the setting <c>GuardrailsConfigPath</c>; a relative path is next to the app),
/// loaded once and again only when the file changes (its write time or length). A file that is missing or does not
/// validate is a <see cref="ConfigException"/> naming the file, line and field, never a silent default.
/// </summary>
public sealed class GuardrailsConfigSource
{
    private readonly object _gate = new();
    private readonly GuardrailsConfig? _fixed;
    private (DateTime WriteTime, long Length) _stamp;
    private GuardrailsConfig? _current;

    public GuardrailsConfigSource(string path) => Path = path;

    private GuardrailsConfigSource(GuardrailsConfig config, string description)
    {
        _fixed = config;
        Path = description;
    }

    /// <summary>The file read, or a description of where a fixed configuration came from.</summary>
    public string Path { get; }

    /// <summary>A configuration given in code (tests, a CLI run that has none).</summary>
    public static GuardrailsConfigSource Fixed(GuardrailsConfig config, string description = "(in memory)") => new(config, description);

    /// <summary>The path the setting names, rooted at the app's directory when relative; default guardrails.yaml next to the app.</summary>
    public static string ResolvePath(IConfiguration configuration) =>
        configuration[AppSettings.ConfigPath] is { Length: > 0 } p
            ? System.IO.Path.IsPathRooted(p) ? p : System.IO.Path.Combine(AppContext.BaseDirectory, p)
            : System.IO.Path.Combine(AppContext.BaseDirectory, "guardrails.yaml");

    public GuardrailsConfig Current
    {
        get
        {
            if (_fixed is not null) return _fixed;
            lock (_gate)
            {
                var info = new FileInfo(Path);
                if (!info.Exists)
                    throw new ConfigException([new ConfigError(Path, null, "(file)",
                        $"configuration file not found (setting {AppSettings.AsEnvironmentName(AppSettings.ConfigPath)}, or --config)")]);
                var stamp = (info.LastWriteTimeUtc, info.Length);
                if (_current is null || stamp != _stamp)
                {
                    _current = GuardrailsConfigLoader.Load(Path);
                    _stamp = stamp;
                }
                return _current;
            }
        }
    }
}

namespace Guardrails.Core.Configuration;

/// <summary>One configuration problem: the file, the line (when known), the field path and what is wrong.</summary>
public sealed record ConfigError(string File, int? Line, string Field, string Message)
{
    /// <summary><c>file:line: field: message</c>; the parts an error has no value for (no file at all, no field) are left out.</summary>
    public override string ToString()
    {
        var where = File.Length == 0 ? "" : Line is { } l ? $"{File}:{l}: " : $"{File}: ";
        return where + (Field.Length == 0 ? "" : Field + ": ") + Message;
    }
}

/// <summary>
/// Collects validation errors. Sections validate themselves with field paths such as "budgets[2].amount"; the loader
/// maps those paths to YAML line numbers.
/// </summary>
public sealed class ConfigValidationContext(string file)
{
    private readonly List<(string Field, string Message)> _errors = [];

    public string File { get; } = file;
    public IReadOnlyList<(string Field, string Message)> Errors => _errors;

    public void Add(string field, string message) => _errors.Add((field, message));
}

/// <summary>A guardrails.yaml section that checks itself. <paramref name="path"/> is its field path, e.g. "budgets[0]".</summary>
public interface IValidatableConfig
{
    void Validate(ConfigValidationContext context, string path);
}

public sealed class ConfigException(IReadOnlyList<ConfigError> errors)
    : Exception(string.Join(Environment.NewLine, errors.Select(e => e.ToString())))
{
    public IReadOnlyList<ConfigError> Errors { get; } = errors;
}

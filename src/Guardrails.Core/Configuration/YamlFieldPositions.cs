namespace Guardrails.Core.Configuration;

/// <summary>Field path → line (1-based), line → deepest field on it, and where each single value starts (several
/// can share a line: <c>thresholds: [50, 80, 1e400]</c>).</summary>
public sealed class YamlFieldPositions
{
    private readonly Dictionary<string, int> _lines = new(StringComparer.Ordinal);
    private readonly Dictionary<int, string> _fields = [];
    private readonly Dictionary<(int Line, int Column), Scalar> _scalars = [];

    public sealed record Scalar(string Path, Type Type, string Value);

    public void AddScalar(string path, int line, int column, Type type, string value) => _scalars[(line, column)] = new Scalar(path, type, value);

    /// <summary>The single value that starts at this line and column (where the deserializer reports it), or null.</summary>
    public Scalar? ScalarAt(int line, int column) => _scalars.GetValueOrDefault((line, column));

    public void Add(string path, int line)
    {
        if (path.Length == 0) return;
        _lines[path] = line;
        if (!_fields.TryGetValue(line, out var existing) || existing.Length < path.Length) _fields[line] = path;
    }

    /// <summary>The line of a field, or of its nearest ancestor present in the file (validation may name
    /// a field that was left out, e.g. a required "amount").</summary>
    public int? LineOf(string field)
    {
        var path = field;
        while (path.Length > 0)
        {
            if (_lines.TryGetValue(path, out var line)) return line;
            var cut = Math.Max(path.LastIndexOf('.'), path.LastIndexOf('['));
            if (cut <= 0) break;
            path = path[..cut];
        }
        return null;
    }

    public string? FieldAt(int line)
    {
        for (var l = line; l > 0 && line - l < 50; l--)
            if (_fields.TryGetValue(l, out var f)) return f;
        return null;
    }
}

using System.Collections;
using System.Reflection;
using Guardrails.Core.Common;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace Guardrails.Core.Configuration;

/// <summary>
/// Loads guardrails.yaml. Keys are camelCase; unknown keys are errors naming the key. All problems (unknown keys,
/// values of the wrong type, section validation) are collected as <see cref="ConfigError"/>s with file, line and
/// field path (e.g. <c>budgets[2].amount</c>) and thrown together as one <see cref="ConfigException"/>.
/// </summary>
public static class GuardrailsConfigLoader
{
    private static readonly IDeserializer s_deserializer = new DeserializerBuilder()
        .WithNamingConvention(CamelCaseNamingConvention.Instance)
        .IgnoreUnmatchedProperties() // unknown keys are reported (with lines) by the schema walk below
        .Build();

    public static GuardrailsConfig Load(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ConfigException([new ConfigError(path, null, "(file)", $"cannot read the configuration file: {e.Message}")]);
        }
        return LoadFromYaml(text, path);
    }

    public static GuardrailsConfig LoadFromYaml(string text, string fileName)
    {
        // 1. Structure: parse to a node tree (for positions) and check every key against the config types.
        var positions = new FieldPositions();
        var errors = CheckStructure(text, fileName, positions);
        if (errors.Count > 0) throw new ConfigException(errors);

        // 2. Values: deserialize (type errors carry a position; map it back to a field path).
        GuardrailsConfig? config;
        try
        {
            config = s_deserializer.Deserialize<GuardrailsConfig?>(text);
        }
        catch (YamlException e)
        {
            var line = (int)e.Start.Line;
            var scalar = positions.ScalarAt(line, (int)e.Start.Column);
            throw new ConfigException([new ConfigError(fileName, line, scalar?.Path ?? positions.FieldAt(line) ?? "(yaml)",
                (scalar is null ? null : DescribeValue(e, scalar)) ?? Describe(e))]);
        }
        config ??= new GuardrailsConfig();
        Normalize(config);

        // 3. Semantics: each section that can check itself does.
        errors = CheckSemantics(config, fileName, positions);
        if (errors.Count > 0) throw new ConfigException(errors);
        return config;
    }

    /// <summary>Parses the YAML (a syntax error throws) and checks every key against the config types; records where each
    /// field is in <paramref name="positions"/>.</summary>
    private static List<ConfigError> CheckStructure(string text, string fileName, FieldPositions positions)
    {
        var errors = new List<ConfigError>();
        YamlStream stream = new();
        try
        {
            YamlNesting.Check(text);
            stream.Load(new StringReader(text));
        }
        catch (YamlException e)
        {
            throw new ConfigException([new ConfigError(fileName, (int)e.Start.Line, "(yaml)", Describe(e))]);
        }
        catch (InvalidOperationException)
        {
            // YamlDotNet's scanner fails this way (not with a YamlException) on a flow mapping or sequence left open.
            throw new ConfigException([new ConfigError(fileName, UnclosedFlowLine(text), "(yaml)",
                "a flow mapping '{' or sequence '[' is not closed")]);
        }
        if (stream.Documents.Count > 1)
            errors.Add(new ConfigError(fileName, (int)stream.Documents[1].RootNode.Start.Line, "(yaml)", "only one YAML document is allowed"));
        if (stream.Documents.Count > 0 && stream.Documents[0].RootNode is not YamlScalarNode { Value: null or "" })
            Walk(stream.Documents[0].RootNode, typeof(GuardrailsConfig), "", fileName, errors, positions);
        return errors;
    }

    /// <summary>The checks each section makes of itself and of the others (channels named, policy names unique), with the
    /// line of the field each error is about.</summary>
    private static List<ConfigError> CheckSemantics(GuardrailsConfig config, string fileName, FieldPositions positions)
    {
        var errors = new List<ConfigError>();
        var context = new ConfigValidationContext(fileName);
        ValidateSections(config, context);
        IdlePolicyConfig.ValidateChannels(config.Policies, config.Channels, context);
        BudgetConfig.CrossCheck(config.Budgets, config.Channels, context);
        config.RightSizing.ValidateChannels(config.Channels, context);
        var policyNames = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < config.Policies.Count; i++)
            if (!string.IsNullOrWhiteSpace(config.Policies[i].Name) && !policyNames.Add(config.Policies[i].Name))
                context.Add($"policies[{i}].name", $"'{config.Policies[i].Name}' is used by another policy.");
        foreach (var (field, message) in context.Errors)
            errors.Add(new ConfigError(fileName, positions.LineOf(field), field, message));
        return errors;
    }

    private static void Normalize(GuardrailsConfig config)
    {
        config.Allocation ??= new();
        config.Budgets ??= [];
        config.Policies ??= [];
        config.PullRequests ??= new();
        config.RightSizing ??= new();
        config.Channels = config.Channels is null
            ? new(StringComparer.OrdinalIgnoreCase)
            : new(config.Channels, StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>Calls Validate on every top-level section (and list/map element) that implements IValidatableConfig.</summary>
    private static void ValidateSections(GuardrailsConfig config, ConfigValidationContext context)
    {
        foreach (var property in typeof(GuardrailsConfig).GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            var name = YamlName(property);
            switch (property.GetValue(config))
            {
                case IValidatableConfig section:
                    section.Validate(context, name);
                    break;
                case IDictionary map:
                    foreach (DictionaryEntry entry in map)
                        if (entry.Value is IValidatableConfig v) v.Validate(context, $"{name}.{entry.Key}");
                    break;
                case IList list:
                    for (var i = 0; i < list.Count; i++)
                        if (list[i] is IValidatableConfig v) v.Validate(context, $"{name}[{i}]");
                    break;
            }
        }
    }

    /// <summary>The line (1-based) of the first '{' or '[' outside quotes and comments that is not closed, else the last line.</summary>
    private static int UnclosedFlowLine(string text)
    {
        var open = new Stack<int>();
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            char? quote = null;
            foreach (var c in lines[i])
            {
                if (quote is not null) { if (c == quote) quote = null; continue; }
                if (c is '"' or '\'') quote = c;
                else if (c == '#') break;
                else if (c is '{' or '[') open.Push(i + 1);
                else if (c is '}' or ']' && open.Count > 0) open.Pop();
            }
        }
        return open.Count > 0 ? open.Last() : lines.Length;
    }

    private static string Describe(YamlException e)
    {
        var message = Inner(e)?.Message ?? e.Message;
        // YamlDotNet prefixes messages with "(Line: 3, Col: 5, Idx: 20) - (Line: ...): "; the line is reported separately.
        var cut = message.LastIndexOf("): ", StringComparison.Ordinal);
        if (message.StartsWith("(Line:", StringComparison.Ordinal) && cut > 0) message = message[(cut + 3)..];
        return message;
    }

    /// <summary>What is wrong with a scalar the deserializer could not convert to its field's type, in the field's terms;
    /// null when the type has no better words than the deserializer's.</summary>
    private static string? DescribeValue(YamlException e, FieldPositions.Scalar scalar)
    {
        var overflow = Inner(e) is OverflowException;
        var type = Nullable.GetUnderlyingType(scalar.Type) ?? scalar.Type;
        if (type == typeof(decimal) || type == typeof(double) || type == typeof(float))
            return overflow
                ? $"'{scalar.Value}' is out of range for a number"
                : $"'{scalar.Value}' is not a number: write it plainly, e.g. 2500 or 0.75 (no thousands separators, units or exponents)";
        if (type == typeof(int) || type == typeof(long) || type == typeof(short) || type == typeof(byte))
            return overflow
                ? $"'{scalar.Value}' is out of range for a whole number"
                : $"'{scalar.Value}' is not a whole number (e.g. 3)";
        if (type == typeof(bool)) return $"'{scalar.Value}' is not true or false";
        if (type.IsEnum) return $"'{scalar.Value}' is not one of: {string.Join(", ", Enum.GetNames(type).Select(CamelCaseNamingConvention.Instance.Apply))}";
        return null;
    }

    private static Exception? Inner(YamlException e)
    {
        var inner = e.InnerException;
        while (inner?.InnerException is not null && inner is not FormatException and not OverflowException) inner = inner.InnerException;
        return inner;
    }

    // ---------------------------------------------------------------- schema walk

    private static void Walk(YamlNode node, Type type, string path, string file, List<ConfigError> errors, FieldPositions positions)
    {
        positions.Add(path, (int)node.Start.Line);
        type = Nullable.GetUnderlyingType(type) ?? type;

        if (node is YamlScalarNode { Value: null or "" or "~" or "null" } && node.Tag.IsEmpty && !IsScalar(type))
            return; // an empty section: defaults apply

        if (IsScalar(type))
        {
            if (node is YamlScalarNode scalar) positions.AddScalar(path, (int)node.Start.Line, (int)node.Start.Column, type, scalar.Value ?? "");
            else errors.Add(new ConfigError(file, (int)node.Start.Line, Display(path), "expected a single value, not a list or map"));
            return;
        }

        if (DictionaryValueType(type) is { } valueType) WalkMap(node, valueType, path, file, errors, positions);
        else if (ElementType(type) is { } elementType) WalkList(node, elementType, path, file, errors, positions);
        else WalkSection(node, type, path, file, errors, positions);
    }

    /// <summary>A map of name: value (a dictionary): any key, each value of <paramref name="valueType"/>.</summary>
    private static void WalkMap(YamlNode node, Type valueType, string path, string file, List<ConfigError> errors, FieldPositions positions)
    {
        if (node is not YamlMappingNode map)
        {
            errors.Add(new ConfigError(file, (int)node.Start.Line, Display(path), "expected a map of name: value"));
            return;
        }
        foreach (var (k, v) in map.Children)
        {
            var key = (k as YamlScalarNode)?.Value ?? "";
            var childPath = Join(path, key);
            positions.Add(childPath, (int)k.Start.Line);
            Walk(v, valueType, childPath, file, errors, positions);
        }
    }

    private static void WalkList(YamlNode node, Type elementType, string path, string file, List<ConfigError> errors, FieldPositions positions)
    {
        if (node is not YamlSequenceNode seq)
        {
            errors.Add(new ConfigError(file, (int)node.Start.Line, Display(path), "expected a list"));
            return;
        }
        for (var i = 0; i < seq.Children.Count; i++)
            Walk(seq.Children[i], elementType, $"{path}[{i}]", file, errors, positions);
    }

    /// <summary>A section of the config types: only its properties' keys (camelCase), an unknown key named with a hint.</summary>
    private static void WalkSection(YamlNode node, Type type, string path, string file, List<ConfigError> errors, FieldPositions positions)
    {
        if (node is not YamlMappingNode mapping)
        {
            errors.Add(new ConfigError(file, (int)node.Start.Line, Display(path), "expected a section with keys"));
            return;
        }
        var properties = Properties(type);
        foreach (var (k, v) in mapping.Children)
        {
            var key = (k as YamlScalarNode)?.Value ?? "";
            var childPath = Join(path, key);
            if (!properties.TryGetValue(key, out var property))
            {
                var near = properties.Keys.FirstOrDefault(p => string.Equals(p, key, StringComparison.OrdinalIgnoreCase));
                var hint = near is not null ? $" (did you mean '{near}'? keys are camelCase)" : $" (expected one of: {string.Join(", ", properties.Keys)})";
                errors.Add(new ConfigError(file, (int)k.Start.Line, Display(childPath), $"unknown key '{key}'{hint}"));
                continue;
            }
            positions.Add(childPath, (int)k.Start.Line);
            Walk(v, property.PropertyType, childPath, file, errors, positions);
        }
    }

    private static string Display(string path) => path.Length == 0 ? "(root)" : path;
    private static string Join(string path, string key) => path.Length == 0 ? key : $"{path}.{key}";

    private static bool IsScalar(Type type) =>
        type.IsPrimitive || type.IsEnum || type == typeof(string) || type == typeof(decimal) || type == typeof(DateTime) ||
        type == typeof(DateTimeOffset) || type == typeof(DateOnly) || type == typeof(TimeOnly) || type == typeof(TimeSpan) ||
        type == typeof(Guid) || type == typeof(Uri) || type == typeof(object);

    private static Type? DictionaryValueType(Type type)
    {
        foreach (var i in type.GetInterfaces().Append(type))
            if (i.IsGenericType && (i.GetGenericTypeDefinition() == typeof(IDictionary<,>) || i.GetGenericTypeDefinition() == typeof(IReadOnlyDictionary<,>)))
                return i.GetGenericArguments()[1];
        return null;
    }

    private static Type? ElementType(Type type)
    {
        if (type.IsArray) return type.GetElementType();
        foreach (var i in type.GetInterfaces().Append(type))
            if (i.IsGenericType && (i.GetGenericTypeDefinition() == typeof(IList<>) || i.GetGenericTypeDefinition() == typeof(IReadOnlyList<>) ||
                                    i.GetGenericTypeDefinition() == typeof(ICollection<>) || i.GetGenericTypeDefinition() == typeof(IEnumerable<>)))
                return i.GetGenericArguments()[0];
        return null;
    }

    private static Dictionary<string, PropertyInfo> Properties(Type type)
    {
        var result = new Dictionary<string, PropertyInfo>(StringComparer.Ordinal);
        foreach (var p in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (p.GetCustomAttribute<YamlIgnoreAttribute>() is not null || p.GetIndexParameters().Length > 0) continue;
            if (p.SetMethod is null || !p.SetMethod.IsPublic) continue;
            result[YamlName(p)] = p;
        }
        return result;
    }

    private static string YamlName(PropertyInfo p) =>
        p.GetCustomAttribute<YamlMemberAttribute>()?.Alias is { Length: > 0 } alias
            ? alias
            : CamelCaseNamingConvention.Instance.Apply(p.Name);

    /// <summary>Field path → line (1-based), line → deepest field on it, and where each single value starts (several
    /// can share a line: <c>thresholds: [50, 80, 1e400]</c>).</summary>
    private sealed class FieldPositions
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
}

using System.Reflection;
using Guardrails.Core.Common;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace Guardrails.Core.Configuration;

/// <summary>
/// Reads one YAML document into a settings type <typeparamref name="T"/> (guardrails.yaml, an inventory, a repository's
/// pull-request section): keys are camelCase and checked against the type's properties (an unknown key is an error
/// naming it, with a hint), a list or map where a single value belongs is an error, and a value the type cannot hold is
/// named by its own field (found by line and column) and described in words. Every problem carries file, line and field.
/// </summary>
public static class YamlDocumentReader
{
    private static readonly IDeserializer s_deserializer = new DeserializerBuilder()
        .WithNamingConvention(CamelCaseNamingConvention.Instance)
        .IgnoreUnmatchedProperties() // unknown keys are reported (with lines) by the schema walk below
        .Build();

    /// <summary>
    /// The document as <typeparamref name="T"/> (a new one when the file is empty) and where each field is; throws a
    /// <see cref="ConfigException"/> with every structural problem, or the first value that cannot be read.
    /// </summary>
    /// <param name="otherRootKeys">Keys at the top that <typeparamref name="T"/> does not have are other readers' sections: not errors.</param>
    public static (T Value, YamlFieldPositions Positions) Read<T>(string text, string fileName, bool otherRootKeys = false) where T : class, new()
    {
        // 1. Structure: parse to a node tree (for positions) and check every key against the types.
        var positions = new YamlFieldPositions();
        var errors = CheckStructure(text, fileName, typeof(T), otherRootKeys, positions);
        if (errors.Count > 0) throw new ConfigException(errors);

        // 2. Values: deserialize (type errors carry a position; map it back to a field path).
        T value;
        try
        {
            value = s_deserializer.Deserialize<T?>(text) ?? new T();
        }
        catch (YamlException e)
        {
            var line = (int)e.Start.Line;
            var scalar = positions.ScalarAt(line, (int)e.Start.Column);
            throw new ConfigException([new ConfigError(fileName, line, scalar?.Path ?? positions.FieldAt(line) ?? "(yaml)",
                (scalar is null ? null : DescribeValue(e, scalar)) ?? Describe(e))]);
        }

        // 3. Empty values: a section, list or map given as null (`budgets:` with nothing under it) is its default, as a key
        // left out is; an empty list item (`- ` alone) is an error on its line.
        FillEmpty(value, "", fileName, errors, positions);
        if (errors.Count > 0) throw new ConfigException(errors);
        return (value, positions);
    }

    private static readonly NullabilityInfoContext s_nullability = new();

    private static void FillEmpty(object section, string path, string file, List<ConfigError> errors, YamlFieldPositions positions)
    {
        foreach (var property in Properties(section.GetType()).Values)
        {
            var type = property.PropertyType;
            if (IsScalar(Nullable.GetUnderlyingType(type) ?? type)) continue;
            var field = Join(path, KeyOf(property));
            var value = property.GetValue(section);
            if (value is null)
            {
                if (s_nullability.Create(property).WriteState == NullabilityState.Nullable || type.GetConstructor(Type.EmptyTypes) is null) continue;
                property.SetValue(section, value = Activator.CreateInstance(type)!);
            }
            FillEmptyValue(value, field, file, errors, positions);
        }
    }

    private static void FillEmptyValue(object value, string field, string file, List<ConfigError> errors, YamlFieldPositions positions)
    {
        switch (value)
        {
            case System.Collections.IDictionary map:
                var valueType = DictionaryValueType(map.GetType());
                foreach (System.Collections.DictionaryEntry entry in map)
                {
                    var at = $"{field}.{entry.Key}";
                    if (entry.Value is { } v) { if (!IsScalar(v.GetType())) FillEmptyValue(v, at, file, errors, positions); }
                    else if (valueType is not null && !IsScalar(Nullable.GetUnderlyingType(valueType) ?? valueType))
                        errors.Add(new ConfigError(file, positions.LineOf(at), at, "is empty: give its keys"));
                }
                break;
            case System.Collections.IList list:
                var elementType = ElementType(list.GetType());
                for (var i = 0; i < list.Count; i++)
                {
                    var item = list[i];
                    if (item is not null) { if (!IsScalar(item.GetType())) FillEmptyValue(item, $"{field}[{i}]", file, errors, positions); }
                    else if (elementType is null || Nullable.GetUnderlyingType(elementType) is null)
                        errors.Add(new ConfigError(file, positions.LineOf($"{field}[{i}]"), $"{field}[{i}]",
                            elementType is not null && IsScalar(elementType) ? "is empty: give a value, or remove it" : "is empty: give its keys, or remove the '-'"));
                }
                break;
            default:
                FillEmpty(value, field, file, errors, positions);
                break;
        }
    }

    /// <summary>The key a property has in YAML: its alias, else its name in camelCase.</summary>
    public static string KeyOf(PropertyInfo p) =>
        p.GetCustomAttribute<YamlMemberAttribute>()?.Alias is { Length: > 0 } alias
            ? alias
            : CamelCaseNamingConvention.Instance.Apply(p.Name);

    /// <summary>Parses the YAML (a syntax error throws) and checks every key against the types; records where each
    /// field is in <paramref name="positions"/>.</summary>
    private static List<ConfigError> CheckStructure(string text, string fileName, Type type, bool otherRootKeys, YamlFieldPositions positions)
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
            Walk(stream.Documents[0].RootNode, type, "", fileName, errors, positions, otherRootKeys);
        return errors;
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
    private static string? DescribeValue(YamlException e, YamlFieldPositions.Scalar scalar)
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

    private static void Walk(YamlNode node, Type type, string path, string file, List<ConfigError> errors, YamlFieldPositions positions,
        bool otherKeys = false)
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
        else WalkSection(node, type, path, file, errors, positions, otherKeys);
    }

    /// <summary>A map of name: value (a dictionary): any key, each value of <paramref name="valueType"/>.</summary>
    private static void WalkMap(YamlNode node, Type valueType, string path, string file, List<ConfigError> errors, YamlFieldPositions positions)
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

    private static void WalkList(YamlNode node, Type elementType, string path, string file, List<ConfigError> errors, YamlFieldPositions positions)
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
    private static void WalkSection(YamlNode node, Type type, string path, string file, List<ConfigError> errors, YamlFieldPositions positions,
        bool otherKeys = false)
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
                if (otherKeys) continue;
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
            result[KeyOf(p)] = p;
        }
        return result;
    }
}

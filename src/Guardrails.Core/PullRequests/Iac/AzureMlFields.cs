using System.Globalization;
using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace Guardrails.Core.PullRequests.Iac;

/// <summary>A field of an Azure ML YAML file as written: its text (null when absent or unreadable), why it cannot be
/// used when it is written but is not a value (a template placeholder, not a number), and its 1-based line.</summary>
internal readonly record struct AzureMlField(string? Text, string? Unknown, int? Line)
{
    public bool IsWritten => Text is not null || Unknown is not null;
}

/// <summary>
/// Reads the fields that price Azure ML YAML (<c>size</c>, <c>instance_type</c>, <c>instance_count</c>,
/// <c>max_instances</c>, …) so that a file published as a template — <c>instance_type: {{INSTANCE_TYPE}}</c> (which YAML
/// reads as a nested mapping), <c>size: &lt;VM_SIZE&gt;</c>, <c>instance_count: ${{inputs.nodes}}</c> — is unknown with
/// the field, its line and "template placeholder", never "not set" and never the default count.
/// </summary>
internal static partial class AzureMlFields
{
    /// <summary>The text with each <c>{{NAME}}</c> written as a plain scalar (<c>⟦NAME⟧</c>, read back as <c>{{NAME}}</c>),
    /// line for line; null when it has none.</summary>
    public static string? Unfilled(string text) =>
        BracePlaceholder().IsMatch(text) ? BracePlaceholder().Replace(text, m => $"{Open}{m.Groups["name"].Value}{Close}") : null;

    private const char Open = '\u27E6', Close = '\u27E7';

    /// <summary>A scalar as the file wrote it (<c>⟦NAME⟧</c> back to <c>{{NAME}}</c>).</summary>
    public static string? Filled(string? text) =>
        text?.Replace(Open.ToString(), "{{", StringComparison.Ordinal).Replace(Close.ToString(), "}}", StringComparison.Ordinal);

    [GeneratedRegex(@"\{\{\s*(?<name>[^{}\r\n]*?)\s*\}\}", RegexOptions.CultureInvariant)]
    private static partial Regex BracePlaceholder();

    public static AzureMlField Text(YamlMappingNode? node, string key)
    {
        if (node is null || !node.Children.TryGetValue(new YamlScalarNode(key), out var value)) return new(null, null, null);
        var line = (int)value.Start.Line;
        if (value is YamlScalarNode s)
        {
            var text = Filled(s.Value?.Trim());
            return text is not null && Placeholder().IsMatch(text)
                ? new(null, $"{key}: `{text}` is a template placeholder (filled in before deployment)", line)
                : new(string.IsNullOrEmpty(text) ? null : text, null, line);
        }
        return IsBracePlaceholder(value, out var name)
            ? new(null, $"{key}: `{{{{{name}}}}}` is a template placeholder (filled in before deployment)", line)
            : new(null, $"{key}: a {(value is YamlSequenceNode ? "list" : "mapping")} where a value is expected", line);
    }

    /// <summary>A number field: its value, or why a written field is not one (a placeholder, other text).</summary>
    public static (decimal? Value, AzureMlField Field) Number(YamlMappingNode? node, string key)
    {
        var field = Text(node, key);
        if (field.Text is null) return (null, field);
        return decimal.TryParse(field.Text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d)
            ? (d, field)
            : (null, field with { Text = null, Unknown = $"{key}: `{field.Text}` is not a number" });
    }

    /// <summary><c>{{NAME}}</c> unquoted is YAML's flow mapping <c>{ { NAME } }</c>: a mapping whose one key is a mapping whose one key is NAME.</summary>
    private static bool IsBracePlaceholder(YamlNode node, out string name)
    {
        name = "";
        if (node is not YamlMappingNode { Children.Count: 1 } outer || outer.Children.Single().Key is not YamlMappingNode { Children.Count: 1 } inner
            || inner.Children.Single().Key is not YamlScalarNode { Value: { } n }) return false;
        name = n.Trim();
        return true;
    }

    /// <summary><c>&lt;NAME&gt;</c>, <c>{{NAME}}</c> or <c>${{…}}</c> anywhere in a scalar (<c>azureml:{{COMPUTE}}</c>, <c>Standard_&lt;SIZE&gt;</c>).</summary>
    [GeneratedRegex(@"<\s*[A-Za-z_][\w\-. ]*>|\{\{[^}]*\}\}|\$\{[^}]*\}", RegexOptions.CultureInvariant)]
    private static partial Regex Placeholder();
}

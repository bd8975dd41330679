using System.Globalization;
using System.Text.Json;

namespace Guardrails.Core.PullRequests.Iac;

/// <summary>
/// The functions that read another file of the repository while the template is compiled or planned: Bicep's
/// <c>loadTextContent(path)</c> and <c>loadJsonContent(path, [jsonPath])</c>, Terraform's <c>file(path)</c> and
/// <c>jsondecode(text)</c> — how public repositories keep VM sizes and node counts in a configuration file. The path is read
/// relative to the file that names it, from the files read (<see cref="ModuleSources.Reader"/>); a file that is not among
/// them, a JSON text that does not parse or a JSONPath this reader does not follow is unknown with the reason, never a guess.
/// </summary>
internal static class IacFileFunctions
{
    /// <summary>Whether <paramref name="function"/> (lower case) is one of these in <paramref name="dialect"/>.</summary>
    public static bool Handles(string function, IacDialect dialect) => dialect == IacDialect.Terraform
        ? function is "file" or "jsondecode"
        : function is "loadtextcontent" or "loadjsoncontent";

    public static Resolved Call(string function, CallExpr c, ExprEvaluator eval)
    {
        if (c.Arguments.Count == 0) return Resolved.Fail($"`{c.Function}(…)` needs an argument");
        var first = eval.Evaluate(c.Arguments[0]);
        if (first.Value is not string argument) return Resolved.Fail(first.Unresolved ?? $"the argument of `{c.Function}(…)` is not a text");
        if (function == "jsondecode") return Json(argument, "jsondecode(…)");
        var (text, notRead) = eval.ReadFile(argument);
        if (text is null) return Resolved.Fail($"`{c.Function}('{argument}')`: {notRead}");
        if (function != "loadjsoncontent") return Resolved.Of(text);
        var value = Json(text, argument);
        if (!value.IsKnown || c.Arguments.Count < 2) return value;
        var path = eval.Evaluate(c.Arguments[1]);
        return path.Value is string jsonPath ? Select(value.Value, jsonPath) : Resolved.Fail(path.Unresolved ?? "the JSONPath is not a text");
    }

    /// <summary>A JSON text as a value (objects with case-insensitive names, as Bicep and ARM read them).</summary>
    private static Resolved Json(string text, string what)
    {
        try
        {
            using var doc = JsonDocument.Parse(text, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true, MaxDepth = 64 });
            var items = 0;
            return Value(doc.RootElement, ref items) is var (value, ok) && ok ? Resolved.Of(value) : Resolved.Fail($"{what}: more than {IacFunctions.MaxItems:N0} values");
        }
        catch (JsonException e)
        {
            return Resolved.Fail($"{what} is not valid JSON ({e.Message.Split('.')[0]})");
        }
    }

    private static (object? Value, bool Ok) Value(JsonElement e, ref int items)
    {
        if (++items > IacFunctions.MaxItems) return (null, false);
        switch (e.ValueKind)
        {
            case JsonValueKind.Object:
                var d = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase);
                foreach (var p in e.EnumerateObject())
                {
                    var (v, ok) = Value(p.Value, ref items);
                    if (!ok) return (null, false);
                    d[p.Name] = v;
                }
                return (d, true);
            case JsonValueKind.Array:
                var list = new List<object?>();
                foreach (var item in e.EnumerateArray())
                {
                    var (v, ok) = Value(item, ref items);
                    if (!ok) return (null, false);
                    list.Add(v);
                }
                return (list, true);
            case JsonValueKind.String: return (e.GetString(), true);
            case JsonValueKind.Number:
                return (e.TryGetDecimal(out var n) ? n : new UnknownValue($"the number {e.GetRawText()} is beyond the range of numbers"), true);
            case JsonValueKind.True: return (true, true);
            case JsonValueKind.False: return (false, true);
            default: return (null, true);
        }
    }

    /// <summary>The part of a loaded JSON value a JSONPath names: <c>$</c>, then <c>.name</c>, <c>['name']</c> or <c>[index]</c> steps.</summary>
    private static Resolved Select(object? value, string jsonPath)
    {
        var path = jsonPath.Trim();
        var at = path.StartsWith('$') ? 1 : 0;
        while (at < path.Length)
        {
            if (path[at] == '.')
            {
                var end = at + 1;
                while (end < path.Length && path[end] is not ('.' or '[')) end++;
                var name = path[(at + 1)..end];
                if (name.Length == 0 || value is not Dictionary<string, object?> d || !d.TryGetValue(name, out value))
                    return Resolved.Fail($"JSONPath `{jsonPath}`: `{name}` is not in the loaded value");
                at = end;
            }
            else if (path[at] == '[' && path.IndexOf(']', at) is var close and > 0)
            {
                var inner = path[(at + 1)..close].Trim();
                if (inner.Length >= 2 && inner[0] is '\'' or '"' && inner[^1] == inner[0])
                {
                    if (value is not Dictionary<string, object?> d || !d.TryGetValue(inner[1..^1], out value))
                        return Resolved.Fail($"JSONPath `{jsonPath}`: {inner} is not in the loaded value");
                }
                else if (int.TryParse(inner, NumberStyles.None, CultureInfo.InvariantCulture, out var index))
                {
                    if (value is not List<object?> l || index >= l.Count) return Resolved.Fail($"JSONPath `{jsonPath}`: [{index}] is not in the loaded value");
                    value = l[index];
                }
                else return Resolved.Fail($"JSONPath `{jsonPath}`: `[{inner}]` (wildcards, filters, slices) is not followed");
                at = close + 1;
            }
            else return Resolved.Fail($"JSONPath `{jsonPath}` is not followed");
        }
        return Resolved.Of(value);
    }
}

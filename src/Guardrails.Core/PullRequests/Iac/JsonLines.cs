using System.Text;
using System.Text.Json;

namespace Guardrails.Core.PullRequests.Iac;

/// <summary>
/// The line each JSON object starts on, by its path (<c>$.resources[2]</c>, <c>$.resources.vm.properties.template</c>):
/// <see cref="JsonDocument"/> keeps no positions, and a resource that cannot be priced must be reported on its line.
/// </summary>
internal sealed class JsonLines
{
    private readonly Dictionary<string, int> _lines = new(StringComparer.Ordinal);

    private JsonLines() { }

    public static JsonLines Empty { get; } = new();

    /// <summary>The line of the object at <paramref name="path"/>, or null when the text did not have one there.</summary>
    public int? Of(string path) => _lines.TryGetValue(path, out var line) ? line : null;

    /// <summary>The objects' lines of a JSON text (comments and trailing commas allowed, as the templates are read); a text
    /// that is not valid JSON gives what was read before the fault.</summary>
    public static JsonLines Read(string text)
    {
        var lines = new JsonLines();
        var bytes = Encoding.UTF8.GetBytes(text);
        var reader = new Utf8JsonReader(bytes, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true, MaxDepth = 256 });
        var path = new List<(string Prefix, int Index, string? Property)>(); // per open container: its path, array index, pending property
        var newlines = 0;
        var scanned = 0;
        try
        {
            while (reader.Read())
            {
                var at = (int)reader.TokenStartIndex;
                for (; scanned < at; scanned++) if (bytes[scanned] == (byte)'\n') newlines++;
                switch (reader.TokenType)
                {
                    case JsonTokenType.PropertyName:
                        path[^1] = path[^1] with { Property = reader.GetString() };
                        break;
                    case JsonTokenType.StartObject or JsonTokenType.StartArray:
                        var here = Here(path);
                        if (reader.TokenType == JsonTokenType.StartObject) lines._lines.TryAdd(here, newlines + 1);
                        path.Add((here, -1, null));
                        break;
                    case JsonTokenType.EndObject or JsonTokenType.EndArray:
                        path.RemoveAt(path.Count - 1);
                        break;
                    default:
                        Here(path); // a value: advances the array index
                        break;
                }
            }
        }
        catch (JsonException) { /* the template reader reports the fault with its line */ }
        return lines;
    }

    /// <summary>A JSON fault as its 1-based line and the reader's message without its own position and path.</summary>
    public static (int? Line, string Message) Fault(JsonException e) =>
        (e.LineNumber is { } l ? (int)l + 1 : null, e.Message.Split(" Path:")[0].Split(" LineNumber:")[0]);

    /// <summary>The path of the value that starts now (advancing the index in an array).</summary>
    private static string Here(List<(string Prefix, int Index, string? Property)> path)
    {
        if (path.Count == 0) return "$";
        var (prefix, index, property) = path[^1];
        if (property is not null) return prefix + "." + property;
        path[^1] = (prefix, index + 1, null);
        return $"{prefix}[{index + 1}]";
    }
}

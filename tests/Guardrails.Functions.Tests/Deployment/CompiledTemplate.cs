using System.Diagnostics;
using System.Reflection;
using System.Text;
using System.Text.Json.Nodes;

namespace Guardrails.Functions.Tests.Deployment;

/// <summary>
/// infra/main.bicep compiled with the Bicep CLI that CI uses (Azure.Bicep.CommandLine.linux-x64, restored by this test
/// project), and the Function App's app settings read out of the ARM JSON: every key of every <c>createObject(…)</c>
/// inside the <c>functionapp</c> deployment (host settings, feature settings, both branches of a conditional), with
/// its value expression.
/// </summary>
internal sealed class CompiledTemplate
{
    public static string RepositoryRoot => Guardrails.Testing.TestData.RepositoryRoot;

    private static readonly Lazy<CompiledTemplate> s_main = new(() => Compile(Path.Combine(RepositoryRoot, "infra", "main.bicep")));

    public static CompiledTemplate Main => s_main.Value;

    private CompiledTemplate(JsonObject json)
    {
        Json = json;
        var functionApp = Resources(json).FirstOrDefault(r => (string?)r["type"] == "Microsoft.Resources/deployments" && ((string?)r["name"])?.Contains("functionapp", StringComparison.Ordinal) == true)
            ?? throw new InvalidOperationException("compiled template has no 'functionapp' deployment");
        AppSettings = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var text in Strings(functionApp))
            foreach (var (key, value) in CreateObjectPairs(text))
                AppSettings.TryAdd(key, value);
    }

    public JsonObject Json { get; }

    /// <summary>Setting name → its ARM value expression (or literal).</summary>
    public Dictionary<string, string> AppSettings { get; }

    public static CompiledTemplate Compile(string bicepFile)
    {
        var bicep = typeof(CompiledTemplate).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "BicepPath").Value!;
        if (!File.Exists(bicep)) throw new FileNotFoundException($"Bicep CLI not restored at {bicep}");
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(bicep, File.GetUnixFileMode(bicep) | UnixFileMode.UserExecute);
        var psi = new ProcessStartInfo(bicep, ["build", bicepFile, "--stdout"]) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(psi)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0) throw new InvalidOperationException($"bicep build failed ({process.ExitCode}): {stderr.Result}");
        return new CompiledTemplate(JsonNode.Parse(stdout)!.AsObject());
    }

    /// <summary>Every resource, at any depth (nested deployments' templates included).</summary>
    public static IEnumerable<JsonObject> Resources(JsonNode node)
    {
        if (node is JsonObject o)
        {
            if (o["resources"] is JsonObject byName)
                foreach (var (_, r) in byName) if (r is JsonObject ro) { yield return ro; foreach (var x in Resources(ro)) yield return x; }
            if (o["resources"] is JsonArray list)
                foreach (var r in list) if (r is JsonObject ro) { yield return ro; foreach (var x in Resources(ro)) yield return x; }
            foreach (var (k, v) in o)
                if (k != "resources" && v is not null) foreach (var x in Resources(v)) yield return x;
        }
        else if (node is JsonArray a)
            foreach (var v in a) if (v is not null) foreach (var x in Resources(v)) yield return x;
    }

    public static IEnumerable<string> Strings(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var (k, v) in o)
                {
                    yield return k;
                    foreach (var s in Strings(v)) yield return s;
                }
                break;
            case JsonArray a:
                foreach (var v in a) foreach (var s in Strings(v)) yield return s;
                break;
            case JsonValue v when v.TryGetValue<string>(out var text):
                yield return text;
                break;
        }
    }

    /// <summary>The (key, value) argument pairs of every createObject(…) call in an ARM expression.</summary>
    public static IEnumerable<(string Key, string Value)> CreateObjectPairs(string expression)
    {
        const string call = "createObject(";
        for (var at = expression.IndexOf(call, StringComparison.Ordinal); at >= 0; at = expression.IndexOf(call, at + 1, StringComparison.Ordinal))
        {
            var args = Arguments(expression, at + call.Length);
            for (var i = 0; i + 1 < args.Count; i += 2)
                if (args[i].StartsWith('\'') && args[i].EndsWith('\''))
                    yield return (args[i][1..^1].Replace("''", "'", StringComparison.Ordinal), args[i + 1]);
        }
    }

    private static List<string> Arguments(string text, int start)
    {
        var args = new List<string>();
        var current = new StringBuilder();
        var depth = 0;
        var quoted = false;
        for (var i = start; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                current.Append(c);
                if (c == '\'' && !(i + 1 < text.Length && text[i + 1] == '\'')) quoted = false;
                else if (c == '\'') current.Append(text[++i]);
                continue;
            }
            if (c == '\'') { quoted = true; current.Append(c); continue; }
            if (c is '(' or '[') depth++;
            if (c is ')' or ']')
            {
                if (depth == 0) { args.Add(current.ToString().Trim()); return args; }
                depth--;
            }
            if (c == ',' && depth == 0) { args.Add(current.ToString().Trim()); current.Clear(); continue; }
            current.Append(c);
        }
        return args;
    }
}

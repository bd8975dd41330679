using System.Text.Json;

namespace Guardrails.Core.PullRequests.Iac;

/// <summary>
/// The modules <c>terraform init</c> installed: <c>.terraform/modules/modules.json</c> under a root configuration lists each
/// module call by its key (<c>vm</c>, <c>vm.nic</c>: the call names from the root down) with the folder its files were
/// downloaded to (<c>.terraform/modules/vm</c>). A registry or git module call is read from that folder, as Infracost does
/// after <c>terraform init</c>; without the manifest (a pull request's files, a folder never initialised) it stays unknown.
/// Files under <c>.terraform/</c> are never a configuration of their own (<see cref="IsInstalled"/>).
/// </summary>
internal static class TerraformInstalledModules
{
    public const string Manifest = ".terraform/modules/modules.json";

    /// <summary>A path inside a <c>.terraform</c> folder (what <c>terraform init</c> writes, not the user's files).</summary>
    public static bool IsInstalled(string path) =>
        path.Replace('\\', '/').Split('/').Contains(".terraform", StringComparer.Ordinal);

    /// <summary>The folder (a path of <paramref name="tree"/>) the call <paramref name="callName"/> in <paramref name="callerFile"/>
    /// was installed to; null when no manifest of a root above the caller lists it.</summary>
    public static string? Folder(IReadOnlyDictionary<string, string> tree, string callerFile, string callName)
    {
        var callerFolder = ModuleSources.FolderOf(callerFile);
        foreach (var (path, text) in tree)
        {
            if (!path.Replace('\\', '/').EndsWith(Manifest, StringComparison.Ordinal)) continue;
            var root = path.Replace('\\', '/')[..^Manifest.Length].TrimEnd('/');
            if (root.Length > 0 && callerFolder != root && !callerFolder.StartsWith(root + "/", StringComparison.Ordinal)) continue;
            if (Entries(text) is not { } entries) continue;
            string? callerKey = null;
            foreach (var (key, dir) in entries)
                if (Under(root, dir) == callerFolder) callerKey = key;
            if (callerKey is null) continue;
            var wanted = callerKey.Length == 0 ? callName : $"{callerKey}.{callName}";
            foreach (var (key, dir) in entries)
                if (key == wanted && Under(root, dir) is { } folder) return folder;
        }
        return null;
    }

    /// <summary>A manifest's folder as a path of the tree: <c>.</c> is the root itself; null when it leaves the root.</summary>
    private static string? Under(string root, string dir)
    {
        var relative = dir.Replace('\\', '/').TrimEnd('/');
        if (relative is "." or "") return root;
        return ModuleSources.Resolve(root.Length == 0 ? "x" : root + "/x", relative);
    }

    /// <summary>The manifest's (key, folder) pairs; null when it is not the JSON <c>terraform init</c> writes.</summary>
    private static List<(string Key, string Dir)>? Entries(string text)
    {
        try
        {
            using var doc = JsonDocument.Parse(text, new JsonDocumentOptions { MaxDepth = 16 });
            if (doc.RootElement.ValueKind != JsonValueKind.Object || !doc.RootElement.TryGetProperty("Modules", out var modules)
                || modules.ValueKind != JsonValueKind.Array) return null;
            var entries = new List<(string, string)>();
            foreach (var m in modules.EnumerateArray().Take(IacFunctions.MaxItems))
                if (m.ValueKind == JsonValueKind.Object && m.TryGetProperty("Key", out var k) && k.ValueKind == JsonValueKind.String
                    && m.TryGetProperty("Dir", out var d) && d.ValueKind == JsonValueKind.String)
                    entries.Add((k.GetString()!, d.GetString()!));
            return entries;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

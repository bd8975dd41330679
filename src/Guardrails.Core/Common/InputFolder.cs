namespace Guardrails.Core.Common;

/// <summary>
/// The files below an input folder, each once, in ordinal path order. Symbolic links to folders are followed, but a
/// folder already seen (by its real location) is not walked again: a link loop (<c>a/up → ..</c>) ends instead of
/// recursing until the path is too long, and a folder reached through two links is not read twice (its costs would
/// count twice).
/// </summary>
public static class InputFolder
{
    public static IReadOnlyList<string> Files(string root)
    {
        var files = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<(string Path, string Real)>();
        pending.Push((root, RealPath(new DirectoryInfo(root), Path.GetFullPath(root))));
        while (pending.Count > 0)
        {
            var (dir, real) = pending.Pop();
            if (!seen.Add(real)) continue;
            foreach (var entry in new DirectoryInfo(dir).EnumerateFileSystemInfos())
            {
                if (entry is DirectoryInfo sub)
                    pending.Push((Path.Combine(dir, sub.Name), RealPath(sub, Path.Combine(real, sub.Name))));
                else if (entry is FileInfo file && file.Exists) files.Add(Path.Combine(dir, file.Name));
            }
        }
        files.Sort(StringComparer.Ordinal);
        return files;
    }

    /// <summary>Where a folder really is: a link's final target, else its location under its parent's real path.</summary>
    private static string RealPath(DirectoryInfo dir, string underParent)
    {
        if (dir.LinkTarget is null) return underParent;
        try
        {
            return dir.ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? underParent;
        }
        catch (IOException)
        {
            return underParent; // a link that cannot be resolved (a loop of links): its walk finds nothing new
        }
    }
}

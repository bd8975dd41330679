using System.Reflection;
using System.Text.RegularExpressions;
using Guardrails.Core.Ledger;
using Guardrails.Infrastructure.Ledger;
using Guardrails.Testing;

namespace Guardrails.Infrastructure.Tests;

/// <summary>
/// docs/architecture.md and the README's layout section describe the tree as it is: the layer order names every Core
/// namespace once, and every <c>`Folder/Type`</c> they name is a type in that folder of Core or Infrastructure. A move
/// or rename that leaves the page behind fails here.
/// </summary>
public sealed partial class ArchitectureDocsTests
{
    private static readonly Assembly s_core = typeof(IngestExportPartStage).Assembly;
    private static readonly Assembly s_infrastructure = typeof(TableLedgerStore).Assembly;

    private static string Read(string relativePath) => File.ReadAllText(Path.Combine(TestData.RepositoryRoot, relativePath));

    /// <summary>The top-level Core namespaces (Guardrails.Core.X → X) that hold types of the project's own.</summary>
    private static SortedSet<string> CoreNamespaces() => new(s_core.GetTypes()
        .Where(t => !t.Name.StartsWith('<') && t.Namespace?.StartsWith("Guardrails.Core.", StringComparison.Ordinal) == true)
        .Select(t => t.Namespace!["Guardrails.Core.".Length..].Split('.')[0]), StringComparer.Ordinal);

    /// <summary>The first line of <paramref name="text"/> that starts the arrow chain "Common → …", followed to its end.</summary>
    internal static IReadOnlyList<string> LayerOrder(string text)
    {
        var start = text.IndexOf("Common →", StringComparison.Ordinal);
        Assert.True(start >= 0, "no layer order (\"Common → …\") found");
        return LayerChain().Match(text[start..]).Groups["names"].Captures.Select(c => c.Value).ToList();
    }

    [Fact]
    public void The_layer_order_in_the_architecture_page_names_every_core_namespace_once()
    {
        var order = LayerOrder(Read("docs/architecture.md"));
        Assert.Equal(order.Count, order.Distinct().Count());
        Assert.Equal(CoreNamespaces(), new SortedSet<string>(order, StringComparer.Ordinal));
    }

    [Fact]
    public void The_readme_layout_gives_the_same_layer_order_as_the_architecture_page()
    {
        var readme = Read("README.md");
        var layout = readme[readme.IndexOf("## Repository layout", StringComparison.Ordinal)..];
        Assert.Equal(LayerOrder(Read("docs/architecture.md")), LayerOrder(layout));
    }

    [Fact]
    public void Every_folder_and_type_the_architecture_page_names_exists_there()
    {
        var page = Read("docs/architecture.md");
        var references = FolderTypeReference().Matches(page).Select(m => (Folder: m.Groups["folder"].Value, Type: m.Groups["type"].Value))
            .Distinct().ToList();
        Assert.True(references.Count >= 20, $"expected the page to name the stages and adapters, found {references.Count}");

        var missing = references.Where(r => !Exists(r.Folder, r.Type)).Select(r => $"{r.Folder}/{r.Type}").ToList();
        Assert.True(missing.Count == 0, $"docs/architecture.md names types that are not in that folder of Core or Infrastructure: {string.Join(", ", missing)}");
    }

    [Fact]
    public void Every_source_folder_is_named_in_the_readme_layout_or_the_architecture_page()
    {
        var docs = ReadmeLayout() + Read("docs/architecture.md");
        var layers = LayerOrder(Read("docs/architecture.md"));
        var unnamed = SourceFolders()
            .Where(f => !docs.Contains(f.Name + "/", StringComparison.Ordinal) && !(f.Project == "Guardrails.Core" && layers.Contains(f.Name)))
            .Select(f => $"src/{f.Project}/{f.Name}")
            .ToList();
        Assert.True(SourceFolders().Count() > 20, "expected the source folders of four projects");
        Assert.True(unnamed.Count == 0, $"source folders that neither the README layout nor docs/architecture.md names: {string.Join(", ", unnamed)}");
    }

    [Fact]
    public void Every_path_the_readme_layout_lists_exists()
    {
        var paths = LayoutPath().Matches(ReadmeLayout()).Select(m => m.Groups["path"].Value).ToList();
        Assert.Contains("src/Guardrails.Core/", paths);
        var missing = paths.Where(p => !Directory.Exists(Path.Combine(TestData.RepositoryRoot, p))).ToList();
        Assert.True(missing.Count == 0, $"the README layout lists folders that do not exist: {string.Join(", ", missing)}");
    }

    /// <summary>The README's "Repository layout" section, up to the next heading.</summary>
    private static string ReadmeLayout()
    {
        var readme = Read("README.md");
        var start = readme.IndexOf("## Repository layout", StringComparison.Ordinal);
        Assert.True(start >= 0, "the README has no \"## Repository layout\" section");
        var end = readme.IndexOf("\n## ", start + 1, StringComparison.Ordinal);
        return end < 0 ? readme[start..] : readme[start..end];
    }

    /// <summary>The folders directly inside each project under src/ (build output aside).</summary>
    private static IEnumerable<(string Project, string Name)> SourceFolders() =>
        Directory.EnumerateDirectories(Path.Combine(TestData.RepositoryRoot, "src"))
            .SelectMany(project => Directory.EnumerateDirectories(project).Select(d => (Project: Path.GetFileName(project), Name: Path.GetFileName(d))))
            .Where(f => f.Name is not ("bin" or "obj") && !f.Name.StartsWith('.'));

    [Fact]
    public void A_name_that_is_not_in_the_tree_is_reported()
    {
        // The check above can fail: a stage named in the wrong folder is not found.
        Assert.True(Exists("Ledger", nameof(IngestExportPartStage)));
        Assert.False(Exists("Budgets", nameof(IngestExportPartStage)));
        Assert.False(Exists("Ledger", "NoSuchStage"));
    }

    /// <summary>A type named <paramref name="type"/> (generic arity aside) in namespace …Core.Folder or …Infrastructure.Folder, or below it.</summary>
    private static bool Exists(string folder, string type) =>
        new[] { (s_core, "Guardrails.Core."), (s_infrastructure, "Guardrails.Infrastructure.") }.Any(a => a.Item1.GetTypes().Any(t =>
            t.Name.Split('`')[0] == type && t.Namespace is { } ns
            && (ns == a.Item2 + folder || ns.StartsWith(a.Item2 + folder + ".", StringComparison.Ordinal))));

    // A chain "A → B → C", possibly broken across lines ("C\n       → D" or "C →\n       D").
    [GeneratedRegex(@"\A(?<names>[A-Z][A-Za-z]+)(?:\s*→\s*(?<names>[A-Z][A-Za-z]+))*")]
    private static partial Regex LayerChain();

    [GeneratedRegex(@"`(?<folder>[A-Z][A-Za-z]+)/(?<type>[A-Z][A-Za-z0-9]+)`")]
    private static partial Regex FolderTypeReference();

    // A line of the layout block that starts with a path: "src/Guardrails.Core/   pure domain …".
    [GeneratedRegex(@"^(?<path>[a-z][A-Za-z.]*/(?:[A-Za-z.]+/)*)\s", RegexOptions.Multiline)]
    private static partial Regex LayoutPath();
}

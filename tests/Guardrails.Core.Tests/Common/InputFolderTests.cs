using Guardrails.Core.Common;

namespace Guardrails.Core.Tests.Common;

public sealed class InputFolderTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("guardrails-folder-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private string Write(string relative)
    {
        var path = Path.Combine(_root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, relative);
        return path;
    }

    [Fact]
    public void A_link_back_to_a_parent_folder_ends_the_walk_and_lists_each_file_once()
    {
        var x = Write("a/x.csv");
        var y = Write("y.csv");
        Directory.CreateSymbolicLink(Path.Combine(_root, "a", "up"), "..");
        Directory.CreateSymbolicLink(Path.Combine(_root, "self"), _root);

        var files = InputFolder.Files(_root);

        Assert.Equal([x, y], files);
    }

    [Fact]
    public void A_folder_reached_through_two_links_is_read_once()
    {
        var data = Write("data/part-1.csv");
        Directory.CreateSymbolicLink(Path.Combine(_root, "link-1"), Path.Combine(_root, "data"));
        Directory.CreateSymbolicLink(Path.Combine(_root, "link-2"), Path.Combine(_root, "data"));

        var files = InputFolder.Files(_root);

        Assert.Single(files);
        Assert.EndsWith("part-1.csv", files[0], StringComparison.Ordinal);
        Assert.Equal(File.ReadAllText(data), File.ReadAllText(files[0]));
    }

    [Fact]
    public void A_linked_folder_outside_the_root_is_followed()
    {
        var outside = Directory.CreateTempSubdirectory("guardrails-outside-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(outside, "z.csv"), "z");
            Directory.CreateSymbolicLink(Path.Combine(_root, "exports"), outside);

            var files = InputFolder.Files(_root);

            Assert.Equal([Path.Combine(_root, "exports", "z.csv")], files);
        }
        finally
        {
            Directory.Delete(outside, recursive: true);
        }
    }

    [Fact]
    public void Files_come_in_ordinal_path_order_with_the_given_root_as_prefix()
    {
        Write("b/2.csv");
        Write("a/1.csv");
        Write("B.csv");

        var relativeRoot = Path.GetRelativePath(Directory.GetCurrentDirectory(), _root);
        var files = InputFolder.Files(relativeRoot);

        Assert.Equal([Path.Combine(relativeRoot, "B.csv"), Path.Combine(relativeRoot, "a", "1.csv"), Path.Combine(relativeRoot, "b", "2.csv")], files);
    }
}

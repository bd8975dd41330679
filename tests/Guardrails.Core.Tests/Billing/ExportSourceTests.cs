using Guardrails.Core.Billing;

namespace Guardrails.Core.Tests.Billing;

public sealed class ExportSourceTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("guardrails-source-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void A_symlinked_export_has_the_length_of_the_file_it_links_to()
    {
        // A 40 MB export linked into place must look as large as it is (a parallel read needs ≥ 32 MiB), not as the link.
        var file = Path.Combine(_dir, "export.csv");
        File.WriteAllBytes(file, new byte[40 << 20]);
        var link = Path.Combine(_dir, "linked.csv");
        File.CreateSymbolicLink(link, file);
        var chain = Path.Combine(_dir, "linked-again.csv");
        File.CreateSymbolicLink(chain, link);

        Assert.Equal(40L << 20, IngestSource.FromFile(file).Length);
        Assert.Equal(40L << 20, IngestSource.FromFile(link).Length);
        Assert.Equal(40L << 20, IngestSource.FromFile(chain).Length);
        Assert.True(CostExportReader.IsSplitCandidate(IngestSource.FromFile(link), split: null) || Environment.ProcessorCount == 1);
    }

    [Fact]
    public async Task A_dangling_link_is_reported_as_a_missing_file_when_opened()
    {
        var link = Path.Combine(_dir, "gone.csv");
        File.CreateSymbolicLink(link, Path.Combine(_dir, "never-written.csv"));

        var source = IngestSource.FromFile(link);

        await Assert.ThrowsAsync<FileNotFoundException>(() => source.OpenAsync(CancellationToken.None));
    }
}

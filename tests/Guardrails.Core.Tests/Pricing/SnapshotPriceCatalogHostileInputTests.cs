using Guardrails.Core.Pricing;
using Xunit.Abstractions;

namespace Guardrails.Core.Tests.Pricing;

/// <summary>
/// The price snapshot (samples/prices/prices.csv, the CLI's --prices file) damaged in every way <see cref="HostileFiles"/>
/// knows: it loads, or it fails with one <see cref="FormatException"/> naming the file and line, never another exception.
/// </summary>
public sealed class SnapshotPriceCatalogHostileInputTests(ITestOutputHelper output)
{
    [Fact]
    public async Task A_damaged_price_snapshot_loads_or_fails_naming_the_file_and_line()
    {
        var lines = await File.ReadAllLinesAsync(Snapshot());
        var seed = System.Text.Encoding.UTF8.GetBytes(string.Join('\n', lines.Take(40)) + "\n");
        await HostileFiles.CheckAsync(seed, v => SnapshotPriceCatalog.Load(new MemoryStream(v.Bytes), "prices.csv"),
            e => e is FormatException && e.Message.StartsWith("prices.csv", StringComparison.Ordinal), output);
    }

    private static string Snapshot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var path = Path.Combine(dir.FullName, "samples", "prices", "prices.csv");
            if (File.Exists(path)) return path;
        }
        throw new FileNotFoundException("samples/prices/prices.csv");
    }
}

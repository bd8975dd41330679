using System.Security.Cryptography;
using System.Text.Json;
using Guardrails.Benchmarks;
using Guardrails.Benchmarks.Generator;
using Guardrails.Core.Billing;
using Guardrails.Core.Ledger;

namespace Guardrails.Benchmarks.Tests.Generator;

public sealed class FocusExportGeneratorTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("guardrails-gen-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private GeneratedExport Generate(string name, long rows, int seed, int resources = 300) =>
        new FocusExportGenerator(new GeneratorOptions
        {
            Rows = rows,
            Seed = seed,
            OutputPath = Path.Combine(_dir, name),
            Resources = resources,
        }, SkuPriceTable.Load(Repository.Root)).Write();

    private static string Sha(string path) => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(path)));

    [Fact]
    public void Same_seed_gives_the_same_bytes_and_another_seed_does_not()
    {
        var a = Generate("a.csv", 3000, seed: 42);
        var b = Generate("b.csv", 3000, seed: 42);
        var c = Generate("c.csv", 3000, seed: 43);

        Assert.Equal(Sha(a.Path), Sha(b.Path));
        Assert.NotEqual(Sha(a.Path), Sha(c.Path));
    }

    [Fact]
    public void Header_is_the_FocusCost_1_0_column_set_of_the_bundled_schema()
    {
        var export = Generate("h.csv", 10, seed: 1);

        var header = File.ReadLines(export.Path).First().Split(',');
        using var schema = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "testdata", "focuscost_1.0.json")));
        var expected = schema.RootElement.GetProperty("translator").GetProperty("mappings").EnumerateArray()
            .Select(m => m.GetProperty("source").GetProperty("name").GetString()).ToArray();
        Assert.Equal(expected, header);
        Assert.Equal(96, header.Length);
    }

    [Fact]
    public void The_ledger_reader_accepts_every_row_and_its_totals_equal_the_generators_own_sums()
    {
        var export = Generate("r.csv", 5000, seed: 7);

        var sink = new CountingSink();
        var summary = new CostExportReader().ReadAsync(IngestSource.FromFile(export.Path), new CostReadOptions(), sink)
            .GetAwaiter().GetResult();

        Assert.Equal(5000, summary.RowsRead);
        Assert.Equal(0, summary.RowsRejected);
        Assert.Equal(ExportFormat.Focus, summary.Format);
        Assert.Equal(export.TotalsByCurrency.Keys.Order(), summary.Totals.Select(t => t.Currency).Order());
        foreach (var total in summary.Totals)
        {
            Assert.Equal(export.TotalsByCurrency[total.Currency].Billed, total.BilledCost);
            Assert.Equal(export.TotalsByCurrency[total.Currency].Effective, total.EffectiveCost);
        }
        Assert.Contains("EUR", export.TotalsByCurrency.Keys);
        Assert.Contains("USD", export.TotalsByCurrency.Keys);
    }

    [Fact]
    public void Tags_carry_mixed_case_and_padded_team_keys_escapes_and_nulls()
    {
        var export = Generate("t.csv", 4000, seed: 11, resources: 1000);
        var text = File.ReadAllText(export.Path);

        Assert.Contains("\"\"team\"\": ", text, StringComparison.Ordinal);
        Assert.Contains("\"\"Team\"\": ", text, StringComparison.Ordinal);
        Assert.Contains("\"\" owner-team\"\": ", text, StringComparison.Ordinal);
        Assert.Contains("data \\\"\"lake\\\"\"", text, StringComparison.Ordinal); // an escaped quote inside a CSV-quoted JSON value
        Assert.Contains("\\u00f8", text, StringComparison.Ordinal);
        Assert.Contains(",NULL,", text, StringComparison.Ordinal);
        Assert.Contains("Standard_ND96isr_H100_v5", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Rows_average_about_a_kilobyte_with_long_arm_ids()
    {
        var export = Generate("s.csv", 4000, seed: 5);

        var perRow = (double)export.Bytes / export.Rows;
        Assert.InRange(perRow, 900, 1500);
        var resourceIds = File.ReadLines(export.Path).Skip(1).Take(200).Select(l => l.Split(',')[33]).ToArray();
        Assert.All(resourceIds, id => Assert.StartsWith("/subscriptions/", id, StringComparison.Ordinal));
        Assert.True(resourceIds.Average(id => id.Length) > 120);
    }

    [Fact]
    public void Gzip_output_is_the_same_export_compressed()
    {
        var plain = Generate("g.csv", 1000, seed: 3);
        var gz = Generate("g.csv.gz", 1000, seed: 3);

        using var input = new System.IO.Compression.GZipStream(File.OpenRead(gz.Path), System.IO.Compression.CompressionMode.Decompress);
        using var copy = new MemoryStream();
        input.CopyTo(copy);
        Assert.Equal(File.ReadAllBytes(plain.Path), copy.ToArray());
    }

    private sealed class CountingSink : ICostRecordSink
    {
        public long Count { get; private set; }

        public void Accept(CostRecord record) => Count++;
    }
}

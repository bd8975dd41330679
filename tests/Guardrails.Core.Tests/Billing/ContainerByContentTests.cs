using System.IO.Compression;
using System.Text;
using Parquet;
using Parquet.Schema;
using static Guardrails.Core.Tests.Billing.BillingTestSupport;

namespace Guardrails.Core.Tests.Billing;

/// <summary>
/// A file whose name does not say what it holds (a compressed export saved as <c>.csv</c>, a blob without an extension)
/// is read by its first bytes: gzip, Parquet or CSV text, with the same rows and totals.
/// </summary>
public class ContainerByContentTests
{
    private static readonly string Text = Focus(Row(), Row(cost: "2.25", currency: "EUR"), Row(cost: "0.25"));

    [Theory]
    [InlineData("export.csv")]
    [InlineData("part_0_0001")]
    public async Task A_gzip_file_named_as_csv_or_without_an_extension_is_read_as_gzip(string name)
    {
        var result = await ReadAsync(FromBytes(name, Gzip(Encoding.UTF8.GetBytes(Text))));

        Assert.Equal(3, result.Summary.RowsAccepted);
        Assert.Equal([("EUR", 2.25m), ("USD", 1.75m)], result.Summary.Totals.Select(t => (t.Currency, t.BilledCost)));
    }

    [Fact]
    public async Task A_cut_gzip_named_as_csv_is_still_named_as_cut()
    {
        var bytes = Gzip(Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat(Text, 50))));

        var e = await Assert.ThrowsAsync<Guardrails.Core.Billing.CostExportException>(() => ReadAsync(FromBytes("export.csv", bytes[..^20])));

        Assert.Contains("gzip", e.Message);
    }

    [Fact]
    public async Task A_parquet_file_named_as_csv_is_read_as_parquet()
    {
        var result = await ReadAsync(FromBytes("export.csv", await ParquetAsync()));

        Assert.Equal(2, result.Summary.RowsAccepted);
        Assert.Equal(4.5m, Assert.Single(result.Summary.Totals).BilledCost);
    }

    [Theory]
    [InlineData("")]
    [InlineData("C")]
    [InlineData("\u001f")]
    public async Task A_file_shorter_than_the_magic_bytes_is_read_as_text(string text)
    {
        var e = await Assert.ThrowsAsync<Guardrails.Core.Billing.CostExportException>(() => ReadTextAsync(text, name: "tiny.csv"));

        Assert.Contains("tiny.csv", e.Message);
    }

    private static byte[] Gzip(byte[] data)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest)) gzip.Write(data);
        return output.ToArray();
    }

    private static async Task<byte[]> ParquetAsync()
    {
        string[] names = ["ChargePeriodStart", "ChargePeriodEnd", "BilledCost", "EffectiveCost", "BillingCurrency"];
        DataField[] fields = [.. names.Select(n => new DataField<string>(n))];
        string[][] values = [["2024-09-01", "2024-09-02"], ["2024-09-02", "2024-09-03"], ["1.5", "3"], ["1.5", "3"], ["USD", "USD"]];
        using var ms = new MemoryStream();
        await using (var writer = await ParquetWriter.CreateAsync(new ParquetSchema(fields), ms))
        {
            using var group = writer.CreateRowGroup();
            for (var i = 0; i < fields.Length; i++) await group.WriteAsync(fields[i], values[i]);
        }

        return ms.ToArray();
    }
}

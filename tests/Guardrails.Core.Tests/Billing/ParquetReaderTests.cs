using System.Globalization;
using Guardrails.Core.Billing;
using Guardrails.Core.Ledger;
using nietras.SeparatedValues;
using Parquet;
using Parquet.Schema;
using static Guardrails.Core.Tests.Billing.BillingTestSupport;

namespace Guardrails.Core.Tests.Billing;

/// <summary>
/// Parquet exports: the test writes a Parquet file from a bundled CSV sample with Parquet.Net (money as decimal,
/// dates as timestamps, the rest as strings, NULL as a Parquet null, two row groups) and reads it back.
/// </summary>
public class ParquetReaderTests
{
    private static readonly string[] DecimalColumns = ["BilledCost", "EffectiveCost", "ListCost", "ConsumedQuantity"];
    private static readonly string[] DateColumns = ["ChargePeriodStart", "ChargePeriodEnd"];

    private static async Task<byte[]> ParquetFromCsvAsync(string csvPath, int rowGroupSize)
    {
        string[] header;
        var rows = new List<string?[]>();
        using (var reader = Sep.Reader(o => o with { Unescape = true }).FromFile(csvPath))
        {
            header = reader.Header.ColNames.ToArray();
            foreach (var row in reader)
            {
                var values = new string?[header.Length];
                for (var i = 0; i < header.Length; i++)
                {
                    var v = row[i].ToString();
                    values[i] = v == "NULL" ? null : v;
                }

                rows.Add(values);
            }
        }

        var fields = header.Select<string, DataField>(h =>
            DecimalColumns.Contains(h) ? new DataField<decimal?>(h) :
            DateColumns.Contains(h) ? new DataField<DateTime?>(h) :
            new DataField<string>(h)).ToArray();
        using var ms = new MemoryStream();
        await using (var writer = await ParquetWriter.CreateAsync(new ParquetSchema(fields), ms))
        {
            foreach (var chunk in rows.Chunk(rowGroupSize))
            {
                using var group = writer.CreateRowGroup();
                for (var c = 0; c < fields.Length; c++)
                {
                    var column = chunk.Select(r => r[c]).ToArray();
                    if (DecimalColumns.Contains(header[c]))
                    {
                        var values = column.Select(v => v is null ? (decimal?)null : decimal.Parse(v, NumberStyles.Float, CultureInfo.InvariantCulture)).ToArray();
                        await group.WriteAsync<decimal>(fields[c], values.AsMemory());
                    }
                    else if (DateColumns.Contains(header[c]))
                    {
                        var values = column.Select(v => v is null ? (DateTime?)null : DateTime.SpecifyKind(DateTime.Parse(v, CultureInfo.InvariantCulture), DateTimeKind.Utc)).ToArray();
                        await group.WriteAsync<DateTime>(fields[c], values.AsMemory());
                    }
                    else
                    {
                        await group.WriteAsync(fields[c], column!);
                    }
                }
            }
        }

        return ms.ToArray();
    }

    [Fact]
    public async Task Parquet_written_from_a_sample_reads_like_the_csv()
    {
        var csvPath = Sample("focus", "finops-foundation-sample", "focus_1.0_sample_1000rows_multicloud.csv");
        var parquet = await ParquetFromCsvAsync(csvPath, rowGroupSize: 400);

        var fromCsv = await ReadAsync(IngestSource.FromFile(csvPath));
        var fromParquet = await ReadAsync(FromBytes("export.parquet", parquet));

        Assert.Empty(fromParquet.Rejected);
        Assert.Equal(1000, fromParquet.Summary.RowsAccepted);
        // Same independently computed totals as SampleExportTests (Python csv + decimal).
        Assert.Equal([new CurrencyTotal("USD", 20.52022672899m, 14.97651418586m)], fromParquet.Summary.Totals);
        Assert.Equal(("1.0", ExportFormat.Focus), (fromParquet.Summary.FormatVersion, fromParquet.Summary.Format));
        for (var i = 0; i < fromCsv.Records.Count; i++)
        {
            var a = fromCsv.Records[i];
            var b = fromParquet.Records[i];
            Assert.Equal((a.ChargePeriodStart, a.ChargePeriodEnd, a.BilledCost, a.EffectiveCost, a.ResourceId, a.RegionId, a.ResourceGroupName),
                (b.ChargePeriodStart, b.ChargePeriodEnd, b.BilledCost, b.EffectiveCost, b.ResourceId, b.RegionId, b.ResourceGroupName));
            Assert.Equal(a.Tags, b.Tags);
            Assert.Equal(i + 2, b.SourceLine);
        }
    }

    [Fact]
    public async Task Parquet_from_a_non_seekable_stream_is_spooled_and_read()
    {
        var parquet = await ParquetFromCsvAsync(Sample("focus", "finops-foundation-sample", "focus_1.0_sample_microsoft_rows_only.csv"), 1000);
        var source = new IngestSource("blob.parquet", _ => Task.FromResult<Stream>(new ForwardOnlyStream(parquet)));

        var result = await ReadAsync(source);

        Assert.Equal([new CurrencyTotal("USD", 1.97651418586m, 1.97651418586m)], result.Summary.Totals);
    }

    [Fact]
    public async Task Parquet_bad_values_are_quarantined_with_row_number()
    {
        var fields = new DataField[]
        {
            new DataField<string>("ChargePeriodStart"), new DataField<string>("ChargePeriodEnd"),
            new DataField<string>("BilledCost"), new DataField<double>("EffectiveCost"), new DataField<string>("BillingCurrency"),
        };
        using var ms = new MemoryStream();
        await using (var writer = await ParquetWriter.CreateAsync(new ParquetSchema(fields), ms))
        {
            using var group = writer.CreateRowGroup();
            await group.WriteAsync(fields[0], new[] { "2024-09-01", "2024-09-01", "bad" });
            await group.WriteAsync(fields[1], new[] { "2024-09-02", "2024-09-02", "2024-09-02" });
            await group.WriteAsync(fields[2], new[] { "1.5", "x", "2" });
            await group.WriteAsync<double>(fields[3], new[] { 1.25, 2.5, 3 }.AsMemory());
            await group.WriteAsync(fields[4], new[] { "USD", "USD", "USD" });
        }

        var result = await ReadAsync(FromBytes("t.parquet", ms.ToArray()));

        Assert.Equal(3, result.Summary.RowsRead);
        Assert.Equal([(3L, "BilledCost"), (4L, "ChargePeriodStart")], result.Rejected.Select(r => (r.Line, r.Field!)));
        Assert.Equal(1.25m, Assert.Single(result.Records).EffectiveCost);
    }

    [Fact]
    public async Task Not_a_parquet_file_is_a_whole_file_error()
    {
        var e = await Assert.ThrowsAsync<CostExportException>(() => ReadAsync(FromText("fake.parquet", "not parquet at all")));
        Assert.Contains("fake.parquet", e.Message);
    }

    private sealed class ForwardOnlyStream(byte[] data) : MemoryStream(data)
    {
        public override bool CanSeek => false;
    }
}

using System.Text;
using Parquet;
using Parquet.Schema;
using static Guardrails.Core.Tests.Billing.BillingTestSupport;

namespace Guardrails.Core.Tests.Billing.Reading;

/// <summary>
/// The physical and logical types other writers give cost columns (Spark, BigQuery, Databricks, pandas, AWS and Azure
/// exports): DECIMAL(38,18), timestamps in milliseconds, microseconds, nanoseconds and INT96, with or without UTC,
/// dates, and text as plain BYTE_ARRAY without the UTF8 annotation. Each is read to the same values as the CSV would give.
/// </summary>
public class ParquetValueTypeTests
{
    private static readonly DateTime Start = new(2024, 9, 1, 0, 0, 0, DateTimeKind.Utc);

    [Fact]
    public async Task Decimal_38_18_money_is_read_to_the_last_digit()
    {
        var cost = new DecimalDataField("BilledCost", 38, 18);
        var effective = new DecimalDataField("EffectiveCost", 38, 18);
        var bytes = await WriteAsync(
            Timestamps(new DateTimeDataField("ChargePeriodStart", DateTimeFormat.Timestamp, unit: DateTimeTimeUnit.Micros), 0),
            Timestamps(new DateTimeDataField("ChargePeriodEnd", DateTimeFormat.Timestamp, unit: DateTimeTimeUnit.Micros), 1),
            Column(cost, [0.000000012345678901m, 123456789.123456789012345678m]),
            Column(effective, [-0.5m, 7m]),
            Text("BillingCurrency", "USD", "USD"));

        var result = await ReadAsync(FromBytes("export.parquet", bytes));

        Assert.Equal([0.000000012345678901m, 123456789.123456789012345678m], result.Records.Select(r => r.BilledCost));
        Assert.Equal(123456789.123456801358024579m, Assert.Single(result.Summary.Totals).BilledCost);
        Assert.Equal(6.5m, result.Summary.Totals[0].EffectiveCost);
    }

    [Theory]
    [InlineData(DateTimeFormat.Timestamp, DateTimeTimeUnit.Millis, true)]
    [InlineData(DateTimeFormat.Timestamp, DateTimeTimeUnit.Micros, true)]
    [InlineData(DateTimeFormat.Timestamp, DateTimeTimeUnit.Nanos, true)]
    [InlineData(DateTimeFormat.Timestamp, DateTimeTimeUnit.Micros, false)]
    [InlineData(DateTimeFormat.Impala, DateTimeTimeUnit.Millis, true)]
    [InlineData(DateTimeFormat.DateAndTime, DateTimeTimeUnit.Millis, true)]
    [InlineData(DateTimeFormat.Date, DateTimeTimeUnit.Millis, true)]
    public async Task Charge_periods_of_every_timestamp_kind_are_the_same_utc_days(DateTimeFormat format, DateTimeTimeUnit unit, bool utc)
    {
        var bytes = await WriteAsync(
            Timestamps(new DateTimeDataField("ChargePeriodStart", format, utc, unit), 0),
            Timestamps(new DateTimeDataField("ChargePeriodEnd", format, utc, unit), 1),
            Text("BilledCost", "1.25", "2.5"),
            Text("EffectiveCost", "1.25", "2.5"),
            Text("BillingCurrency", "EUR", "EUR"));

        var result = await ReadAsync(FromBytes("export.parquet", bytes));

        Assert.Equal(2, result.Summary.RowsAccepted);
        Assert.All(result.Records, r => Assert.Equal(TimeSpan.Zero, r.ChargePeriodStart.Offset));
        Assert.Equal([Start, Start.AddDays(1)], result.Records.Select(r => r.ChargePeriodStart.UtcDateTime));
        Assert.Equal([Start.AddDays(1), Start.AddDays(2)], result.Records.Select(r => r.ChargePeriodEnd.UtcDateTime));
    }

    [Fact]
    public async Task Text_written_as_plain_byte_arrays_without_the_utf8_annotation_is_read_as_utf8()
    {
        var bytes = await WriteAsync(
            Timestamps(new DateTimeDataField("ChargePeriodStart", DateTimeFormat.Timestamp), 0),
            Timestamps(new DateTimeDataField("ChargePeriodEnd", DateTimeFormat.Timestamp), 1),
            Bytes("BilledCost", "3.10", "4.20"),
            Bytes("EffectiveCost", "3.10", "4.20"),
            Bytes("BillingCurrency", "CHF", "CHF"),
            Bytes("Tags", "{\"team\":\"zürich\"}", "{\"team\":\"b\"}"));

        var result = await ReadAsync(FromBytes("export.parquet", bytes));

        Assert.Equal(7.30m, Assert.Single(result.Summary.Totals).BilledCost);
        Assert.Equal("CHF", result.Summary.Totals[0].Currency);
        Assert.Equal(["zürich", "b"], result.Records.Select(r => r.Tags["team"]));
    }

    private delegate Task ColumnWriter(ParquetRowGroupWriter group);

    private static (DataField, ColumnWriter) Column(DataField field, decimal[] values) =>
        (field, g => g.WriteAsync<decimal>(field, values.AsMemory()));

    private static (DataField, ColumnWriter) Timestamps(DateTimeDataField field, int days) =>
        (field, g => g.WriteAsync<DateTime>(field, new[] { Start.AddDays(days), Start.AddDays(days + 1) }.AsMemory()));

    private static (DataField, ColumnWriter) Text(string name, params string[] values)
    {
        var field = new DataField<string>(name);
        return (field, g => g.WriteAsync(field, values));
    }

    private static (DataField, ColumnWriter) Bytes(string name, params string[] values)
    {
        var field = new DataField<byte[]>(name);
        return (field, g => g.WriteAsync(field, values.Select(v => (byte[]?)Encoding.UTF8.GetBytes(v)).ToArray()));
    }

    private static async Task<byte[]> WriteAsync(params (DataField Field, ColumnWriter Write)[] columns)
    {
        using var ms = new MemoryStream();
        await using (var writer = await ParquetWriter.CreateAsync(new ParquetSchema(columns.Select(c => c.Field).ToArray()), ms))
        {
            using var group = writer.CreateRowGroup();
            foreach (var (_, write) in columns) await write(group);
        }

        return ms.ToArray();
    }
}

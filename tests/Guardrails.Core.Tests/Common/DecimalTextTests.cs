using System.Text;
using Guardrails.Core.Common;
using Guardrails.Core.Pricing;
using Guardrails.Core.Telemetry;

namespace Guardrails.Core.Tests.Common;

/// <summary>
/// One number parser for every number read as text: what it refuses (a NUL, NaN, Infinity, beyond the decimal range) it
/// names, and the readers that use it (the price snapshot, nvidia-smi CSV and XML, Prometheus) say so with file, line and field.
/// </summary>
public sealed class DecimalTextTests
{
    [Theory]
    [InlineData("0.096", "0.096")]
    [InlineData("7e9", "7000000000")]
    [InlineData("5.64902E-05", "0.0000564902")]
    [InlineData("-0", "0")]
    [InlineData("79228162514264337593543950335", "79228162514264337593543950335")]
    public void A_number_in_the_decimal_range_is_read(string text, string expected)
    {
        Assert.True(DecimalText.TryParse(text, out var value));
        Assert.Equal(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), value);
    }

    [Theory]
    [InlineData("1e400", "is too large: the limit is 79,228,162,514,264,337,593,543,950,335")]
    [InlineData("79228162514264337593543950336", "is too large: the limit is 79,228,162,514,264,337,593,543,950,335")]
    [InlineData("1e30", "is too large: the limit is")]
    [InlineData("-1e400", "is too large a negative number: the limit is -79,228")]
    [InlineData("NaN", "is NaN: not a number")]
    [InlineData("Infinity", "is Infinity: not a number")]
    [InlineData("-Infinity", "is Infinity: not a number")]
    [InlineData("1.5\0", "holds a NUL character")]
    [InlineData("\01.5", "holds a NUL character")]
    [InlineData("", "is empty")]
    [InlineData("0x1F", "is not a number")]
    [InlineData("1,5", "is not a number")]
    public void A_value_that_is_not_a_decimal_is_refused_with_the_reason(string text, string why)
    {
        Assert.False(DecimalText.TryParse(text, out _, out var reason));
        Assert.StartsWith(why, reason, StringComparison.Ordinal);
    }

    private const string Header = "armSkuName,armRegionName,os,priceType,term,unitPrice,unitOfMeasure,currency,effectiveDate,source\n";

    [Theory]
    [InlineData("1e400", "is too large")]
    [InlineData("79228162514264337593543950336", "is too large")]
    [InlineData("NaN", "is NaN")]
    [InlineData("Infinity", "is Infinity")]
    [InlineData("3.5\0", "holds a NUL character")]
    public void A_price_snapshot_unit_price_that_is_not_a_decimal_names_the_file_line_and_field(string price, string why)
    {
        var csv = Header + "Standard_D2s_v5,eastus,Linux,Consumption,,0.096,1 Hour,USD,2026-06-18,x\n" +
                  $"Standard_D2s_v5,westus,Linux,Consumption,,{price},1 Hour,USD,2026-06-18,x\n";

        var e = Assert.Throws<FormatException>(() => SnapshotPriceCatalog.Load(new MemoryStream(Encoding.UTF8.GetBytes(csv)), "prices.csv"));

        Assert.StartsWith("prices.csv, line 3, field 'unitPrice': ", e.Message, StringComparison.Ordinal);
        Assert.Contains(why, e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(Header + "Standard_D2s_v5,eastus,Linux,Consumption,,0.096,1 Hour\n", "prices.csv, line 2: expected 10 values, found 7")]
    [InlineData(Header + "Standard_D2s_v5,eastus,Linux,Consumption,,0.096,1 Hour,USD,2026-06-18,x,extra\n", "prices.csv, line 2: expected 10 values, found 11")]
    [InlineData("armSkuName,armRegionName,priceType,term,unitPrice,unitOfMeasure,currency,effectiveDate,source\n", "prices.csv, line 1, field 'os': no such column")]
    [InlineData("os,armSkuName,armRegionName,os,priceType,term,unitPrice,unitOfMeasure,currency,effectiveDate,source\n", "prices.csv, line 1, field 'os': the column appears 2 times")]
    [InlineData(Header + "Standard_D2s_v5,eastus,1,Consumption,,0.096,1 Hour,USD,2026-06-18,x\n", "prices.csv, line 2, field 'os': '1' is not one of")]
    [InlineData(Header + "Standard_D2s_v5,eastus,Linux,Consumption,,0.096,1 Hour,USD,18/06/2026,x\n", "prices.csv, line 2, field 'effectiveDate'")]
    public void A_price_snapshot_of_another_shape_names_the_file_line_and_field(string csv, string message)
    {
        var e = Assert.Throws<FormatException>(() => SnapshotPriceCatalog.Load(new MemoryStream(Encoding.UTF8.GetBytes(csv)), "prices.csv"));

        Assert.StartsWith(message, e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("5\0 %")]
    [InlineData("5\0\0 %")]
    public void An_nvidia_smi_csv_value_holding_a_NUL_is_quarantined_not_read_as_a_number(string util)
    {
        var csv = "timestamp, index, utilization.gpu [%]\n2026/07/14 08:12:38.696, 0, " + util + "\n";
        var builder = new TelemetryBuilder();

        NvidiaSmiCsvParser.Parse(new StringReader(csv), "h", "push.csv", builder);

        Assert.Equal(0, builder.Samples);
        Assert.StartsWith("push.csv, line 2, field 'utilization.gpu': ", Assert.Single(builder.Quarantined), StringComparison.Ordinal);
    }

    [Fact]
    public void A_prometheus_value_holding_a_NUL_is_an_error_on_its_line_not_a_reading()
    {
        var text = "DCGM_FI_DEV_GPU_UTIL{gpu=\"0\",Hostname=\"n1\"} 5\0 1784066400000\n";
        var builder = new TelemetryBuilder();

        var e = Record.Exception(() => PrometheusTextParser.Parse(new StringReader(text), "n1.prom", DateTimeOffset.UnixEpoch, builder));

        Assert.Equal(0, builder.Samples);
        var problem = e?.Message ?? Assert.Single(builder.Quarantined);
        Assert.Contains("n1.prom, line 1", problem, StringComparison.Ordinal);
        Assert.Contains("NUL", problem, StringComparison.Ordinal);
    }
}

using System.Globalization;
using Guardrails.Core.Billing.Reading;

namespace Guardrails.Core.Tests.Billing;

public class ValueParserTests
{
    [Theory]
    [InlineData("0.00000080000", "0.00000080000")]
    [InlineData("2.000000000000000", "2.000000000000000")]
    [InlineData("-2.50", "-2.50")]
    [InlineData("+7", "7")]
    [InlineData("5.64902E-05", "0.0000564902")]
    [InlineData("1.42949E-05", "0.0000142949")]
    [InlineData("1e3", "1000")]
    [InlineData("0.0000000072922557592391990000", "0.0000000072922557592391990000")]
    [InlineData("12345678901234567890.5", "12345678901234567890.5")]
    [InlineData(" 3.5 ", "3.5")]
    [InlineData(".5", "0.5")]
    [InlineData("-0", "0")]
    public void Parses_decimals_as_exports_write_them(string text, string expected)
    {
        Assert.True(ValueParser.TryParseDecimal(text, out var value));
        Assert.Equal(decimal.Parse(expected, NumberStyles.Float, CultureInfo.InvariantCulture), value);
    }

    [Fact]
    public void Fast_path_keeps_the_scale_of_the_text()
    {
        Assert.True(ValueParser.TryParseDecimal("0.00000080000", out var value));
        Assert.Equal("0.00000080000", value.ToString(CultureInfo.InvariantCulture));
    }

    [Theory]
    [InlineData("")]
    [InlineData("-")]
    [InlineData(".")]
    [InlineData("1,5")]
    [InlineData("1.2.3")]
    [InlineData("NaN")]
    [InlineData("Infinity")]
    [InlineData("1e400")]
    [InlineData("0x10")]
    [InlineData("$5")]
    public void Rejects_what_is_not_a_number(string text) => Assert.False(ValueParser.TryParseDecimal(text, out _));

    [Fact]
    public void Fast_path_agrees_with_decimal_Parse_on_random_values()
    {
        var random = new Random(42);
        for (var i = 0; i < 20_000; i++)
        {
            var d = new decimal(random.Next(), random.Next(), random.Next(0, 3), random.Next(2) == 0, (byte)random.Next(0, 20));
            var text = d.ToString(CultureInfo.InvariantCulture);
            Assert.True(ValueParser.TryParseDecimal(text, out var parsed), text);
            Assert.Equal(d, parsed);
        }
    }

    [Theory]
    [InlineData("2024-09-01 00:00:00", "2024-09-01T00:00:00Z")]
    [InlineData("2024-09-18 23:00:00", "2024-09-18T23:00:00Z")]
    [InlineData("2024-09-01T00:00:00Z", "2024-09-01T00:00:00Z")]
    [InlineData("2024-09-01T00:00:00", "2024-09-01T00:00:00Z")]
    [InlineData("2024-09-01T00:00:00.0000000Z", "2024-09-01T00:00:00Z")]
    [InlineData("2024-09-01T10:30:15.25Z", "2024-09-01T10:30:15.25Z")]
    [InlineData("2024-09-01T02:00:00+02:00", "2024-09-01T00:00:00Z")]
    [InlineData("2024-09-01T00:00Z", "2024-09-01T00:00:00Z")]
    [InlineData("2024-09-01", "2024-09-01T00:00:00Z")]
    [InlineData("09/21/2023", "2023-09-21T00:00:00Z")]
    [InlineData("9/2/2023", "2023-09-02T00:00:00Z")]
    [InlineData("5/1/25", "2025-05-01T00:00:00Z")]
    [InlineData("9/2/2023 12:00:00 AM", "2023-09-02T00:00:00Z")]
    [InlineData("9/2/2023 1:30:00 PM", "2023-09-02T13:30:00Z")]
    public void Parses_dates_as_UTC(string text, string expected)
    {
        Assert.True(ValueParser.TryParseDate(text, out var value), text);
        Assert.Equal(DateTimeOffset.Parse(expected, CultureInfo.InvariantCulture), value);
        Assert.Equal(TimeSpan.Zero, value.Offset);
    }

    [Theory]
    [InlineData("2024-13-01")]
    [InlineData("2024-02-30 00:00:00")]
    [InlineData("2023-02-01T30:00:00Z")]
    [InlineData("2024-09-01 00:00:00 junk")]
    [InlineData("21/09/2023")]
    [InlineData("NULL")]
    [InlineData("")]
    public void Rejects_impossible_dates(string text) => Assert.False(ValueParser.TryParseDate(text, out _));

    [Theory]
    [InlineData("", true)]
    [InlineData("NULL", true)]
    [InlineData("null", true)]
    [InlineData("  ", true)]
    [InlineData("Null", true)]
    [InlineData("NULLS", false)]
    [InlineData("0", false)]
    public void Null_tokens(string text, bool isNull) => Assert.Equal(isNull, ValueParser.IsNull(text));

    [Theory]
    [InlineData("15/01/2024", true)]
    [InlineData("31/1/24", true)]
    [InlineData(" 13/12/2024 10:00:00 ", true)]
    [InlineData("01/15/2024", false)] // month first, a valid date
    [InlineData("02/30/2024", false)] // month first, an impossible day: not a sign of day-first order
    [InlineData("13/13/2024", false)]
    [InlineData("32/01/2024", false)]
    [InlineData("15/01/202", false)]
    [InlineData("2024-01-15", false)]
    [InlineData("15/01/2024x", false)]
    public void Tells_a_date_that_can_only_be_day_first(string text, bool dayFirst) =>
        Assert.Equal(dayFirst, ValueParser.IsDayFirstDate(text));

    [Theory]
    [InlineData("$10,100.00 ", "not a decimal number: it holds the currency symbol '$'")]
    [InlineData("€5", "not a decimal number: it holds the currency symbol '€'")]
    [InlineData("12.50 £", "not a decimal number: it holds the currency symbol '£'")]
    [InlineData("(1.50)", "not a decimal number: parentheses for a negative amount")]
    [InlineData("1,5", "not a decimal number: it holds a ','")]
    [InlineData("1,500.00", "not a decimal number: it holds a ','")]
    [InlineData("12%", "not a decimal number: a percentage")]
    public void Says_what_a_spreadsheet_wrote_into_a_number(string text, string reason)
    {
        Assert.False(ValueParser.TryParseDecimal(text, out _));
        Assert.StartsWith(reason, ValueParser.NotANumberReason(text));
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("NaN")]
    [InlineData("1.5 x")]
    public void Other_values_that_are_not_numbers_keep_the_plain_reason(string text) =>
        Assert.Equal("not a decimal number", ValueParser.NotANumberReason(text));

    [Theory]
    [InlineData("2024/01/15", 15, 0)]
    [InlineData("2024/1/5", 5, 0)]
    [InlineData("2024/01/15 13:30", 15, 13)]
    [InlineData("2024/01/15 0:00:00", 15, 0)]
    public void Reads_year_first_slash_dates_as_east_asian_spreadsheets_save_them(string text, int day, int hour)
    {
        Assert.True(ValueParser.TryParseDate(text, out var value));
        Assert.Equal((2024, 1, day, hour, TimeSpan.Zero), (value.Year, value.Month, value.Day, value.Hour, value.Offset));
    }

    [Theory]
    [InlineData("2024/15/01")]
    [InlineData("2024/02/30")]
    public void Year_first_slash_dates_that_do_not_exist_are_not_dates(string text) =>
        Assert.False(ValueParser.TryParseDate(text, out _));
}

public class TagParserTests
{
    [Fact]
    public void Parses_FOCUS_json_with_stray_space_keys_first_non_empty_wins()
    {
        var tags = TagParser.Parse("{\"env\": \"prod\", \"org\": \"\", \" org\": \"trey\", \"Org\": \"other\"}", null);

        Assert.Equal(2, tags.Count);
        Assert.Equal("trey", tags["ORG"]);
        Assert.Equal("prod", tags["env"]);
    }

    [Fact]
    public void Parses_legacy_tags_without_braces()
    {
        var tags = TagParser.Parse("\"CostCenter\": \"1234\",\"env\": \"prod\",\"org\": \"\"", null);

        Assert.Equal("1234", tags["costcenter"]);
        Assert.Equal("prod", tags["env"]);
        Assert.Equal("", tags["org"]);
    }

    [Fact]
    public void Unescapes_json_strings_and_keeps_scalar_values_as_text()
    {
        var tags = TagParser.Parse("{\"a\\\"b\": \"x\\n\\u00e9\\\\\", \"n\": 5, \"t\": true, \"z\": null}", null);

        Assert.Equal("x\n\u00e9\\", tags["a\"b"]);
        Assert.Equal("5", tags["n"]);
        Assert.Equal("true", tags["t"]);
        Assert.Equal("", tags["z"]);
    }

    [Theory]
    [InlineData("")]
    [InlineData("{}")]
    [InlineData("  { }  ")]
    public void Empty_tags(string text) => Assert.Empty(TagParser.Parse(text, null));

    [Theory]
    [InlineData("{\"a\": \"b\"")]
    [InlineData("{\"a\" \"b\"}")]
    [InlineData("{\"a\": [1]}")]
    [InlineData("{a: \"b\"}")]
    [InlineData("{\"a\": \"b\",}")]
    [InlineData("\"a\": \"b\" \"c\": \"d\"")]
    [InlineData("{\"a\": \"b}")]
    [InlineData("{\"a\": bare}")]
    public void Malformed_tags_throw_FormatException(string text) =>
        Assert.Throws<FormatException>(() => TagParser.Parse(text, null));

    [Fact]
    public void Parses_google_cloud_labels_as_a_list_of_key_value_objects()
    {
        var tags = TagParser.Parse("[{\"key\": \"team\", \"value\": \"vision\"}, {\"Key\": \" env \", \"inherited\": false, \"Value\": \"prod\", \"namespace\": \"\"}]", null);

        Assert.Equal(2, tags.Count);
        Assert.Equal("vision", tags["TEAM"]);
        Assert.Equal("prod", tags["env"]);
        Assert.Empty(TagParser.Parse(" [ ] ", null));
        Assert.Equal(["team"], TagParser.Parse("[{\"key\":\"team\",\"value\":\"a\"},{\"key\":\"env\",\"value\":\"b\"}]", new HashSet<string>(["team"])).Keys);
    }

    [Theory]
    [InlineData("[{\"key\": \"team\"}]")]
    [InlineData("[{}]")]
    [InlineData("[{\"key\": \"team\", \"value\": \"a\",}]")]
    [InlineData("[{\"key\": \"team\", \"value\": \"a\"},]")]
    [InlineData("[{\"key\": \"team\", \"value\": {\"x\": 1}}]")]
    [InlineData("[\"team\"]")]
    [InlineData("[{\"key\": \"team\", \"value\": \"a\"}")]
    [InlineData("[{\"key\": \"team\", \"value\": \"a\"}] x")]
    public void Malformed_label_lists_throw_FormatException(string text) =>
        Assert.Throws<FormatException>(() => TagParser.Parse(text, null));

    [Fact]
    public void Finds_service_type_in_additional_info()
    {
        const string json = "{\"UsageType\":\"ComputeHR\",\"ImageType\":\"Canonical\",\"ServiceType\":\"Standard_DS2_v2\",\"VMName\":\"x\"}";
        Assert.Equal("Standard_DS2_v2", TagParser.FindStringValue(json, "ServiceType").ToString());
        Assert.Equal("", TagParser.FindStringValue("{\"XServiceType\":\"a\"}", "ServiceType").ToString());
        Assert.Equal("", TagParser.FindStringValue("{\"ServiceType\": 5}", "ServiceType").ToString());
        Assert.Equal("b", TagParser.FindStringValue("{\"note\":\"ServiceType\", \"ServiceType\" : \"b\"}", "ServiceType").ToString());
    }
}

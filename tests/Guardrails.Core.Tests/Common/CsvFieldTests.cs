using Guardrails.Core.Common;

namespace Guardrails.Core.Tests.Common;

public class CsvFieldTests
{
    [Theory]
    [InlineData("=HYPERLINK(\"https://e.vil\",\"open\")", "\"'=HYPERLINK(\"\"https://e.vil\"\",\"\"open\"\")\"")]
    [InlineData("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0")]
    [InlineData("-2+3", "'-2+3")]
    [InlineData("@SUM(A1:A9)", "'@SUM(A1:A9)")]
    [InlineData("\t=1", "'\t=1")]
    [InlineData("\r=1", "\"'\r=1\"")]
    public void A_text_a_spreadsheet_would_run_as_a_formula_gets_an_apostrophe(string value, string field) =>
        Assert.Equal(field, CsvField.Of(value));

    [Theory]
    [InlineData("-12.5")]
    [InlineData("+3")]
    [InlineData("-1E+3")]
    [InlineData("vision")]
    [InlineData("2026-11-01")]
    [InlineData("a=b")]
    public void Numbers_and_ordinary_text_are_written_as_they_are(string value) => Assert.Equal(value, CsvField.Of(value));

    [Theory]
    [InlineData("a,b", "\"a,b\"")]
    [InlineData("say \"hi\"", "\"say \"\"hi\"\"\"")]
    [InlineData("two\nlines", "\"two\nlines\"")]
    [InlineData(null, "")]
    [InlineData("", "")]
    public void Fields_with_a_separator_quote_or_line_break_are_quoted_with_quotes_doubled(string? value, string field) =>
        Assert.Equal(field, CsvField.Of(value));
}

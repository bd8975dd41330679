using System.Text;
using Guardrails.Infrastructure.Exports;

namespace Guardrails.Infrastructure.Tests.Exports;

public sealed class CsvPartSplitterTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("guardrails-split-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Write(string text)
    {
        var path = Path.Combine(_dir, "export.csv");
        File.WriteAllText(path, text, new UTF8Encoding(false));
        return path;
    }

    [Fact]
    public void Parts_hold_whole_records_with_the_header_and_together_are_the_file()
    {
        var header = "BilledCost,Tags,ServiceName\n";
        var rows = Enumerable.Range(0, 200).Select(i => i % 7 == 0
            ? $"{i}.5,\"{{\"\"team\"\": \"\"a\nb\"\"}}\",Svc {i}\n" // a newline inside a quoted field
            : $"{i}.25,\"{{\"\"team\"\": \"\"t{i % 3}\"\"}}\",Svc {i}\n").ToList();
        var path = Write(header + string.Concat(rows));

        var parts = CsvPartSplitter.Split(path, 4, Path.Combine(_dir, "parts"));

        Assert.Equal(["part_0_0001.csv", "part_0_0002.csv", "part_0_0003.csv", "part_0_0004.csv"], parts.Select(p => p.FileName));
        var texts = parts.Select(p => File.ReadAllText(p.Path)).ToList();
        Assert.All(texts, t => Assert.StartsWith(header, t, StringComparison.Ordinal));
        Assert.Equal(string.Concat(rows), string.Concat(texts.Select(t => t[header.Length..])));
        Assert.Equal(200, parts.Sum(p => p.DataRowCount));
        // Each part ends at a record end: its data is a whole number of the original rows.
        var offset = 0;
        foreach (var (part, text) in parts.Zip(texts))
        {
            Assert.Equal(string.Concat(rows.Skip(offset).Take((int)part.DataRowCount)), text[header.Length..]);
            offset += (int)part.DataRowCount;
        }
        Assert.All(parts, p => Assert.InRange(p.DataRowCount, 35, 65)); // about a quarter each
    }

    [Fact]
    public void A_last_record_without_a_line_end_is_ended_and_counted()
    {
        var parts = CsvPartSplitter.Split(Write("A,B\n1,2\n3,4"), 1, Path.Combine(_dir, "parts"));

        var part = Assert.Single(parts);
        Assert.Equal(2, part.DataRowCount);
        Assert.Equal("A,B\n1,2\n3,4\n", File.ReadAllText(part.Path));
    }

    [Fact]
    public void More_parts_than_rows_gives_one_part_per_row()
    {
        var parts = CsvPartSplitter.Split(Write("A,B\n1,2\n3,4\n"), 8, Path.Combine(_dir, "parts"));

        Assert.Equal([1L, 1L], parts.Select(p => p.DataRowCount));
    }

    [Fact]
    public void A_quote_never_closed_is_an_error_naming_the_file()
    {
        var path = Write("A,B\n1,2\n1,\"open\n2,3\n");

        var e = Assert.Throws<InvalidDataException>(() => CsvPartSplitter.Split(path, 2, Path.Combine(_dir, "parts")));

        Assert.Equal($"{path}: line 3: a quoted field is never closed (the file ends inside it).", e.Message);
    }

    [Fact]
    public void A_file_without_a_header_record_is_an_error_naming_the_file_and_line()
    {
        var path = Write("\"A,B");

        var e = Assert.Throws<InvalidDataException>(() => CsvPartSplitter.Split(path, 2, Path.Combine(_dir, "parts")));

        Assert.Contains(path, e.Message, StringComparison.Ordinal);
        Assert.Contains("line 1", e.Message, StringComparison.Ordinal);
    }
}

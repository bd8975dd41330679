using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Guardrails.Core.Telemetry;

namespace Guardrails.Core.Tests.Telemetry;

public sealed class BoundedLineReaderTests
{
    private static List<string> All(Func<string?> read)
    {
        var lines = new List<string>();
        for (var l = read(); l is not null; l = read()) lines.Add(l);
        return lines;
    }

    [Property(MaxTest = 500)]
    public Property Lines_are_those_of_TextReader_ReadLine_for_any_mix_of_LF_CRLF_and_CR()
    {
        var piece = Gen.Elements("a", "b c", "", "\n", "\r", "\r\n", "\n\r", "x,y", "ü");
        var gen = from count in Gen.Choose(0, 40)
                  from pieces in Gen.ArrayOf(piece, count)
                  from bufferSplit in Gen.Choose(1, 5)
                  select string.Concat(pieces);
        return Prop.ForAll(gen.ToArbitrary(), text =>
        {
            var expected = All(new StringReader(text).ReadLine);
            var reader = new BoundedLineReader(new StringReader(text), "t.txt");
            var actual = All(reader.ReadLine);
            return (expected.SequenceEqual(actual) && reader.LineNumber == expected.Count)
                .Label($"{System.Text.Json.JsonSerializer.Serialize(text)}: {string.Join("|", actual)}");
        });
    }

    [Fact]
    public void A_CR_at_the_end_of_one_buffer_and_LF_at_the_start_of_the_next_is_one_line_end()
    {
        var first = new string('a', 16 * 1024 - 1) + "\r";
        var text = first + "\nsecond\n";

        var lines = All(new BoundedLineReader(new StringReader(text), "t.txt").ReadLine);

        Assert.Equal([first[..^1], "second"], lines);
    }

    [Fact]
    public void A_line_longer_than_the_bound_is_a_format_error_on_its_line()
    {
        var text = "short\n" + new string('9', 5000) + "\nafter\n";
        var reader = new BoundedLineReader(new StringReader(text), "big.prom", maxLineChars: 4096);

        Assert.Equal("short", reader.ReadLine());
        var e = Assert.Throws<TelemetryFormatException>(() => reader.ReadLine());

        Assert.Equal(2, e.Line);
        Assert.Equal("big.prom", e.SourceName);
    }

    [Theory]
    [InlineData("h.prom", "# HELP DCGM_FI_DEV_GPU_UTIL GPU utilization (in %).\nDCGM_FI_DEV_GPU_UTIL{gpu=\"0\",Hostname=\"h\"} 5 ")]
    [InlineData("h.nvidia-smi.csv", "timestamp, index, utilization.gpu [%]\n2026/07/14 08:00:00.000, 0, 5 %, ")]
    public void A_telemetry_file_of_one_endless_line_is_quarantined_and_the_other_files_are_read(string name, string start)
    {
        var dir = Directory.CreateTempSubdirectory("guardrails-telemetry-").FullName;
        try
        {
            using (var w = File.CreateText(Path.Combine(dir, name)))
            {
                w.Write(start);
                w.Write(new string('7', BoundedLineReader.MaxLineChars + 10));
            }
            File.WriteAllText(Path.Combine(dir, "other.prom"), "DCGM_FI_DEV_GPU_UTIL{gpu=\"0\",Hostname=\"other\"} 3 1784066400000\n");

            var set = TelemetryFiles.Read(dir);

            Assert.Contains(set.Quarantined, q => q.StartsWith(name, StringComparison.Ordinal) && q.Contains("line 2: line longer than", StringComparison.Ordinal));
            Assert.NotNull(set.Find("other"));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}

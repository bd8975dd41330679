using System.Globalization;
using System.Text;
using Guardrails.Core.Telemetry;

namespace Guardrails.Core.Tests.Telemetry;

/// <summary>
/// <c>nvidia-smi -q -x -l 60 &gt;&gt; gpu.xml</c> grows by gigabytes a month: the parser reads it as a stream, one
/// bounded snapshot at a time, never the whole file (which would end in OutOfMemoryException, not a quarantine).
/// </summary>
public sealed class NvidiaSmiXmlStreamingTests
{
    /// <summary>Serves text only through Read(buffer): reading it whole is the defect this class guards against.</summary>
    private sealed class StreamOnlyReader(IEnumerable<string> parts) : TextReader
    {
        private readonly IEnumerator<string> _parts = parts.GetEnumerator();
        private string _current = "";
        private int _pos;

        public long CharsServed { get; private set; }

        public override int Read(char[] buffer, int index, int count)
        {
            while (_pos == _current.Length)
            {
                if (!_parts.MoveNext()) return 0;
                (_current, _pos) = (_parts.Current, 0);
            }
            var n = Math.Min(count, _current.Length - _pos);
            _current.CopyTo(_pos, buffer, index, n);
            _pos += n;
            CharsServed += n;
            return n;
        }

        public override string ReadToEnd() => throw new InvalidOperationException("the whole file was read into one string");
    }

    private static readonly string s_t4 = File.ReadAllText(TelemetryFilesHostileInputTests.Fixture("nvidia-smi-q-x_telegraf_tesla-t4.xml"));

    private static string Snapshot(int minute) => s_t4.Replace("Mon Apr 24 16:22:39 2023",
        new DateTime(2023, 4, 24, 16, 22, 39).AddMinutes(minute).ToString("ddd MMM d HH:mm:ss yyyy", CultureInfo.InvariantCulture), StringComparison.Ordinal);

    [Theory]
    [InlineData(1)]
    [InlineData(500)]
    public void Appended_snapshots_are_read_one_at_a_time_never_the_whole_file(int snapshots)
    {
        var reader = new StreamOnlyReader(Enumerable.Range(0, snapshots).Select(Snapshot));
        var builder = new TelemetryBuilder();

        NvidiaSmiXmlParser.Parse(reader, "host1", "gpu.xml", builder);

        Assert.Equal(snapshots, Assert.Single(builder.Build().Find("host1")!.Gpus.Values).Readings.Count);
        Assert.Empty(builder.Quarantined);
        Assert.Equal(snapshots * (long)s_t4.Length, reader.CharsServed);
    }

    [Fact]
    public void A_snapshot_longer_than_the_bound_is_quarantined_on_its_line_and_the_next_one_is_read()
    {
        var line = new string('x', 512 * 1024) + "\n";
        var huge = Snapshot(0).Replace("<product_name>", "<product_name>" + string.Concat(Enumerable.Repeat(line, 40)), StringComparison.Ordinal);
        var builder = new TelemetryBuilder();

        NvidiaSmiXmlParser.Parse(new StreamOnlyReader([huge, Snapshot(1)]), "host1", "gpu.xml", builder);

        Assert.Single(Assert.Single(builder.Build().Find("host1")!.Gpus.Values).Readings);
        var problem = Assert.Single(builder.Quarantined);
        Assert.StartsWith("gpu.xml, line 3: snapshot longer than 16,777,216 characters", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Snapshots_appended_on_one_line_are_each_read()
    {
        var oneLine = string.Concat(Enumerable.Range(0, 3).Select(i => Snapshot(i).Replace("\n", "", StringComparison.Ordinal)));
        var builder = new TelemetryBuilder();

        NvidiaSmiXmlParser.Parse(new StringReader(oneLine), "host1", "gpu.xml", builder);

        Assert.Equal(3, Assert.Single(builder.Build().Find("host1")!.Gpus.Values).Readings.Count);
    }

    /// <summary>A stream that says it is larger than the bound (its bytes are never read).</summary>
    private sealed class HugeStream() : MemoryStream(new byte[16])
    {
        public override long Length => TelemetryDocuments.MaxJsonBytes + 1;
    }

    [Fact]
    public void A_query_range_file_beyond_the_bound_is_refused_before_it_is_parsed()
    {
        var e = Assert.Throws<TelemetryFormatException>(() =>
            TelemetryDocuments.Parse(TelemetryFormat.PrometheusQueryRange, new HugeStream(), "h", "big.json", DateTimeOffset.UnixEpoch, new TelemetryBuilder()));

        Assert.StartsWith("big.json: a query_range answer larger than 256 MB", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("\n")]
    public void A_snapshot_cut_at_the_end_of_the_file_is_quarantined_on_the_line_it_was_cut(string ending)
    {
        var xml = "<nvidia_smi_log><timestamp>Fri Aug  4 11:44:30 2023</timestamp>\n<gpu id=\"0\"><utilization>" + ending;
        var builder = new TelemetryBuilder();

        NvidiaSmiXmlParser.Parse(new StringReader(xml), "host1", "gpu.xml", builder);

        Assert.StartsWith("gpu.xml, line 2: not well-formed XML (the snapshot that starts on line 1)", Assert.Single(builder.Quarantined), StringComparison.Ordinal);
    }
}

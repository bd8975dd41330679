using Guardrails.Core.Telemetry;

namespace Guardrails.Core.Tests.Telemetry;

public sealed class NvidiaSmiXmlParserTests
{
    private static string Real(string name) => File.ReadAllText(TelemetryParserTests.Fixture("nvidia-smi-q-x_" + name));

    private static (TelemetrySet Set, IReadOnlyList<string> Quarantined) Read(string xml)
    {
        var builder = new TelemetryBuilder();
        NvidiaSmiXmlParser.Parse(new StringReader(xml), "host1", "gpu.xml", builder);
        var set = builder.Build();
        return (set, set.Quarantined);
    }

    [Theory]
    [InlineData("telegraf_tesla-t4.xml", "0", "Tesla T4", 2023, 4, 24, 16, 22, 39, 0.0, 1032, 15360, 26.78)]
    [InlineData("telegraf_a10g.xml", "0", "NVIDIA A10G", 2023, 4, 24, 16, 11, 51, 0.0, 22, 23028, 25.58)]
    [InlineData("telegraf_a100-sxm4-v12.xml", "1", "NVIDIA A100-SXM4-80GB", 2023, 8, 4, 11, 44, 30, null, 50, 81920, 67.03)]
    public void Real_nvidia_smi_xml_snapshots_are_read_as_one_reading_per_gpu(string file, string gpuId, string model,
        int year, int month, int day, int hour, int minute, int second, double? utilization, int usedMiB, int totalMiB, double watts)
    {
        var (set, quarantined) = Read(Real(file));

        Assert.Empty(quarantined);
        var gpu = Assert.Single(set.Find("host1")!.Gpus.Values);
        Assert.Equal((gpuId, model), (gpu.GpuId, gpu.Model));
        var reading = Assert.Single(gpu.Readings);
        Assert.Equal(new DateTimeOffset(year, month, day, hour, minute, second, TimeSpan.Zero), reading.Timestamp);
        // The A100 has MIG enabled: its gpu_util is N/A, which is unknown (never 0 %); memory is the GPU's own, not a MIG device's.
        Assert.Equal(((decimal?)utilization, (decimal?)usedMiB, (decimal?)totalMiB, (decimal?)watts),
            (reading.UtilizationPercent, reading.MemoryUsedMiB, reading.MemoryTotalMiB, reading.PowerWatts));
    }

    [Fact]
    public void Appended_snapshots_are_a_series_and_a_cut_last_one_is_quarantined_on_its_line()
    {
        var first = Real("telegraf_tesla-t4.xml");
        var second = first.Replace("Mon Apr 24 16:22:39 2023", "Mon Apr 24 16:23:39 2023", StringComparison.Ordinal)
            .Replace("<gpu_util>0 %</gpu_util>", "<gpu_util>97 %</gpu_util>", StringComparison.Ordinal);
        var cut = first[..(first.Length / 2)];
        var xml = first + second + cut;

        var (set, quarantined) = Read(xml);

        var readings = Assert.Single(set.Find("host1")!.Gpus.Values).Readings;
        Assert.Equal([0m, 97m], readings.Select(r => r.UtilizationPercent));
        var problem = Assert.Single(quarantined);
        var cutStart = 1 + (first + second).Count(c => c == '\n') + 2; // <?xml?> and DOCTYPE come first, the snapshot after them
        var cutEnd = 1 + (first + second + cut).Count(c => c == '\n');
        Assert.StartsWith($"gpu.xml, line {cutEnd}: not well-formed XML (the snapshot that starts on line {cutStart})", problem, StringComparison.Ordinal);
        Assert.EndsWith("(snapshot quarantined)", problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("<gpu_util>0 %</gpu_util>", "<gpu_util>abc %</gpu_util>", "field 'utilization/gpu_util'")]
    [InlineData("<used>1032 MiB</used>", "<used>1 GiB</used>", "field 'fb_memory_usage/used'")]
    [InlineData("<gpu_util>0 %</gpu_util>", "<gpu_util>-5 %</gpu_util>", null)]
    public void A_value_that_is_not_a_reading_leaves_the_gpu_without_one(string from, string to, string? field)
    {
        var (set, quarantined) = Read(Real("telegraf_tesla-t4.xml").Replace(from, to, StringComparison.Ordinal));

        var gpus = set.Find("host1")?.Gpus.Values.ToList() ?? [];
        Assert.DoesNotContain(gpus.SelectMany(g => g.Readings), r => r.UtilizationPercent == 0m);
        if (field is not null) Assert.Contains(quarantined, q => q.Contains(field, StringComparison.Ordinal) && q.Contains("line ", StringComparison.Ordinal));
    }

    [Fact]
    public void Entities_are_never_expanded_nor_files_read_through_them()
    {
        var xxe = """
            <?xml version="1.0"?>
            <!DOCTYPE nvidia_smi_log [<!ENTITY secret SYSTEM "file:///etc/hostname"><!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>
            <nvidia_smi_log>
              <timestamp>Mon Apr 24 16:22:39 2023</timestamp>
              <gpu id="00000000:00:1E.0"><product_name>&secret;&b;</product_name><minor_number>0</minor_number></gpu>
            </nvidia_smi_log>
            """;

        var (set, quarantined) = Read(xxe);

        Assert.Empty(set.Hosts);
        Assert.StartsWith("gpu.xml, line 5: not well-formed XML (the snapshot that starts on line 3): Reference to undeclared entity", Assert.Single(quarantined), StringComparison.Ordinal);
    }

    [Fact]
    public void A_timestamp_that_is_not_nvidia_smi_s_quarantines_its_snapshot_with_the_line()
    {
        var (set, quarantined) = Read(Real("telegraf_tesla-t4.xml").Replace("Mon Apr 24 16:22:39 2023", "yesterday", StringComparison.Ordinal));

        Assert.Empty(set.Hosts);
        Assert.StartsWith("gpu.xml, line 4, field 'timestamp': 'yesterday'", Assert.Single(quarantined), StringComparison.Ordinal);
    }

    [Fact]
    public void An_xml_file_in_a_telemetry_folder_is_read_for_the_host_of_its_name_and_one_that_is_not_nvidia_smi_is_quarantined()
    {
        var dir = Directory.CreateTempSubdirectory("xml-telemetry-");
        try
        {
            File.WriteAllText(Path.Combine(dir.FullName, "gpu-node-7.nvidia-smi.xml"), Real("telegraf_a10g.xml"));
            File.WriteAllText(Path.Combine(dir.FullName, "other.xml"), "<project><name>not telemetry</name></project>");

            var set = TelemetryFiles.Read(dir.FullName);

            Assert.Equal("NVIDIA A10G", Assert.Single(set.Find("gpu-node-7")!.Gpus.Values).Model);
            Assert.Contains(set.Quarantined, q => q.StartsWith("other.xml: no <nvidia_smi_log> snapshot", StringComparison.Ordinal));
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }
}

using Guardrails.Core.Telemetry;
using Xunit.Abstractions;

namespace Guardrails.Core.Tests.Telemetry;

/// <summary>
/// Every kind of recorded telemetry file the CLI reads (nvidia-smi CSV and -q -x XML, Prometheus exposition, query_range
/// JSON), damaged in every way <see cref="HostileFiles"/> knows: the folder is read, and the damaged file's problems are
/// quarantined naming it (never an exception, never a silent nothing).
/// </summary>
public sealed class TelemetryFilesHostileInputTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData("nvidia-smi_h100_idle_query-gpu.csv", "gpu-host.nvidia-smi.csv")]
    [InlineData("nvidia-smi-q-x_telegraf_a10g.xml", "gpu-host.nvidia-smi.xml")]
    [InlineData("dcgm-exporter_datadog_metrics.txt", "gpu-host.dcgm.txt")]
    [InlineData("nvidia_gpu_exporter_linux-x86_64__nvidia-h200__590.48.01__load.metrics", "gpu-host.exporter.metrics")]
    [InlineData("query_range.json", "gpu-host.query_range.json")]
    public async Task A_damaged_telemetry_file_is_read_or_quarantined_by_name(string fixture, string name)
    {
        using var folder = new HostileFiles.TempFolder();
        var seed = fixture == "query_range.json" ? System.Text.Encoding.UTF8.GetBytes(QueryRange) : await File.ReadAllBytesAsync(Fixture(fixture));
        await HostileFiles.CheckAsync(seed, v =>
        {
            folder.Write(name, v.Bytes);
            var set = TelemetryFiles.Read(folder.Path);
            var unnamed = set.Quarantined.Where(q => !q.StartsWith(name, StringComparison.Ordinal)).ToList();
            if (unnamed.Count > 0) throw new InvalidOperationException("quarantined without the file's name: " + unnamed[0]);
        }, _ => false, output, seedNo: name.Length);
    }

    /// <summary>A Prometheus HTTP API query_range answer of two dcgm-exporter series (the shape of its documented example).</summary>
    private const string QueryRange = """
        {"status":"success","data":{"resultType":"matrix","result":[
          {"metric":{"__name__":"DCGM_FI_PROF_GR_ENGINE_ACTIVE","gpu":"0","Hostname":"n1"},"values":[[1784066400,"0.01"],[1784066460.5,"0.9"]]},
          {"metric":{"__name__":"DCGM_FI_DEV_FB_USED","gpu":"0","Hostname":"n1"},"values":[[1784066400,"10"]]}
        ]}}
        """;

    internal static string Fixture(string name)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var path = Path.Combine(dir.FullName, "samples", "telemetry", "fixtures", name);
            if (File.Exists(path)) return path;
        }
        throw new FileNotFoundException(name);
    }
}

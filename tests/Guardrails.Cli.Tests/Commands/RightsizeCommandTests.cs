using System.Globalization;
using System.Text;
using System.Text.Json;
using Guardrails.Cli.Commands;
using Guardrails.Cli.Commands.Rightsize;
using Guardrails.Testing;
using Spectre.Console;

namespace Guardrails.Cli.Tests.Commands;

[Collection(ConsoleCaptureCollection.Name)]
public sealed class RightsizeCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("rightsize-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Config(string yaml)
    {
        var path = Path.Combine(_dir, "guardrails.yaml");
        File.WriteAllText(path, yaml);
        return path;
    }

    private static async Task<(int Code, string Json, string Console)> Run(RightsizeCommand.Settings settings)
    {
        using var json = new StringWriter();
        using var text = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(text) });
        console.Profile.Width = 4096;
        using var errors = new StringWriter();
        var code = await RightsizeCommand.RunAsync(settings, console, json, stderr: errors);
        return (code, json.ToString(), text.ToString() + errors.ToString()); // the console text, then what went to stderr
    }

    [Fact]
    public async Task A_quiet_a100_recorded_by_nvidia_smi_gets_a_t4_with_the_saving_in_json()
    {
        var csv = new StringBuilder("timestamp, name, index, utilization.gpu [%], memory.used [MiB], memory.total [MiB], power.draw [W]\n");
        var start = new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);
        for (var i = 0; i < 14 * 48; i++)
        {
            var busy = i % 12 == 0; // one reading in 12 busy: ~8 %
            csv.Append(CultureInfo.InvariantCulture, $"{start.AddMinutes(30 * i):yyyy/MM/dd HH:mm:ss}.010, NVIDIA A100 80GB PCIe, 0, {(busy ? 90 : 0)} %, {(busy ? 6144 : 1024)} MiB, 81920 MiB, 80.00 W\n");
        }
        File.WriteAllText(Path.Combine(_dir, "dev-a100.nvidia-smi.csv"), csv.ToString());
        File.WriteAllText(Path.Combine(_dir, "inventory.yaml"), """
            machines:
              - resourceId: /subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/ml/providers/Microsoft.Compute/virtualMachines/dev-a100
                vmSize: Standard_NC24ads_A100_v4
                location: eastus
                tags: { team: speech }
            """);
        var config = Config("rightsizing:\n  sampleInterval: 30m\n");

        var (code, json, _) = await Run(new() { Telemetry = _dir, Config = config, Json = true, At = "2026-11-15T00:00:00Z" });

        Assert.Equal(0, code);
        var item = JsonDocument.Parse(json).RootElement.EnumerateArray().Single();
        Assert.Equal("Standard_NC24ads_A100_v4", item.GetProperty("currentSize").GetString());
        Assert.Equal("Standard_NC4as_T4_v3", item.GetProperty("recommendedSize").GetString());
        Assert.Equal((3.673m - 0.526m) * 730m, item.GetProperty("monthlySavings").GetDecimal()); // the snapshot's East US on-demand prices
        Assert.Equal("USD", item.GetProperty("currency").GetString());
        Assert.Equal(6m, item.GetProperty("evidence").GetProperty("peakMemoryGiB").GetDecimal());
        Assert.Equal(100m, item.GetProperty("evidence").GetProperty("coveragePercent").GetDecimal());
        Assert.NotEmpty(item.GetProperty("reasons").EnumerateArray());
    }

    [Fact]
    public async Task The_sample_month_gets_reasons_for_every_vm_and_judges_the_part_time_dev_vms_over_the_hours_they_ran()
    {
        var config = Config("rightsizing:\n  sampleInterval: 30m\n");

        var (code, _, table) = await Run(new() { Telemetry = TestData.Sample("month", "telemetry"), Inventory = TestData.Sample("month", "inventory.yaml"), Config = config });

        Assert.Equal(0, code);
        var devRow = table.Split('\n').Single(l => l.StartsWith("│ dev-a100-01 ", StringComparison.Ordinal));
        // Office hours: 44 % of the wall-clock window, 94.9 % of the 156 hours it ran; its 75 GiB peak fits no cheaper size.
        Assert.Contains("94.9%", devRow, StringComparison.Ordinal);
        Assert.Contains("no cheaper size fits: needs 1 GPU(s) with at least 90.2 GiB", Verdict(table, "dev-a100-01"), StringComparison.Ordinal);
        Assert.Contains("no cheaper size fits: needs 8 GPU(s)", Verdict(table, "train-h100-01"), StringComparison.Ordinal);
    }

    /// <summary>A VM's verdict under the table: its line and the indented lines that continue it, joined.</summary>
    private static string Verdict(string output, string vm)
    {
        var lines = output.Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        var first = lines.FindIndex(l => l.StartsWith(vm + ": ", StringComparison.Ordinal));
        Assert.True(first >= 0, $"no verdict for {vm}");
        return string.Join(" ", lines.Skip(first).Take(1).Concat(lines.Skip(first + 1).TakeWhile(l => l.StartsWith("  ", StringComparison.Ordinal)).Select(l => l.Trim())));
    }

    [Theory]
    [InlineData(120)]
    [InlineData(60)]
    public async Task The_sample_months_table_keeps_every_vm_whole_at_any_width_and_its_prose_within_120_columns(int width)
    {
        using var text = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(text), Ansi = AnsiSupport.No, ColorSystem = ColorSystemSupport.NoColors });
        console.Profile.Width = width;
        using var json = new StringWriter();
        using var errors = new StringWriter();

        var code = await RightsizeCommand.RunAsync(new()
        {
            Telemetry = TestData.Sample("month", "telemetry"),
            Inventory = TestData.Sample("month", "inventory.yaml"),
            Config = TestData.Sample("month", "guardrails.yaml"),
        }, console, json, stderr: errors);

        Assert.Equal((0, ""), (code, errors.ToString()));
        var output = text.ToString();
        var rows = output.Split('\n').Where(l => l.StartsWith("│ ", StringComparison.Ordinal) && !l.StartsWith("│ VM ", StringComparison.Ordinal)
            && l.Split('│')[1].Trim().Length > 0).ToList(); // header lines and the continuation of a split cell have no VM
        Assert.Equal(8, rows.Count); // one whole row per VM: never a lone "…" when the sizes do not fit the width
        Assert.All(rows, r => Assert.Matches(@"^│ [a-z0-9-]+ +│ N[CD]\w+_v\d +│", r)); // names and sizes never split
        Assert.Contains(rows, r => r.Contains("inference-a100-01", StringComparison.Ordinal) && r.Contains("NC4as_T4_v3", StringComparison.Ordinal) && r.Contains("2,297.31 USD", StringComparison.Ordinal));
        Assert.All(output.Split('\n').Where(l => !l.StartsWith('│') && !l.StartsWith('┌') && !l.StartsWith('├') && !l.StartsWith('└')),
            l => Assert.True(l.TrimEnd('\r').Length <= Math.Max(width, 40), l));
        if (width == 120) GoldenFile.Verify(output, Path.Combine("testdata", "rightsizing", "rightsize-sample-month.txt"));
    }

    [Fact]
    public async Task The_sample_month_right_sizes_its_small_model_a100_to_a_t4_with_a_saving_and_keeps_every_other_vm()
    {
        var (code, json, _) = await Run(new()
        {
            Telemetry = TestData.Sample("month", "telemetry"),
            Inventory = TestData.Sample("month", "inventory.yaml"),
            Config = TestData.Sample("month", "guardrails.yaml"),
            Json = true,
        });

        Assert.Equal(0, code);
        var items = JsonDocument.Parse(json).RootElement.EnumerateArray().ToList();
        Assert.Equal(8, items.Count);
        var recommended = Assert.Single(items, i => i.GetProperty("recommendedSize").ValueKind == JsonValueKind.String);
        Assert.EndsWith("/virtualMachines/inference-a100-01", recommended.GetProperty("resourceId").GetString(), StringComparison.Ordinal);
        Assert.Equal("Standard_NC24ads_A100_v4", recommended.GetProperty("currentSize").GetString());
        Assert.Equal("Standard_NC4as_T4_v3", recommended.GetProperty("recommendedSize").GetString());
        // On demand all fortnight (336 of 336 hours in the window → 730 a month) at the snapshot's East US prices.
        Assert.Equal((3.673m - 0.526m) * 730m, recommended.GetProperty("monthlySavings").GetDecimal());
        Assert.Equal("USD", recommended.GetProperty("currency").GetString());
        Assert.Equal("medium", recommended.GetProperty("confidence").GetString()); // another GPU model: try it on a test run first
        var evidence = recommended.GetProperty("evidence");
        Assert.Equal(100m, evidence.GetProperty("coveragePercent").GetDecimal());
        Assert.InRange(evidence.GetProperty("peakMemoryGiB").GetDecimal(), 8m, 10m); // the model stays loaded: a few GiB of 80
        Assert.InRange(evidence.GetProperty("busyPercent").GetDecimal(), 5m, 10m); // the daily re-index, 2 h of 24
        Assert.All(items.Where(i => i.GetProperty("recommendedSize").ValueKind == JsonValueKind.Null),
            i => Assert.NotEmpty(i.GetProperty("reasons").EnumerateArray())); // the other seven keep their size, each with its reasons
    }

    [Fact]
    public async Task Telemetry_without_an_inventory_beside_it_is_a_usage_error_saying_how_to_give_one()
    {
        File.WriteAllText(Path.Combine(_dir, "gpu.nvidia-smi.csv"), "timestamp, name, index, utilization.gpu [%], memory.used [MiB], memory.total [MiB]\n" +
            "2026/11/01 00:00:00.000, NVIDIA A100 80GB PCIe, 0, 0 %, 1024 MiB, 81920 MiB\n");

        var (code, _, output) = await Run(new() { Telemetry = _dir });

        Assert.Equal(2, code);
        Assert.Contains("error: no inventory: give --inventory <file>", output, StringComparison.Ordinal);
        Assert.DoesNotContain("Could not find file", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bad_window_or_config_is_an_error_naming_it()
    {
        var (code, _, text) = await Run(new() { Telemetry = _dir, Window = "2h" });
        var config = Config("rightsizing:\n  headroomPercent: -5\n");
        var (configCode, _, configText) = await Run(new() { Telemetry = _dir, Config = config });

        Assert.Equal(2, code); // usage: error on stderr, exit 2
        Assert.Contains("--window '2h'", text, StringComparison.Ordinal);
        Assert.Equal(2, configCode);
        Assert.Contains("error: " + config + ":2: rightsizing.headroomPercent", configText, StringComparison.Ordinal); // on the command's stderr
    }
}

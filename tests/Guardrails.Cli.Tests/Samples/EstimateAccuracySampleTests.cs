using System.Globalization;
using System.Text.Json.Nodes;
using Guardrails.Cli.Tests.Commands;
using Guardrails.Testing;

namespace Guardrails.Cli.Tests.Samples;

/// <summary>
/// Issue 16 item 7 on the generated month: `budgets --json --telemetry --inventory` compares the fresh-spend estimate for
/// the billed hours with the bill, per VM and per team; the bill side is checked against the export itself.
/// </summary>
public sealed class EstimateAccuracySampleTests
{
    private static string M(params string[] parts) => TestData.Sample(["month", .. parts]);
    private static string Export => M("export", "fabrikam-ml_focus-1.2_2026-11-16.csv");

    /// <summary>Σ EffectiveCost of the export's compute usage rows per VM name (straight from the CSV).</summary>
    private static Dictionary<string, decimal> BilledComputePerVm()
    {
        var lines = File.ReadAllLines(Export);
        var header = lines[0].TrimStart('\uFEFF').Split(',');
        int id = Array.IndexOf(header, "ResourceId"), cost = Array.IndexOf(header, "EffectiveCost"), category = Array.IndexOf(header, "ServiceCategory");
        var result = new Dictionary<string, decimal>(StringComparer.OrdinalIgnoreCase);
        foreach (var line in lines.Skip(1))
        {
            var f = line.Split(','); // the sample's ids and costs carry no quoted commas before these columns
            if (f.Length < header.Length || !f[id].Contains("/virtualMachines/", StringComparison.OrdinalIgnoreCase) || f[category] != "Compute") continue;
            var name = f[id].Split('/')[^1];
            result[name] = result.GetValueOrDefault(name) + decimal.Parse(f[cost], CultureInfo.InvariantCulture);
        }
        return result;
    }

    [Fact]
    public async Task Budgets_json_shows_estimate_accuracy_per_vm_and_team_against_the_export()
    {
        var (code, output, err) = await CliProcess.RunAsync(null, "budgets", "--config", M("guardrails.yaml"), "--input", Export,
            "--inventory", M("inventory.yaml"), "--telemetry", M("telemetry"), "--json");
        Assert.True(code == 0, err + output);
        var root = JsonNode.Parse(output)!;
        Assert.Equal(3, root["budgets"]!.AsArray().Count);
        var accuracy = root["estimateAccuracy"]!;
        var perVm = accuracy["perVm"]!.AsArray();

        var billed = BilledComputePerVm();
        Assert.Equal(billed.Keys.Order(), perVm.Select(v => (string)v!["name"]!).Order());
        foreach (var vm in perVm)
        {
            var (est, bill) = ((decimal)vm!["estimated"]!, (decimal)vm["billed"]!);
            Assert.Equal(Math.Round(billed[(string)vm["name"]!], 2), Math.Round(bill, 2));
            Assert.Equal(Math.Round((est - bill) / bill * 100m, 2, MidpointRounding.AwayFromZero), (decimal)vm["errorPercent"]!);
            Assert.True((decimal)vm["telemetryHours"]! > 0m);
        }
        foreach (var team in accuracy["perTeam"]!.AsArray())
        {
            var vms = perVm.Where(v => (string?)v!["team"] == (string?)team!["team"]).ToList();
            Assert.Equal(vms.Sum(v => (decimal)v!["estimated"]!), (decimal)team!["estimated"]!);
            Assert.Equal(vms.Sum(v => (decimal)v!["billed"]!), (decimal)team["billed"]!);
        }
        var gpuError = Math.Round((perVm.Sum(v => (decimal)v!["estimated"]!) - perVm.Sum(v => (decimal)v!["billed"]!)) / perVm.Sum(v => (decimal)v!["billed"]!) * 100m, 2,
            MidpointRounding.AwayFromZero);
        Assert.Equal(gpuError, (decimal)accuracy["gpuVmErrorPercent"]!);

        foreach (var vm in perVm)
            Assert.False(string.IsNullOrEmpty((string?)vm!["gap"]), $"{vm["name"]}: every gap is explained");
    }

    [Fact]
    public async Task On_the_generated_month_every_gpu_vm_is_estimated_within_5_percent_at_its_own_pricing_model()
    {
        var (code, output, err) = await CliProcess.RunAsync(null, "budgets", "--config", M("guardrails.yaml"), "--input", Export,
            "--inventory", M("inventory.yaml"), "--telemetry", M("telemetry"), "--json");
        Assert.True(code == 0, err + output);
        var accuracy = JsonNode.Parse(output)!["estimateAccuracy"]!;
        var perVm = accuracy["perVm"]!.AsArray().ToDictionary(v => (string)v!["name"]!, v => v!);

        // Each VM is priced the way it is billed: the reservation and the spot VM at their effective rates, not on demand.
        Assert.Equal(("reservation", "effective rate seen in billing"), ((string)perVm["train-h100-01"]["pricingModel"]!, (string)perVm["train-h100-01"]["priceSource"]!));
        Assert.Equal(("spot", "effective rate seen in billing"), ((string)perVm["train-a100-spot-01"]["pricingModel"]!, (string)perVm["train-a100-spot-01"]["priceSource"]!));
        Assert.Equal(6, perVm.Values.Count(v => (string)v["pricingModel"]! == "on demand" && (string)v["priceSource"]! == "on-demand price"));

        Assert.Equal(8, perVm.Values.Count(v => (bool)v["gpu"]!));
        foreach (var (name, vm) in perVm)
            Assert.True((decimal)vm["errorPercent"]! is >= -5m and <= 5m, $"{name}: {vm["errorPercent"]} % ({vm["gap"]})");
        foreach (var team in accuracy["perTeam"]!.AsArray())
            Assert.InRange((decimal)team!["errorPercent"]!, -5m, 5m);
        Assert.InRange((decimal)accuracy["gpuVmErrorPercent"]!, -5m, 5m);

        // The one gap left is the spot VM's hours: evictions stop it within an hour the telemetry counts whole; its rate matches.
        var spot = perVm["train-a100-spot-01"];
        Assert.Equal((decimal)spot["billedRate"]!, (decimal)spot["estimatedRate"]!);
        Assert.True((decimal)spot["telemetryHours"]! > (decimal)spot["billedHours"]!);
        Assert.StartsWith("hours +" + ((decimal)spot["errorPercent"]!).ToString("0.00", CultureInfo.InvariantCulture) + " %", (string)spot["gap"]!);
    }

    [Fact]
    public async Task Telemetry_without_inventory_is_a_clear_error_on_stderr()
    {
        var (code, output, err) = await CliProcess.RunAsync(null, "budgets", "--config", M("guardrails.yaml"), "--input", Export,
            "--telemetry", M("telemetry"), "--json");
        Assert.Equal(2, code); // a missing option is a usage error (exit 2)
        Assert.Equal("", output);
        Assert.StartsWith("error: --telemetry needs --inventory", err);
    }
}

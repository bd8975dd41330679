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
        var (code, output, err) = await BudgetsCommandTests.RunAsync(null, "budgets", "--config", M("guardrails.yaml"), "--input", Export,
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

        // On-demand VMs are priced by the catalog at the rate Azure bills them: the estimate is within the 5 % target.
        foreach (var vm in perVm.Where(v => (string?)v!["name"] is "dev-a100-01" or "dev-a100-02" or "inference-t4-01" or "notebook-t4-01" or "train-h100-02"))
            Assert.InRange((decimal)vm!["errorPercent"]!, -5m, 5m);
    }

    [Fact]
    public async Task Telemetry_without_inventory_is_a_clear_error_on_stderr()
    {
        var (code, output, err) = await BudgetsCommandTests.RunAsync(null, "budgets", "--config", M("guardrails.yaml"), "--input", Export,
            "--telemetry", M("telemetry"), "--json");
        Assert.Equal(2, code); // a missing option is a usage error (exit 2)
        Assert.Equal("", output);
        Assert.StartsWith("error: --telemetry needs --inventory", err);
    }
}

using System.Globalization;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using Guardrails.Cli.Samples;
using Guardrails.Cli.Tests.Commands;
using Guardrails.Core.Ledger;
using Guardrails.Infrastructure.Telemetry;
using Guardrails.Testing;

namespace Guardrails.Cli.Tests.Samples;

/// <summary>
/// The demo's month (samples/month) told by every command gives one set of numbers: the real `guardrails` executable,
/// one ledger in Azurite, the month's own configuration.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class SampleMonthAgreementTests(AzuriteFixture azurite)
{
    private static string M(params string[] parts) => TestData.Sample(["month", .. parts]);
    private static string Config => M("guardrails.yaml");
    private static string Export => M("export", "fabrikam-ml_focus-1.2_2026-11-16.csv");

    private static async Task<string> Run(params string[] args)
    {
        var (code, output, err) = await CliProcess.RunAsync(null, args);
        Assert.True(code == 0, $"guardrails {string.Join(' ', args)} → {code}\n{err}\n{output}");
        return output;
    }

    /// <summary>Σ BilledCost and EffectiveCost straight from the CSV (no Guardrails code involved).</summary>
    private static (decimal Billed, decimal Effective) ExportTotals()
    {
        var lines = File.ReadAllLines(Export);
        var header = lines[0].Split(',');
        int billed = Array.IndexOf(header, "BilledCost"), effective = Array.IndexOf(header, "EffectiveCost");
        decimal b = 0, e = 0;
        foreach (var line in lines.Skip(1))
        {
            var cells = SplitCsv(line);
            b += decimal.Parse(cells[billed], CultureInfo.InvariantCulture);
            e += decimal.Parse(cells[effective], CultureInfo.InvariantCulture);
        }
        return (b, e);
    }

    private static List<string> SplitCsv(string line)
    {
        var cells = new List<string>();
        var sb = new System.Text.StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < line.Length && line[i + 1] == '"') { sb.Append('"'); i++; }
                else if (c == '"') quoted = false;
                else sb.Append(c);
            }
            else if (c == '"') quoted = true;
            else if (c == ',') { cells.Add(sb.ToString()); sb.Clear(); }
            else sb.Append(c);
        }
        cells.Add(sb.ToString());
        return cells;
    }

    [Fact]
    public async Task Ledger_budgets_pr_comment_and_idle_cost_agree_on_the_generated_month()
    {
        var store = azurite.ConnectionString;
        await Run("ingest", Export, "--config", Config, "--store", store);

        // Ledger total = export total (both bases), read back from the store.
        var (exportBilled, exportEffective) = ExportTotals();
        var costs = JsonNode.Parse(await Run("costs", "--month", SampleMonth.Month, "--by", "team", "--store", store, "--json"))!;
        var rows = costs["rows"]!.AsArray();
        decimal Sum(string field, Func<JsonNode, bool>? where = null) =>
            rows.Where(r => where?.Invoke(r!) ?? true).Sum(r => (decimal)r![field]!);
        var total = costs["totals"]!.AsArray().Single()!;
        Assert.Equal(exportBilled, (decimal)total["billedCost"]!);
        Assert.Equal(exportEffective, (decimal)total["effectiveCost"]!);
        Assert.Equal(exportEffective, Sum("effectiveCost"));

        // Every budget's spent = the ledger's cost of its team.
        var budgets = JsonNode.Parse(await Run("budgets", "--config", Config, "--month", SampleMonth.Month, "--store", store, "--json"))!.AsArray();
        foreach (var b in budgets)
        {
            var team = ((string)b!["name"]!).Replace("-gpus", "", StringComparison.Ordinal);
            var ledger = Sum("effectiveCost", r => Team(r) == team);
            Assert.True(Math.Round((decimal)b["spent"]!, 2) == Math.Round(ledger, 2), $"{b["name"]}: budget spent {b["spent"]} ≠ ledger {ledger}");
        }
        var speech = budgets.Single(b => (string?)b!["name"] == "speech-gpus")!;
        Assert.Equal("forecast-breach", (string?)speech["state"]);
        Assert.True((decimal)speech["percentUsed"]! is > 80m and < 100m, "speech is heading for a breach mid-month, not over it");

        // The PR comment's budget line = the budgets table (same ledger, same moment: when the export was written).
        var pr = JsonNode.Parse(await Run("estimate", "--base", M("pr", "base"), "--head", M("pr", "head"), "--config", Config,
            "--store", store, "--at", SampleMonth.ExportedAt, "--json"))!;
        var line = pr["budgets"]!.AsArray().Single()!;
        Assert.Equal(Math.Round((decimal)speech["amount"]! - (decimal)speech["spent"]!, 2), Math.Round((decimal)line["remaining"]!, 2));
        Assert.Equal((string?)speech["breachDate"], (string?)line["forecastBreachDate"]);

        // Idle cost ≤ the GPU cost billed for the same VMs (per day and allocation), and the forgotten H100 shows.
        await Run("idle", "--config", Config, "--telemetry", M("telemetry"), "--inventory", M("inventory.yaml"), "--store", store);
        var idle = await new TableIdleCostStore(new TableServiceClient(store).GetTableClient(TableIdleCostStore.DefaultTableName))
            .GetFactsAsync(new LedgerQuery(SampleMonth.Start.ToDateOnly(), SampleMonth.Start.AddDays(SampleMonth.Days - 1).ToDateOnly()));
        Assert.NotEmpty(idle);
        var ingest = JsonNode.Parse(await Run("ingest", Export, "--config", Config, "--json"))!["groups"]!.AsArray();
        var gpuCost = ingest.Where(g => (string?)g!["category"] == "gpu-compute")
            .GroupBy(g => ((string)g!["day"]!, (string)g!["allocation"]!["team"]!, (string)g!["allocation"]!["project"]!))
            .ToDictionary(g => g.Key, g => g.Sum(x => (decimal)x!["effectiveCost"]!));
        foreach (var f in idle)
        {
            var key = (f.Day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), f.Allocation["team"] ?? "", f.Allocation["project"] ?? "");
            Assert.True(gpuCost.TryGetValue(key, out var billed), $"idle cost without GPU cost: {key}");
            Assert.True(f.EffectiveCost <= billed, $"{key}: idle {f.EffectiveCost} > GPU cost {billed}");
        }
        var forgotten = idle.Where(f => f.Allocation["project"] == "llm-finetune").Sum(f => f.EffectiveCost);
        Assert.True(forgotten > 20_000m, $"the forgotten 8×H100 idles for ten days: {forgotten}");
    }

    private static string? Team(JsonNode row) => (string?)(row["allocation"]?["team"] ?? row["team"]);
}

internal static class DateTimeExtensions
{
    public static DateOnly ToDateOnly(this DateTime t) => DateOnly.FromDateTime(t);
}

using System.Text.Json;
using Azure.Data.Tables;
using Guardrails.Cli.Commands;
using Guardrails.Cli.Commands.Rightsize;
using Guardrails.Core.RightSizing;
using Guardrails.Infrastructure.RightSizing;
using Guardrails.Testing;
using Spectre.Console;

namespace Guardrails.Cli.Tests.Commands;

/// <summary>
/// <c>guardrails rightsize --store</c> evaluates again from the rollups the Function App stored, through its registration
/// (Azurite), and replaces the stored verdicts; <c>--stored-only</c> prints what RightSizeGpuVms stored.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class RightsizeStoreTests(AzuriteFixture azurite)
{
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

    private static RightSizingRecommendation Rec(string name, string? recommended, decimal? saving) => new()
    {
        ResourceId = "/subscriptions/s/resourceGroups/ml/providers/Microsoft.Compute/virtualMachines/" + name,
        Name = name,
        Team = "speech",
        CurrentSize = "Standard_NC24ads_A100_v4",
        RecommendedSize = recommended,
        RecommendedPriority = recommended is null ? null : "on-demand",
        MonthlySavings = saving,
        Currency = saving is null ? null : "USD",
        Confidence = recommended is null ? "none" : "medium",
        Reasons = [recommended is null ? "telemetry covers 44% of the 14-day window" : "fits"],
        Evidence = new GpuUsageEvidence { WindowStart = new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero), WindowEnd = new(2026, 11, 15, 0, 0, 0, TimeSpan.Zero) },
    };

    [Fact]
    public async Task Stored_only_prints_the_stored_recommendations_as_json_and_as_a_table()
    {
        var store = new TableRightSizingStore(new TableClient(azurite.ConnectionString, TableRightSizingStore.DefaultTableName));
        await store.DeleteOthersAsync([]); // the table is the CLI's default, shared with the other tests of this class
        await store.UpsertAsync(DateTimeOffset.UtcNow, [Rec("dev-a100", "Standard_NC4as_T4_v3", 2297.31m), Rec("office-a100", null, null)]);

        var (code, json, _) = await Run(new() { Store = azurite.ConnectionString, Json = true, StoredOnly = true });
        var (tableCode, _, table) = await Run(new() { Store = azurite.ConnectionString, StoredOnly = true });

        Assert.Equal(0, code);
        var rows = JsonDocument.Parse(json).RootElement.EnumerateArray().ToList();
        Assert.Equal(["Standard_NC4as_T4_v3", null], rows.Select(r => r.GetProperty("recommendedSize").GetString()));
        Assert.Equal(2297.31m, rows[0].GetProperty("monthlySavings").GetDecimal());
        Assert.Equal("telemetry covers 44% of the 14-day window", rows[1].GetProperty("reasons")[0].GetString());
        Assert.Equal(0, tableCode);
        Assert.Contains("2,297.31 USD", table, StringComparison.Ordinal); // the row and the total (bold markup between words)
        Assert.Contains("2026-11-15 00:00Z", table, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(true, true)]
    [InlineData(false, false)]
    public async Task Exactly_one_of_telemetry_and_store_is_required(bool telemetry, bool store)
    {
        var (code, _, text) = await Run(new() { Telemetry = telemetry ? "." : null, Store = store ? azurite.ConnectionString : null });
        Assert.Equal(2, code); // usage: error on stderr, exit 2
        Assert.Contains("exactly one of --telemetry", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Store_evaluates_again_from_the_stored_rollups_and_deletes_verdicts_of_vms_that_left()
    {
        // One quiet A100 for 14 days in the collector's rollups table (1-minute slots, the collector's default), a stale verdict
        // for a VM that is no longer in the inventory.
        var end = new DateTimeOffset(2026, 11, 15, 0, 0, 0, TimeSpan.Zero);
        var rollups = new Infrastructure.Telemetry.TableRollupStore(new TableClient(azurite.ConnectionString, "guardrailsgpurollups"));
        await rollups.UpsertAsync([.. Enumerable.Range(0, 14 * 24).Select(h => new Core.Telemetry.GpuHourlyRollup
        {
            Host = "store-a100", GpuId = "0", Hour = end.AddDays(-14).AddHours(h), Samples = 60, KnownSlots = 60, Slots = 60, CoveragePercent = 100m,
            AvgWorkPercent = h % 100 < 8 ? 90m : 0m, MaxWorkPercent = h % 100 < 8 ? 90m : 0m, AvgMemoryPercent = 7.5m, MaxMemoryPercent = 7.5m,
        })]);
        var store = new TableRightSizingStore(new TableClient(azurite.ConnectionString, TableRightSizingStore.DefaultTableName));
        await store.UpsertAsync(end.AddDays(-7), [Rec("left-a100", null, null)]);
        var inventory = Path.Combine(Directory.CreateTempSubdirectory("rightsize-store-").FullName, "inventory.yaml");
        File.WriteAllText(inventory, """
            machines:
              - resourceId: /subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/ml/providers/Microsoft.Compute/virtualMachines/store-a100
                vmSize: Standard_NC24ads_A100_v4
                location: eastus
            """);

        var (code, json, _) = await Run(new() { Store = azurite.ConnectionString, Inventory = inventory, At = "2026-11-15T00:20:00Z", Json = true });

        Assert.Equal(0, code);
        var row = Assert.Single(JsonDocument.Parse(json).RootElement.EnumerateArray());
        Assert.Equal("Standard_NC4as_T4_v3", row.GetProperty("recommendedSize").GetString());
        Assert.Equal(100m, row.GetProperty("evidence").GetProperty("coveragePercent").GetDecimal());
        var stored = await store.GetLatestAsync();
        Assert.DoesNotContain(stored, r => r.Name == "left-a100");
        Assert.Equal("Standard_NC4as_T4_v3", Assert.Single(stored, r => r.Name == "store-a100").RecommendedSize);
        await store.DeleteOthersAsync([]);
    }
}

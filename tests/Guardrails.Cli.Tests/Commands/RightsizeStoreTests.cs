using System.Text.Json;
using Azure.Data.Tables;
using Guardrails.Cli.Commands;
using Guardrails.Core.RightSizing;
using Guardrails.Infrastructure.RightSizing;
using Guardrails.Testing;
using Spectre.Console;

namespace Guardrails.Cli.Tests.Commands;

/// <summary><c>guardrails rightsize --store</c> reads what the Function App's RightSizeGpuVms stored (Azurite).</summary>
[Collection(AzuriteCollection.Name)]
public sealed class RightsizeStoreTests(AzuriteFixture azurite)
{
    private static async Task<(int Code, string Json, string Console)> Run(RightsizeCommand.Settings settings)
    {
        using var json = new StringWriter();
        using var text = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(text) });
        console.Profile.Width = 4096;
        var code = await RightsizeCommand.RunAsync(settings, console, json);
        return (code, json.ToString(), text.ToString());
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
    public async Task Prints_the_stored_recommendations_as_json_and_as_a_table()
    {
        var store = new TableRightSizingStore(new TableClient(azurite.ConnectionString, TableRightSizingStore.DefaultTableName));
        await store.UpsertAsync(DateTimeOffset.UtcNow, [Rec("dev-a100", "Standard_NC4as_T4_v3", 2297.31m), Rec("office-a100", null, null)]);

        var (code, json, _) = await Run(new() { Store = azurite.ConnectionString, Json = true });
        var (tableCode, _, table) = await Run(new() { Store = azurite.ConnectionString });

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
        Assert.Equal(1, code);
        Assert.Contains("exactly one of --telemetry", text, StringComparison.Ordinal);
    }
}

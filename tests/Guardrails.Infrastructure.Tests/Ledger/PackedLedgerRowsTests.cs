using Azure.Data.Tables;
using Guardrails.Core.Allocation;
using Guardrails.Core.Billing;
using Guardrails.Core.Ledger;
using Guardrails.Infrastructure.Ledger;
using Guardrails.Testing;
using Microsoft.Extensions.Time.Testing;

namespace Guardrails.Infrastructure.Tests.Ledger;

/// <summary>The typed packed format (facts and resource-days decoded without a per-row entity) and the per-store cache of decoded runs.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class PackedLedgerRowsTests(AzuriteFixture azurite)
{
    private static readonly DateTimeOffset Nov1 = new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 20, 8, 0, 0, TimeSpan.Zero));

    private (TableLedgerStore Store, Func<TableLedgerStore> Another) NewStore()
    {
        var service = new TableServiceClient(azurite.ConnectionString);
        var names = new LedgerTableNames(AzuriteFixture.UniqueName("facts"), AzuriteFixture.UniqueName("runs"));
        return (new TableLedgerStore(service, names, _time), () => new TableLedgerStore(service, names, _time));
    }

    private static readonly DailyCostFact Shared = new()
    {
        Day = new DateOnly(2026, 11, 3),
        Allocation = new AllocationKey([new("team", "vision"), new("project", "llm=7")]),
        Kind = AllocationKind.Shared,
        Category = CostCategory.Network,
        ServiceName = "Bandwidth",
        PricingCategory = PricingCategory.Committed,
        Currency = "EUR",
        SubAccountId = "sub-1",
        ResourceGroupName = "rg-é",
        BilledCost = 1.50m,
        EffectiveCost = -0.0000000001m,
        ListCost = 79228162514264337593543950335m,
        ConsumedQuantity = 3.000m,
        GpuHours = 0m,
        RowCount = 5_000_000_000,
    };

    private static readonly DailyCostFact Plain = new()
    {
        Day = new DateOnly(2026, 11, 30),
        Allocation = AllocationKey.Empty,
        Category = CostCategory.GpuCompute,
        Currency = "USD",
        BilledCost = 2m,
    };

    private static readonly ResourceDailyCost Vm = new()
    {
        Day = new DateOnly(2026, 11, 4),
        ResourceId = "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/vm-a",
        Allocation = new AllocationKey([new("team", "vision")]),
        Category = CostCategory.IdleGpu,
        Currency = "USD",
        BilledCost = 10.10m,
        EffectiveCost = 9.990m,
        GpuHours = 8m,
    };

    private static async Task CompleteAsync(TableLedgerStore store, ExportRunRef run, IReadOnlyList<DailyCostFact> facts, IReadOnlyList<ResourceDailyCost> resources)
    {
        await store.EnsureCreatedAsync();
        Assert.True(await store.RecordRunAsync(new LedgerRun { Ref = run, PeriodStart = Nov1, PeriodEnd = Nov1.AddDays(29), SubmittedTime = Nov1.AddDays(29), PartCount = 1 }, ["part0.csv"]));
        await WritePartAsync(store, run, facts, resources);
        Assert.Equal(RunCompletion.BecameCurrent, await store.TryCompleteRunAsync(run));
    }

    private static async Task WritePartAsync(TableLedgerStore store, ExportRunRef run, IReadOnlyList<DailyCostFact> facts, IReadOnlyList<ResourceDailyCost> resources)
    {
        var written = await store.WriteFactsAsync(run, 0, facts) + await store.WriteResourceCostsAsync(run, 0, resources);
        await store.MarkPartCompletedAsync(run, 0, new IngestResult { RowsRead = facts.Count, Totals = SimpleCsvLedgerIngestor.Totals(facts) }, written);
    }

    [Fact]
    public async Task Every_field_of_a_fact_and_a_resource_day_reads_back_as_written_with_nulls_and_decimal_scale()
    {
        var (store, _) = NewStore();
        await CompleteAsync(store, new ExportRunRef("c/exp", "r1"), [Shared, Plain], [Vm]);

        var facts = await store.GetFactsAsync(LedgerQuery.ForMonth(2026, 11));
        Assert.Equal([Shared, Plain], facts);
        Assert.Equal("1.50", facts[0].BilledCost.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("3.000", facts[0].ConsumedQuantity.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Null(facts[1].SubAccountId);
        Assert.Equal("", facts[1].ServiceName);

        var resources = await store.GetResourceCostsAsync(LedgerQuery.ForMonth(2026, 11));
        Assert.Equal([Vm], resources);
        Assert.Null(resources[0].ResourceName);
        Assert.Equal("9.990", resources[0].EffectiveCost.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task A_part_replayed_after_its_run_completed_leaves_the_answer_as_it_was()
    {
        var (store, another) = NewStore();
        var run = new ExportRunRef("c/exp", "r1");
        await CompleteAsync(store, run, [Plain], [Vm]);
        Assert.Equal(2m, (await store.GetFactsAsync(LedgerQuery.ForMonth(2026, 11))).Single().BilledCost);
        Assert.Equal(9.990m, (await store.GetResourceCostsAsync(LedgerQuery.ForMonth(2026, 11))).Single().EffectiveCost);

        // A consumer that lost its lease finishes the same part again: same rows, same entities.
        await WritePartAsync(store, run, [Plain], [Vm]);
        Assert.Equal(RunCompletion.BecameCurrent, await store.TryCompleteRunAsync(run));

        foreach (var reader in new[] { store, another() })
        {
            Assert.Equal([Plain], await reader.GetFactsAsync(LedgerQuery.ForMonth(2026, 11)));
            Assert.Equal([Vm], await reader.GetResourceCostsAsync(LedgerQuery.ForMonth(2026, 11)));
        }
    }

    [Fact]
    public void A_part_in_the_older_packed_format_is_a_clear_error_naming_its_partition()
    {
        var entities = PackedRows.Pack("exp|r1|c|f|p00000", [Plain], LedgerEntities.WriteFact);
        Assert.Equal([Plain], PackedRows.Unpack(entities, LedgerEntities.ReadFact));

        entities[0].Remove("Format");
        var error = Assert.Throws<InvalidDataException>(() => PackedRows.Unpack(entities, LedgerEntities.ReadFact));
        Assert.Contains("exp|r1|c|f|p00000", error.Message);
        Assert.Contains("format 1", error.Message);
    }
}

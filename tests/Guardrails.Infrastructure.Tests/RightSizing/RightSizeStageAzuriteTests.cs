using Azure.Data.Tables;
using Guardrails.Core.Actions;
using Guardrails.Core.Allocation;
using Guardrails.Core.Configuration;
using Guardrails.Core.Idle;
using Guardrails.Core.Ledger;
using Guardrails.Core.Pricing;
using Guardrails.Core.RightSizing;
using Guardrails.Core.Telemetry;
using Guardrails.Infrastructure.Idle;
using Guardrails.Infrastructure.RightSizing;
using Guardrails.Infrastructure.Telemetry;
using Guardrails.Testing;
using Microsoft.Extensions.Time.Testing;

namespace Guardrails.Infrastructure.Tests.RightSizing;

/// <summary>
/// The timer stage over Table Storage (Azurite): two weeks of hourly rollups in the rollups table the collector writes,
/// an inventory, the ledger's billed GPU-hours; the verdicts land in the right-sizing table and read back whole.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class RightSizeStageAzuriteTests(AzuriteFixture azurite)
{
    private static readonly DateTimeOffset End = new(2026, 11, 15, 0, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Interval = TimeSpan.FromMinutes(5);

    private sealed class Inventory(IReadOnlyList<ComputeMachine> machines) : IComputeInventory
    {
        public Task<IReadOnlyList<ComputeMachine>> ListGpuMachinesAsync(IReadOnlyList<string> scopes, CancellationToken cancellationToken = default) =>
            Task.FromResult(machines);
        public Task<ComputeMachine?> GetMachineAsync(string resourceId, CancellationToken cancellationToken = default) =>
            Task.FromResult(machines.FirstOrDefault(m => m.ResourceId == resourceId));
    }

    private static ComputeMachine Machine(string name, string size) => new()
    {
        ResourceId = $"/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/ml/providers/Microsoft.Compute/virtualMachines/{name}",
        Name = name,
        ComputerName = name + "-host",
        SubscriptionId = "00000000-0000-0000-0000-000000000001",
        ResourceGroup = "ml",
        Location = "eastus",
        VmSize = size,
        Tags = new Dictionary<string, string> { ["team"] = "speech" },
        PowerState = MachinePowerState.Running,
    };

    /// <summary>One A100 GPU for 14 days: busy (90 %) in 8 of every 100 hours with 6 GiB of 80 used, else idle with 2 GiB.</summary>
    private static List<GpuHourlyRollup> NotebookA100(string host) =>
        Enumerable.Range(0, 14 * 24).Select(h =>
        {
            var busy = h % 100 < 8;
            return new GpuHourlyRollup
            {
                Host = host,
                GpuId = "0",
                Model = "NVIDIA A100 80GB PCIe",
                Hour = End.AddDays(-14).AddHours(h),
                Samples = 12,
                KnownSlots = 12,
                Slots = 12,
                CoveragePercent = 100m,
                AvgWorkPercent = busy ? 90m : 0m,
                MaxWorkPercent = busy ? 90m : 0m,
                AvgMemoryPercent = busy ? 7.5m : 2.5m,
                MaxMemoryPercent = busy ? 7.5m : 2.5m, // 6 GiB / 2 GiB of 80
            };
        }).ToList();

    private async Task<(RightSizeStage Stage, TableRightSizingStore Store)> ArrangeAsync(IResourceCostReader? ledger)
    {
        var rollups = new TableRollupStore(new TableClient(azurite.ConnectionString, AzuriteFixture.UniqueName("rollups")));
        await rollups.UpsertAsync(NotebookA100("dev-a100-host"));
        var store = new TableRightSizingStore(new TableClient(azurite.ConnectionString, AzuriteFixture.UniqueName("rightsizing")));
        var machines = new[] { Machine("dev-a100", "Standard_NC24ads_A100_v4"), Machine("silent-a100", "Standard_NC24ads_A100_v4") };
        var options = new IdleOptions { Scopes = ["/subscriptions/00000000-0000-0000-0000-000000000001"], SampleInterval = Interval };
        var stage = new RightSizeStage(new Inventory(machines), rollups, store, VmSkuCatalog.Default, SnapshotPriceCatalog.Default, options,
            () => new GuardrailsConfig(), new FakeTimeProvider(End.AddMinutes(20)))
        { Ledger = ledger };
        return (stage, store);
    }

    private static decimal Price(string size) => SnapshotPriceCatalog.Default.Find(size, "eastus", PriceOption.OnDemand)!.HourlyPrice;

    [Fact]
    public async Task Sizes_each_vm_from_the_stored_rollups_and_keeps_the_latest_verdict_per_vm()
    {
        var (stage, store) = await ArrangeAsync(ledger: null);

        var run = await stage.RunAsync();
        var again = await stage.RunAsync(); // a second evaluation replaces the rows, it does not add any

        Assert.Equal(2, run.Count);
        var stored = (await store.GetLatestAsync()).OrderBy(r => r.Name, StringComparer.Ordinal).ToList();
        Assert.Equal(["dev-a100", "silent-a100"], stored.Select(r => r.Name));
        var dev = stored[0];
        Assert.Equal("Standard_NC4as_T4_v3", dev.RecommendedSize);
        Assert.Equal("speech", dev.Team);
        Assert.Equal(Math.Round((Price("Standard_NC24ads_A100_v4") - Price("Standard_NC4as_T4_v3")) * 730m, 2), dev.MonthlySavings);
        Assert.Equal(run[0], again[0], RecommendationComparer.Instance);
        Assert.Equal(run[0], dev, RecommendationComparer.Instance);
        Assert.Equal(6m, dev.Evidence!.PeakMemoryGiB);
        Assert.Equal(100m, dev.Evidence.CoveragePercent);
        Assert.Equal(End, dev.Evidence.WindowEnd);
        // The VM without rollups gets none, with the reason (never a guess), and is stored as such.
        Assert.Null(stored[1].RecommendedSize);
        Assert.Equal("none", stored[1].Confidence);
        Assert.Contains("only 0 of 1 GPUs report telemetry", stored[1].Reasons[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Prices_the_saving_at_the_hours_billed_in_the_ledger_when_there_is_one()
    {
        var dev = Machine("dev-a100", "Standard_NC24ads_A100_v4");
        // 10 GPU-hours a day on whole days inside the window (1 GPU → 10 VM hours); a day outside the window does not count.
        var costs = Enumerable.Range(1, 12).Select(d => Cost(dev.ResourceId, DateOnly.FromDateTime(End.AddDays(-14).UtcDateTime).AddDays(d), 10m))
            .Append(Cost(dev.ResourceId, new DateOnly(2026, 10, 1), 500m)).ToList();
        var (stage, _) = await ArrangeAsync(new LedgerSnapshot([], costs));

        var r = (await stage.RunAsync()).Single(x => x.Name == "dev-a100");

        Assert.Equal("hours billed in the ledger in the window", r.Evidence!.HoursBasis);
        Assert.Equal(Math.Round(120m * 730m / 336m, 1), r.Evidence.MonthlyHours); // 120 h billed in 336 h → 260.7 h a month
        Assert.Equal(Math.Round((Price("Standard_NC24ads_A100_v4") - Price("Standard_NC4as_T4_v3")) * r.Evidence.MonthlyHours, 2), r.MonthlySavings);
    }

    [Fact]
    public async Task Rollups_made_from_a_30_minute_recording_are_counted_in_their_own_slots_not_the_collectors_setting()
    {
        // What `guardrails idle --store` writes from nvidia-smi sampled every 30 minutes: 2 slots an hour, both known.
        var rollups = new TableRollupStore(new TableClient(azurite.ConnectionString, AzuriteFixture.UniqueName("rollups")));
        await rollups.UpsertAsync([.. NotebookA100("dev-a100-host").Select(r => r with { Samples = 2, KnownSlots = 2, Slots = 2 })]);
        var store = new TableRightSizingStore(new TableClient(azurite.ConnectionString, AzuriteFixture.UniqueName("rightsizing")));
        var options = new IdleOptions { Scopes = ["/subscriptions/00000000-0000-0000-0000-000000000001"], SampleInterval = TimeSpan.FromMinutes(1) };
        var stage = new RightSizeStage(new Inventory([Machine("dev-a100", "Standard_NC24ads_A100_v4")]), rollups, store, VmSkuCatalog.Default,
            SnapshotPriceCatalog.Default, options, () => new GuardrailsConfig(), new FakeTimeProvider(End.AddMinutes(20)));

        var r = (await stage.RunAsync()).Single();

        Assert.Equal(100m, r.Evidence!.CoveragePercent); // 2 of 2 slots each hour, not 2 of 60
        Assert.Equal("Standard_NC4as_T4_v3", r.RecommendedSize);
    }

    [Fact]
    public async Task Rollups_of_a_finer_collector_than_the_setting_still_need_all_their_slots()
    {
        // 1-minute rollups with only 2 of 60 slots known: counted in their own slots, no recommendation (coverage 2 of 60 per hour
        // inside the run; the first and last hour count only the slots with a reading: 672 of 20,044 = 3.4 %).
        var rollups = new TableRollupStore(new TableClient(azurite.ConnectionString, AzuriteFixture.UniqueName("rollups")));
        await rollups.UpsertAsync([.. NotebookA100("dev-a100-host").Select(r => r with { Samples = 2, KnownSlots = 2, Slots = 60 })]);
        var store = new TableRightSizingStore(new TableClient(azurite.ConnectionString, AzuriteFixture.UniqueName("rightsizing")));
        var options = new IdleOptions { Scopes = ["/subscriptions/00000000-0000-0000-0000-000000000001"], SampleInterval = TimeSpan.FromMinutes(30) };
        var stage = new RightSizeStage(new Inventory([Machine("dev-a100", "Standard_NC24ads_A100_v4")]), rollups, store, VmSkuCatalog.Default,
            SnapshotPriceCatalog.Default, options, () => new GuardrailsConfig(), new FakeTimeProvider(End.AddMinutes(20)));

        var r = (await stage.RunAsync()).Single();

        Assert.Equal(3.4m, r.Evidence!.CoveragePercent);
        Assert.Null(r.RecommendedSize);
    }

    private static ResourceDailyCost Cost(string resourceId, DateOnly day, decimal gpuHours) => new()
    {
        Day = day,
        ResourceId = resourceId,
        Allocation = AllocationKey.Parse("team=speech"),
        Category = CostCategory.GpuCompute,
        Currency = "USD",
        BilledCost = gpuHours * 3.67m,
        EffectiveCost = gpuHours * 3.67m,
        GpuHours = gpuHours,
    };

    /// <summary>Equality of what a reader sees: sizes, money, reasons and the evidence (lists compared by content).</summary>
    private sealed class RecommendationComparer : IEqualityComparer<RightSizingRecommendation>
    {
        public static readonly RecommendationComparer Instance = new();
        public bool Equals(RightSizingRecommendation? x, RightSizingRecommendation? y) =>
            x is not null && y is not null && (x with { Reasons = [] }) == (y with { Reasons = [] }) && x.Reasons.SequenceEqual(y.Reasons);
        public int GetHashCode(RightSizingRecommendation obj) => obj.ResourceId.GetHashCode(StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_stored_verdict_of_a_vm_that_left_the_scopes_is_deleted_on_the_next_run()
    {
        var (stage, store) = await ArrangeAsync(ledger: null);
        var gone = new RightSizingRecommendation
        {
            ResourceId = "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/ml/providers/Microsoft.Compute/virtualMachines/GONE-a100",
            Name = "gone-a100",
            CurrentSize = "Standard_NC24ads_A100_v4",
            Reasons = ["stored by an earlier run"],
        };
        await store.UpsertAsync(End.AddDays(-1), [gone]);

        await stage.RunAsync();

        Assert.Equal(["dev-a100", "silent-a100"], (await store.GetLatestAsync()).Select(r => r.Name).Order(StringComparer.Ordinal));
        Assert.Equal(0, await store.DeleteOthersAsync([.. (await store.GetLatestAsync()).Select(r => r.ResourceId.ToUpperInvariant())])); // ids match in any case
    }

    [Fact]
    public async Task The_rollups_table_keeps_tensor_pipe_activity_and_unknown_stays_unknown()
    {
        var rollups = new TableRollupStore(new TableClient(azurite.ConnectionString, AzuriteFixture.UniqueName("rollups")));
        var hours = NotebookA100("tensor-host").Take(2).ToList();
        await rollups.UpsertAsync([hours[0] with { AvgTensorActivePercent = 4.5m }, hours[1]]);

        var read = (await rollups.GetAsync("tensor-host", End.AddDays(-15), End)).OrderBy(r => r.Hour).ToList();

        Assert.Equal(4.5m, read[0].AvgTensorActivePercent);
        Assert.Null(read[1].AvgTensorActivePercent);
    }

    private sealed class RecordingDigest : IRightSizingDigestSender
    {
        public List<IReadOnlyList<CheckpointStorageFinding>> Checkpoints { get; } = [];
        public Task<int> SendAsync(IReadOnlyList<RightSizingRecommendation> recommendations, GuardrailsConfig config, CancellationToken cancellationToken = default,
            IReadOnlyList<CheckpointStorageFinding>? checkpoints = null)
        {
            Checkpoints.Add(checkpoints ?? []);
            return Task.FromResult(0);
        }
    }

    [Fact]
    public async Task Checkpoint_findings_from_the_ledger_are_stored_beside_the_vm_verdicts_and_handed_to_the_digest()
    {
        // The sample month's storage accounts, ingested: fabrikamckpt (tag purpose=checkpoints) keeps 60,000 GB in Hot all fortnight.
        var export = Directory.GetFiles(TestData.Sample("month", "export"), "*.csv").Single();
        var ingest = await CostLedgerIngestor.For(new GuardrailsConfig()).IngestAsync([Guardrails.Core.Billing.IngestSource.FromFile(export)], new IngestOptions());
        var ledger = LedgerSnapshot.From(ingest);
        var table = new TableClient(azurite.ConnectionString, AzuriteFixture.UniqueName("rightsizing"));
        var rollups = new TableRollupStore(new TableClient(azurite.ConnectionString, AzuriteFixture.UniqueName("rollups")));
        await rollups.UpsertAsync(NotebookA100("dev-a100-host"));
        var vms = new TableRightSizingStore(table);
        var checkpoints = new TableCheckpointStorageStore(table);
        var digest = new RecordingDigest();
        var options = new IdleOptions { Scopes = ["/subscriptions/00000000-0000-0000-0000-000000000001"], SampleInterval = Interval };
        var stage = new RightSizeStage(new Inventory([Machine("dev-a100", "Standard_NC24ads_A100_v4")]), rollups, vms, VmSkuCatalog.Default,
            SnapshotPriceCatalog.Default, options, () => new GuardrailsConfig(), new FakeTimeProvider(End.AddMinutes(20)))
        {
            Ledger = ledger,
            Digest = digest,
            Checkpoints = new CheckpointStorageReview(ledger, ledger),
            CheckpointStore = checkpoints,
        };
        await checkpoints.ReplaceAsync(End.AddDays(-7), [Gone()]);

        await stage.RunAsync();
        await stage.RunAsync(); // replaces the rows, adds none

        var stored = Assert.Single(await checkpoints.GetLatestAsync()); // the account no longer found is deleted
        Assert.Equal(("fabrikamckpt", "Platform", "recommend", (StorageTier?)StorageTier.Cool, (decimal?)504.00m, "USD"),
            (stored.Name, stored.Team, stored.Status, stored.RecommendedTier, stored.MonthlySavings, stored.Currency));
        Assert.Equal(60_000m, stored.HotGbOlderThanAge);
        Assert.Equal(3, stored.Options.Count);
        Assert.Equal(stage.LastCheckpointReport!.Findings.Single().Reasons, stored.Reasons);
        Assert.Equal(["dev-a100"], (await vms.GetLatestAsync()).Select(r => r.Name)); // the VM verdicts keep their own partition
        Assert.Equal("fabrikamckpt", Assert.Single(digest.Checkpoints[^1]).Name);
    }

    private static CheckpointStorageFinding Gone() => new()
    {
        ResourceId = "/subscriptions/s/resourceGroups/ml/providers/Microsoft.Storage/storageAccounts/goneckpt",
        Name = "goneckpt",
        MatchedBy = "name goneckpt matches *ckpt*",
        Currency = "USD",
        Status = "ok",
        Tiers = [],
        Reasons = ["stored by an earlier run"],
    };
}

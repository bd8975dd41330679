using Guardrails.Core.Actions;
using Guardrails.Core.Configuration;
using Guardrails.Core.Idle;
using Guardrails.Core.Ledger;
using Guardrails.Core.Pricing;
using Guardrails.Core.Telemetry;

namespace Guardrails.Core.RightSizing;

/// <summary>The weekly right-sizing digest per team (rightsizing.channels), sent once per team and week.</summary>
public interface IRightSizingDigestSender
{
    /// <summary>Sends what is due; returns the number of (team, channel) cards delivered in this run.</summary>
    /// <param name="checkpoints">Checkpoint storage findings: a team's recommended ones go on its card too.</param>
    Task<int> SendAsync(IReadOnlyList<RightSizingRecommendation> recommendations, GuardrailsConfig config, CancellationToken cancellationToken = default,
        IReadOnlyList<CheckpointStorageFinding>? checkpoints = null);
}

/// <summary>
/// The latest checkpoint storage findings (one per checkpoint account), replaced at each right-sizing run: what the timer
/// judged from the ledger, for the digest, the CLI and whoever reads the table.
/// </summary>
public interface ICheckpointStorageStore
{
    /// <summary>Stores <paramref name="findings"/> and deletes the accounts' rows not among them; returns how many were deleted.</summary>
    Task<int> ReplaceAsync(DateTimeOffset evaluatedAt, IReadOnlyList<CheckpointStorageFinding> findings, CancellationToken cancellationToken = default);
    Task<IReadOnlyList<CheckpointStorageFinding>> GetLatestAsync(CancellationToken cancellationToken = default);
}

/// <summary>
/// Timer stage: every GPU VM in the idle scopes (ARM inventory) is sized from the hourly rollups the telemetry collector
/// stored for the window (<c>rightsizing.window</c>), with the hours billed in the ledger when a ledger is registered;
/// the verdicts replace the VMs' rows in the right-sizing table. Recommendations only: nothing is resized.
/// </summary>
public sealed class RightSizeStage(IComputeInventory inventory, IRollupStore rollups, IRightSizingStore store, VmSkuCatalog skus,
    IPriceCatalog prices, IdleOptions options, Func<GuardrailsConfig> config, TimeProvider time)
{
    /// <summary>The ledger's per-resource costs (GPU-hours billed); null when no ledger is registered.</summary>
    public IResourceCostReader? Ledger { get; init; }

    /// <summary>The weekly digest per team (rightsizing.channels); null sends none.</summary>
    public IRightSizingDigestSender? Digest { get; init; }

    /// <summary>Checkpoint storage from the ledger's storage-tier rows (<c>rightsizing.checkpoints</c>); null when no ledger is registered.</summary>
    public CheckpointStorageReview? Checkpoints { get; init; }

    /// <summary>Where the checkpoint findings are kept (the right-sizing table's <c>checkpoints</c> partition); null keeps none.</summary>
    public ICheckpointStorageStore? CheckpointStore { get; init; }

    /// <summary>The checkpoint storage report of the last <see cref="RunAsync"/> (null before, or without a ledger).</summary>
    public CheckpointStorageReport? LastCheckpointReport { get; private set; }

    public async Task<IReadOnlyList<RightSizingRecommendation>> RunAsync(CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        var end = new DateTimeOffset(now.UtcDateTime.Date.AddHours(now.UtcDateTime.Hour), TimeSpan.Zero);
        // The rollups were made with the collector's sample interval: coverage is counted in its slots.
        var criteria = RightSizingCriteria.From(config().RightSizing) with { SampleInterval = options.SampleInterval };
        var engine = new RightSizingEngine(skus, prices, criteria);
        var machines = await inventory.ListGpuMachinesAsync(options.Scopes, cancellationToken).ConfigureAwait(false);
        var billed = await BilledGpuHoursAsync(end - criteria.Window, end, cancellationToken).ConfigureAwait(false);
        var results = new List<RightSizingRecommendation>();
        foreach (var m in machines)
        {
            var hours = await RollupsAsync(m, end - criteria.Window, end, cancellationToken).ConfigureAwait(false);
            var sizer = SlotInterval(hours) is { } made && made != criteria.SampleInterval
                ? new RightSizingEngine(skus, prices, criteria with { SampleInterval = made })
                : engine;
            results.Add(await sizer.RecommendAsync(m, hours, end, BilledHours(m, billed), cancellationToken).ConfigureAwait(false));
        }
        await store.UpsertAsync(now, results, cancellationToken).ConfigureAwait(false);
        await store.DeleteOthersAsync(results.ConvertAll(r => r.ResourceId), cancellationToken).ConfigureAwait(false); // VMs that left the scopes
        var checkpoints = await CheckpointsAsync(now, cancellationToken).ConfigureAwait(false);
        if (Digest is not null) await Digest.SendAsync(results, config(), cancellationToken, checkpoints).ConfigureAwait(false);
        return results;
    }

    /// <summary>
    /// The slot size the rollups were made with (each stores its slots per hour): the finest when they differ, so coarser
    /// hours count as partly unknown. Rollups written from a 30-minute recording (`guardrails idle --store`) are counted in
    /// 30-minute slots, not the collector's setting. Null when they do not say.
    /// </summary>
    private static TimeSpan? SlotInterval(IReadOnlyList<GpuHourlyRollup> hours)
    {
        var slots = hours.Count == 0 ? 0 : hours.Max(h => h.Slots);
        return slots > 0 && 60 % slots == 0 ? TimeSpan.FromMinutes(60 / slots) : null;
    }

    /// <summary>Checkpoint storage judged from the ledger up to its last day with storage rows, stored when a store is given.</summary>
    private async Task<IReadOnlyList<CheckpointStorageFinding>> CheckpointsAsync(DateTimeOffset now, CancellationToken ct)
    {
        if (Checkpoints is null) return [];
        var report = await Checkpoints.ReviewAsync(config().RightSizing, cancellationToken: ct).ConfigureAwait(false);
        LastCheckpointReport = report;
        if (CheckpointStore is not null) await CheckpointStore.ReplaceAsync(now, report.Findings, ct).ConfigureAwait(false);
        return report.Findings;
    }

    /// <summary>The machine's rollups under its computer name (what the collector keys them by), else its VM name.</summary>
    private async Task<IReadOnlyList<GpuHourlyRollup>> RollupsAsync(ComputeMachine m, DateTimeOffset from, DateTimeOffset to, CancellationToken ct)
    {
        foreach (var host in new[] { m.ComputerName, m.Name }.Where(h => !string.IsNullOrWhiteSpace(h)).Distinct(StringComparer.OrdinalIgnoreCase))
            if (await rollups.GetAsync(host!, from, to, ct).ConfigureAwait(false) is { Count: > 0 } found) return found;
        return [];
    }

    private async Task<Dictionary<string, decimal>> BilledGpuHoursAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken ct)
    {
        if (Ledger is null) return new(StringComparer.OrdinalIgnoreCase);
        // Whole days inside the window only: a partly covered day would count hours outside it.
        var query = new LedgerQuery(DateOnly.FromDateTime(from.UtcDateTime).AddDays(1), DateOnly.FromDateTime(to.UtcDateTime).AddDays(-1));
        var costs = await Ledger.GetResourceCostsAsync(query, ct).ConfigureAwait(false);
        return costs.Where(c => c.GpuHours > 0m).GroupBy(c => c.ResourceId, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => g.Sum(c => c.GpuHours), StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>VM hours billed = GPU-hours billed ÷ the size's GPUs; null (telemetry hours) when the ledger has none.</summary>
    private decimal? BilledHours(ComputeMachine m, Dictionary<string, decimal> billed) =>
        billed.TryGetValue(m.ResourceId, out var gpuHours) && skus.Find(m.VmSize) is { GpuCount: > 0m } sku
            ? Math.Round(gpuHours / sku.GpuCount, 1)
            : null;
}

using Guardrails.Core.Billing;

namespace Guardrails.Core.Ledger;

public sealed record IngestOptions
{
    public ExportFormat Format { get; init; } = ExportFormat.Auto;
    public IQuarantineSink? Quarantine { get; init; }
    /// <summary>Reports bytes read so far (for progress bars).</summary>
    public IProgress<long>? BytesRead { get; init; }
    /// <summary>
    /// Reports rows read so far over all sources (for progress labels): accepted rows every
    /// <see cref="CostLedgerIngestor.RowsReportEvery"/> while a file is read, then the file's rows read (accepted and
    /// rejected) when it is done. Null (the default): rows are not counted as they go.
    /// </summary>
    public IProgress<long>? RowsRead { get; init; }
    /// <summary>
    /// Whether to build <see cref="IngestResult.ResourceCosts"/> (per resource and day) and <see cref="IngestResult.StorageCosts"/>
    /// (storage accounts per meter and day). Callers that only need the facts
    /// (e.g. <c>guardrails ingest</c>) turn it off: it saves a dictionary entry per resource-day and a lookup per row.
    /// </summary>
    public bool IncludeResourceCosts { get; init; } = true;
    /// <summary>
    /// Whether facts keep their billing scope (SubAccountId, ResourceGroupName), which budgets and the stored ledger filter
    /// on. Off, facts are keyed only by day, allocation, kind, category, service, pricing category and currency (the
    /// grain of issue #2's fact); callers that only print those groups (plain <c>guardrails ingest</c>) turn it off, so a
    /// large export with hundreds of resource groups holds far fewer facts. Totals and splits are the same either way.
    /// </summary>
    public bool IncludeScopeDetail { get; init; } = true;
    /// <summary>Test seam: force (true) or forbid (false) reading large plain CSV files in parallel parts; null = by size.</summary>
    internal bool? Split { get; init; }

    /// <summary>Test seam: how many workers read a file in parallel parts; null = one per core, 2 to 4.</summary>
    internal int? Workers { get; init; }

    /// <summary>Test seam: the part size of a parallel read, in bytes; null = by file size.</summary>
    internal long? PartSize { get; init; }
}

/// <summary>What the ledger made of one or more export files.</summary>
public sealed record IngestResult
{
    public long RowsRead { get; init; }
    public long RowsAccepted { get; init; }
    public long RowsRejected { get; init; }
    public ExportFormat Format { get; init; }
    /// <summary>e.g. "1.0", "1.2" for FOCUS, "ea-2023" for a legacy header variant.</summary>
    public string? FormatVersion { get; init; }
    public IReadOnlyList<CurrencyTotal> Totals { get; init; } = [];
    public IReadOnlyList<DailyCostFact> Facts { get; init; } = [];
    public IReadOnlyList<ResourceDailyCost> ResourceCosts { get; init; } = [];
    /// <summary>Storage accounts' capacity meters by access tier and other costs per day (built with <see cref="IngestOptions.IncludeResourceCosts"/>).</summary>
    public IReadOnlyList<StorageTierDailyCost> StorageCosts { get; init; } = [];
    public string? QuarantineLocation { get; init; }
    /// <summary>Allocation keys left unallocated because two spellings of one tag disagreed (allocation.tagPrefixes), one line each.</summary>
    public IReadOnlyList<string> TagConflicts { get; init; } = [];
}

/// <summary>
/// The ledger's ingest stage chain: read → normalize → allocate → aggregate. Streams any size in constant memory
/// (memory grows with the number of distinct facts, not rows).
/// </summary>
public interface ICostLedgerIngestor
{
    Task<IngestResult> IngestAsync(IReadOnlyList<IngestSource> sources, IngestOptions options, CancellationToken cancellationToken = default);
}

/// <summary>Reads allocated daily facts back from wherever the ledger is stored.</summary>
public interface ICostLedgerReader
{
    Task<IReadOnlyList<DailyCostFact>> GetFactsAsync(LedgerQuery query, CancellationToken cancellationToken = default);
}

/// <summary>A ledger query: a day range and optional scope filters (allocation values, subscription, resource group).</summary>
public sealed record LedgerQuery(DateOnly From, DateOnly ToInclusive)
{
    public IReadOnlyDictionary<string, string>? Allocation { get; init; }
    public string? SubAccountId { get; init; }
    public string? ResourceGroupName { get; init; }

    /// <summary>
    /// What of each fact the reader uses. <see cref="LedgerDetail.Allocation"/> lets a store answer from a per-run
    /// summary (day × allocation × kind × category × currency, amounts summed exactly), whose facts carry no service,
    /// pricing category, subscription or resource group (a query filtered by subscription or resource group is answered
    /// from the facts).
    /// </summary>
    public LedgerDetail Detail { get; init; } = LedgerDetail.Fact;

    public static LedgerQuery ForMonth(int year, int month) =>
        new(new DateOnly(year, month, 1), new DateOnly(year, month, 1).AddMonths(1).AddDays(-1));
}

/// <summary>How much of a <see cref="DailyCostFact"/> a ledger reader needs.</summary>
public enum LedgerDetail
{
    /// <summary>Every dimension of the fact.</summary>
    Fact,

    /// <summary>
    /// Day, allocation, kind, category, currency and the amounts only: ServiceName may be empty, PricingCategory
    /// Standard, SubAccountId and ResourceGroupName null. Sums over those dimensions are the same to the cent.
    /// </summary>
    Allocation,
}

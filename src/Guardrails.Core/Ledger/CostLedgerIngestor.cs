using Guardrails.Core.Allocation;
using Guardrails.Core.Billing;
using Guardrails.Core.Common;
using Guardrails.Core.Configuration;
using Guardrails.Core.Pricing;

namespace Guardrails.Core.Ledger;

/// <summary>
/// The ledger's ingest chain: read (<see cref="CostExportReader"/>) → allocate (<see cref="CostAllocator"/>) →
/// aggregate (<see cref="DailyCostAggregator"/>). Rows stream through one at a time; memory grows with distinct facts
/// and resource-days only. Only the tag keys allocation needs (aliases and shared-scope tags) are kept by the reader.
/// A whole-file problem (not a cost export, truncated gzip...) throws <see cref="CostExportException"/> and nothing
/// of that ingest is returned; rejected rows are counted and quarantined, never fatal.
/// </summary>
public sealed class CostLedgerIngestor : ICostLedgerIngestor
{
    private readonly AllocationConfig _config;
    private readonly CostExportReader _reader;
    private readonly VmSkuCatalog? _catalog;

    private readonly IReadOnlyList<string> _storageTagKeys;

    /// <param name="storageTagKeys">
    /// Tag keys the storage-tier rows keep besides the allocation's (the checkpoint tag and the team tag of right-sizing):
    /// the reader keeps them too. See <see cref="For"/>.
    /// </param>
    public CostLedgerIngestor(AllocationConfig config, CostExportReader? reader = null, VmSkuCatalog? catalog = null, IReadOnlyList<string>? storageTagKeys = null)
    {
        _config = config ?? throw new ArgumentNullException(nameof(config));
        _storageTagKeys = storageTagKeys ?? [];
        _reader = reader ?? new CostExportReader();
        _catalog = catalog;
    }

    public async Task<IngestResult> IngestAsync(IReadOnlyList<IngestSource> sources, IngestOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sources);
        ArgumentNullException.ThrowIfNull(options);

        var aggregate = NewAggregate(options);
        var tagKeys = TagKeys(aggregate.Allocator);
        long read = 0, accepted = 0, rejected = 0, bytesBefore = 0;
        var formats = new HashSet<ExportFormat>();
        var versions = new SortedSet<string>(StringComparer.Ordinal);
        var conflicts = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var source in sources)
        {
            cancellationToken.ThrowIfCancellationRequested();
            // Rows of this file counted as they are accepted, on top of earlier files' (a fresh count for each read of it).
            var rowsBefore = read;
            RowCount? CountRows() => options.RowsRead is null ? null : new RowCount(options.RowsRead, rowsBefore);
            var readOptions = ReadOptions(options, tagKeys, bytesBefore);
            (var summary, aggregate) = await ReadSourceAsync(source, readOptions, options, aggregate, CountRows, conflicts, cancellationToken).ConfigureAwait(false);
            read += summary.RowsRead;
            accepted += summary.RowsAccepted;
            rejected += summary.RowsRejected;
            formats.Add(summary.Format);
            if (summary.FormatVersion is { } v) versions.Add(v);
            bytesBefore += source.Length ?? 0;
            options.RowsRead?.Report(read);
        }

        var result = Complete(aggregate.Aggregator, sources);
        conflicts.UnionWith(aggregate.Allocator.TagConflicts);
        return new IngestResult
        {
            RowsRead = read,
            RowsAccepted = accepted,
            RowsRejected = rejected,
            Format = formats.Count == 1 ? formats.First() : ExportFormat.Auto,
            FormatVersion = versions.Count == 0 ? null : string.Join(",", versions),
            Totals = result.Totals,
            Facts = result.Facts,
            ResourceCosts = result.ResourceCosts,
            StorageCosts = result.StorageCosts,
            QuarantineLocation = options.Quarantine?.Location,
            TagConflicts = [.. conflicts],
        };
    }

    private static CostReadOptions ReadOptions(IngestOptions options, IReadOnlySet<string> tagKeys, long bytesBefore) => new()
    {
        Format = options.Format,
        Quarantine = options.Quarantine,
        TagKeys = tagKeys,
        Split = options.Split,
        PartSize = options.PartSize,
        BytesRead = options.BytesRead is null ? null : new OffsetProgress(options.BytesRead, bytesBefore),
    };

    /// <summary>
    /// The ledger's ingestor for a configuration: its allocation, and the tags checkpoint storage is judged by
    /// (<c>rightsizing.checkpoints.tagKey</c> and <c>rightsizing.teamTag</c>) kept on the storage-tier rows.
    /// </summary>
    public static CostLedgerIngestor For(GuardrailsConfig config, VmSkuCatalog? catalog = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        var rightSizing = config.RightSizing;
        return new CostLedgerIngestor(config.Allocation, catalog: catalog,
            storageTagKeys: [.. new[] { rightSizing?.Checkpoints?.TagKey, rightSizing?.TeamTag }.Where(k => !string.IsNullOrWhiteSpace(k)).Select(k => k!.Trim())]);
    }

    private IReadOnlySet<string> TagKeys(CostAllocator allocator)
    {
        if (_storageTagKeys.Count == 0) return allocator.TagKeys;
        var keys = new HashSet<string>(allocator.TagKeys, StringComparer.OrdinalIgnoreCase);
        keys.UnionWith(_storageTagKeys);
        return keys;
    }

    /// <summary>One allocator and the aggregate it feeds, with the sink that joins them.</summary>
    private sealed record Aggregate(CostAllocator Allocator, DailyCostAggregator Aggregator, AllocatingSink Sink);

    private Aggregate NewAggregate(IngestOptions options)
    {
        var allocator = new CostAllocator(_config, _catalog) { InternResourceIds = options.IncludeResourceCosts };
        var aggregator = new DailyCostAggregator(allocator, _config, options.IncludeResourceCosts, options.IncludeScopeDetail);
        return new Aggregate(allocator, aggregator, new AllocatingSink(allocator, aggregator));
    }

    /// <summary>
    /// Reads one source into <paramref name="into"/>; returns its summary and the aggregate the ingest goes on with. A large
    /// plain CSV file is read in parts by several workers, each into its own allocator and aggregate, merged before the
    /// next source (so the result is the sequential one, see docs/benchmarks.md). A worker aggregate becomes the ingest's
    /// own when nothing was summed before; else it is merged in. When the read is void (a cut fell inside a quoted field)
    /// the worker aggregates are dropped and the file read sequentially.
    /// </summary>
    private async Task<(CostReadSummary Summary, Aggregate Into)> ReadSourceAsync(IngestSource source, CostReadOptions readOptions,
        IngestOptions options, Aggregate into, Func<RowCount?> countRows, ISet<string> conflicts, CancellationToken cancellationToken)
    {
        try
        {
            if (CostExportReader.IsSplitCandidate(source, options.Split))
            {
                var workers = Enumerable.Range(0, options.Workers ?? CostExportReader.ParallelWorkers).Select(_ => NewAggregate(options)).ToArray();
                var count = countRows();
                var summary = await _reader.TryReadSplitAsync(source, readOptions, workers.Select(w => RowCount.Wrap(count, w.Sink)).ToArray(),
                    cancellationToken).ConfigureAwait(false);
                if (summary is not null)
                {
                    foreach (var w in workers) conflicts.UnionWith(w.Allocator.TagConflicts);
                    for (var w = 1; w < workers.Length; w++) workers[0].Aggregator.MergeFrom(workers[w].Aggregator, byPart: true);
                    if (into.Aggregator.IsEmpty) return (summary, workers[0]);
                    into.Aggregator.MergeFrom(workers[0].Aggregator);
                    return (summary, into);
                }
            }

            return (await _reader.ReadAsync(source, readOptions, RowCount.Wrap(countRows(), into.Sink), cancellationToken).ConfigureAwait(false), into);
        }
        catch (SumOutOfRangeException e)
        {
            throw CostExportReader.TotalOutOfRange(source.Name, null, e.Currency, e);
        }
    }

    private static AggregationResult Complete(DailyCostAggregator aggregator, IReadOnlyList<IngestSource> sources)
    {
        try
        {
            return aggregator.Complete();
        }
        catch (SumOutOfRangeException e)
        {
            // Sums over every file of the ingest: each file's own sums were in range.
            throw CostExportReader.TotalOutOfRange(string.Join(", ", sources.Select(s => s.Name)), null, e.Currency, e);
        }
    }

    /// <summary>Hands each accepted record to the allocator and the aggregate (no per-row allocation). Neither keeps the
    /// record (they keep interned names and sums), so the reader may refill one record for every row.</summary>
    private sealed class AllocatingSink(CostAllocator allocator, DailyCostAggregator aggregator) : ICostRecordSink
    {
        public bool KeepsRecords => false;

        public void Accept(CostRecord record)
        {
            try
            {
                aggregator.Add(allocator.Allocate(record));
            }
            catch (OverflowException e) when (e is not SumOutOfRangeException)
            {
                // A fact's sum (or a row's GPU-hours) beyond the decimal range: the file cannot be summed.
                throw new SumOutOfRangeException(record.BillingCurrency, e);
            }
        }

        public void BeginPart(int part) => aggregator.CurrentPart = part;
    }

    /// <summary>Rows are reported every this many accepted rows while a file is read (and at the end of each file).</summary>
    public const int RowsReportEvery = 8_192;

    /// <summary>
    /// Accepted rows of one file counted into <paramref name="progress"/> on top of the rows of earlier files
    /// (<paramref name="offset"/>); the sinks of parallel workers share one count. Each sink counts on its own and adds
    /// whole batches of <see cref="Batch"/> rows to the shared count (one atomic add per batch, not per row); the file's
    /// exact rows are reported when it is done. Only made when rows are asked for.
    /// </summary>
    private sealed class RowCount(IProgress<long> progress, long offset)
    {
        private const int Batch = 1_024; // divides RowsReportEvery: the shared count crosses each report mark exactly
        private long _rows;

        public static ICostRecordSink Wrap(RowCount? count, ICostRecordSink sink) => count is null ? sink : new CountingSink(sink, count);

        private void AddBatch()
        {
            var n = Interlocked.Add(ref _rows, Batch);
            if (n % RowsReportEvery == 0) progress.Report(offset + n);
        }

        private sealed class CountingSink(ICostRecordSink inner, RowCount count) : ICostRecordSink
        {
            private int _pending;

            public bool KeepsRecords => inner.KeepsRecords;

            public void Accept(CostRecord record)
            {
                inner.Accept(record);
                if (++_pending < Batch) return;
                _pending = 0;
                count.AddBatch();
            }

            public void BeginPart(int part) => inner.BeginPart(part);
        }
    }

    /// <summary>Turns per-file byte counts into a running total over all sources.</summary>
    private sealed class OffsetProgress(IProgress<long> inner, long offset) : IProgress<long>
    {
        public void Report(long value) => inner.Report(offset + value);
    }
}

using Guardrails.Core.Configuration;
using Guardrails.Core.Ledger;

namespace Guardrails.Core.RightSizing;

/// <summary>What the ledger says of checkpoint storage up to a day, and the runs it could not say anything for.</summary>
/// <param name="End">The day the findings are judged at (the last day with storage rows, or the one asked for); null when the ledger has none.</param>
/// <param name="From">The first day read: the first of the month that holds <c>End − maxHotAge</c> (cost by tier covers From…End).</param>
/// <param name="RunsWithoutStorageRows">Current runs ingested before the ledger kept storage-tier rows: their storage is unknown, not zero.</param>
public sealed record CheckpointStorageReport(IReadOnlyList<CheckpointStorageFinding> Findings, DateOnly? From, DateOnly? End,
    IReadOnlyList<string> RunsWithoutStorageRows);

/// <summary>
/// Checkpoint storage from the ledger (<see cref="IStorageTierCostReader"/>) instead of an export: the storage-tier rows from
/// the first of the month that holds <c>end − maxHotAge</c> up to <c>end</c> go through the same
/// <see cref="CheckpointStorageAnalyzer"/>, so a month ingested into the ledger gives the findings its export gives. Without
/// an end day, the last day the ledger's latest months have storage rows for. Recommendations only: nothing is moved.
/// </summary>
public sealed class CheckpointStorageReview(IStorageTierCostReader ledger, ILedgerMonthIndex months)
{
    public async Task<CheckpointStorageReport> ReviewAsync(RightSizingConfig config, DateOnly? end = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(config);
        var ageDays = (int)Math.Round(config.Checkpoints.MaxHotAgeTime.TotalDays);
        DateOnly last;
        if (end is { } asked) last = asked;
        else
        {
            var held = await months.GetMonthsWithCostsAsync(cancellationToken).ConfigureAwait(false);
            if (held.Count == 0) return new CheckpointStorageReport([], null, null, []);
            last = held[^1].AddMonths(1).AddDays(-1);
        }
        // Read from the month before the age could reach, so the end found below still has maxHotAge days of history.
        var read = await ledger.GetStorageTierCostsAsync(new LedgerQuery(FirstOfMonth(last.AddDays(-ageDays)), last), cancellationToken).ConfigureAwait(false);
        if (end is null)
        {
            if (read.Rows.Count == 0) return new CheckpointStorageReport([], null, null, read.RunsWithoutStorageRows);
            last = read.Rows.Max(r => r.Day);
        }
        var from = FirstOfMonth(last.AddDays(-ageDays));
        var analyzer = new CheckpointStorageAnalyzer(config.Checkpoints, new StoragePriceTable(config.Checkpoints), config.TeamTag);
        foreach (var row in read.Rows)
            if (row.Day >= from && row.Day <= last) analyzer.Accept(row);
        return new CheckpointStorageReport(analyzer.Findings(last), from, last, read.RunsWithoutStorageRows);
    }

    private static DateOnly FirstOfMonth(DateOnly day) => new(day.Year, day.Month, 1);
}

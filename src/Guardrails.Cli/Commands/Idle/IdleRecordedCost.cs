using Azure.Data.Tables;
using Guardrails.Core.Actions;
using Guardrails.Core.Idle;
using Guardrails.Core.Ledger;
using Guardrails.Core.Pricing;
using Guardrails.Core.Telemetry;
using Guardrails.Infrastructure.Idle;
using Guardrails.Infrastructure.Telemetry;

namespace Guardrails.Cli.Commands.Idle;

/// <summary>What recorded telemetry left in the store: hourly rollups and the idle-cost facts of the days it covers.</summary>
public sealed record IdleCostWritten(int Rollups, DateOnly From, DateOnly ToInclusive, IReadOnlyList<DailyCostFact> IdleCost);

/// <summary>
/// `guardrails idle --store` over recorded telemetry: the Function App's CollectTelemetry stage, run once per hour the
/// recording covers (its clock set to the end of that hour), writes the hourly GPU rollups and the day's idle cost to
/// the same tables the Function App uses. No second implementation: rollup, price fallback and idle-cost rules are the
/// stage's. The idle cost stays in its own table (a view of direct GPU cost, never added to ledger totals).
/// </summary>
public static class IdleRecordedCost
{
    public static async Task<IdleCostWritten?> WriteAsync(TelemetrySet telemetry, IReadOnlyList<ComputeMachine> machines, IPriceCatalog prices,
        IObservedRateSource? billingRates, TableServiceClient tables, IdleOptions options, CancellationToken cancellationToken = default)
    {
        var times = telemetry.Hosts.Values.SelectMany(h => h.Gpus.Values).SelectMany(g => g.Readings).Select(r => r.Timestamp).ToList();
        if (times.Count == 0) return null;
        var first = HourFloor(times.Min());
        var last = HourFloor(times.Max()).AddHours(1);
        // A recording sampled less often than every minute (nvidia-smi -l 1800) rolls up with its own interval, so
        // an idle half-hour reading counts for half an hour, not one minute.
        if (RecordedInterval(telemetry) is { } interval && interval > options.SampleInterval) options.SampleInterval = interval;
        var rollups = new TableRollupStore(tables.GetTableClient(options.RollupsTable));
        var idleCost = new TableIdleCostStore(tables.GetTableClient(options.IdleCostTable));
        var source = new RecordedTelemetrySource(telemetry);
        var inventory = new IdleAudit.RecordedInventory(machines);
        var written = 0;
        for (var hourEnd = first.AddHours(1); hourEnd <= last; hourEnd = hourEnd.AddHours(1))
        {
            var stage = new CollectTelemetryStage(inventory, [source], rollups, idleCost, prices, VmSkuCatalog.Default, options,
                new IdleCommand.FixedTimeProvider(hourEnd))
            { BillingRates = billingRates };
            written += await stage.RunAsync(cancellationToken).ConfigureAwait(false);
        }

        var from = DateOnly.FromDateTime(first.UtcDateTime);
        var to = DateOnly.FromDateTime(last.AddTicks(-1).UtcDateTime);
        var facts = await idleCost.GetFactsAsync(new LedgerQuery(from, to), cancellationToken).ConfigureAwait(false);
        return new IdleCostWritten(written, from, to, facts);
    }

    /// <summary>The most common gap between consecutive readings of a GPU, in whole minutes that divide an hour; null when unclear.</summary>
    public static TimeSpan? RecordedInterval(TelemetrySet telemetry)
    {
        var gaps = new Dictionary<int, int>();
        foreach (var gpu in telemetry.Hosts.Values.SelectMany(h => h.Gpus.Values))
            for (var i = 1; i < gpu.Readings.Count; i++)
            {
                var minutes = (int)Math.Round((gpu.Readings[i].Timestamp - gpu.Readings[i - 1].Timestamp).TotalMinutes);
                if (minutes is > 0 and <= 60 && 60 % minutes == 0) gaps[minutes] = gaps.GetValueOrDefault(minutes) + 1;
            }
        return gaps.Count == 0 ? null : TimeSpan.FromMinutes(gaps.OrderByDescending(g => g.Value).ThenBy(g => g.Key).First().Key);
    }

    private static DateTimeOffset HourFloor(DateTimeOffset t)
    {
        var u = t.UtcDateTime;
        return new DateTimeOffset(u.Year, u.Month, u.Day, u.Hour, 0, 0, TimeSpan.Zero);
    }

    /// <summary>Recorded telemetry answering range reads like Prometheus would: only the readings in [from, to).</summary>
    private sealed class RecordedTelemetrySource(TelemetrySet recorded) : ITelemetrySource
    {
        public Task<TelemetrySet> ReadAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken = default)
        {
            var set = new TelemetrySet();
            foreach (var (name, host) in recorded.Hosts)
            {
                var h = set.GetOrAdd(name);
                foreach (var (id, gpu) in host.Gpus)
                {
                    var series = new GpuSeries(h.Host, id) { Model = gpu.Model };
                    series.Readings.AddRange(gpu.Readings.Where(r => r.Timestamp >= from && r.Timestamp < to));
                    h.Gpus[id] = series;
                }
                h.System.AddRange(host.System.Where(r => r.Timestamp >= from && r.Timestamp < to));
            }
            return Task.FromResult(set);
        }
    }
}

using Guardrails.Core.Ledger;
using Guardrails.Infrastructure.Exports;

namespace Guardrails.Functions.Functions;

/// <summary>Timer: find new Cost Management export runs and fan their blobs out to the export-parts queue.</summary>
public sealed class DiscoverExports(DiscoverExportsStage stage, ILogger<DiscoverExports> logger)
{
    [Function(nameof(DiscoverExports))]
    public async Task Run([TimerTrigger("%" + AppSettings.IngestSchedule + "%")] TimerInfo timer, FunctionContext context)
    {
        var result = await stage.DiscoverAsync(context.CancellationToken);
        logger.LogInformation(
            "Discovered {Found} runs: {Recorded} new, {Skipped} already superseded; {Enqueued} parts enqueued, {Resumed} resumed; {Deleted} stale runs deleted; next {Next}",
            result.RunsFound, result.RunsRecorded, result.RunsSkippedAsSuperseded, result.PartsEnqueued, result.PartsResumed,
            result.StaleRunsDeleted, timer.ScheduleStatus?.Next);
        foreach (var problem in result.Problems) logger.LogError("Export discovery problem: {Problem}", problem);
    }
}

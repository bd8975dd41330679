using System.Globalization;
using Guardrails.Core.Ledger;
using Guardrails.Infrastructure.Exports;

namespace Guardrails.Functions.Functions;

/// <summary>
/// Queue: ingest one export blob into the ledger. Failures are recorded on the part with the attempt number and
/// rethrown (the host retries up to host.json maxDequeueCount, then moves the message to export-parts-poison).
/// </summary>
public sealed class IngestExportPart(IngestExportPartStage stage, GuardrailsMetrics metrics, ILogger<IngestExportPart> logger)
{
    [Function(nameof(IngestExportPart))]
    public async Task Run([QueueTrigger(ExportPipelineOptions.PartsQueueName, Connection = AppSettings.Storage)] string message, FunctionContext context)
    {
        var part = ExportPartMessage.Parse(message);
        using var scope = logger.BeginScope(new Dictionary<string, object> { ["Export"] = part.Export, ["RunId"] = part.RunId, ["Part"] = part.PartIndex });
        var result = await stage.IngestAsync(part, DequeueCount(context), context.CancellationToken);
        metrics.RowsIngested.Add(result.RowsRead);
        metrics.FactsWritten.Add(result.FactsWritten);
        logger.LogInformation("Part {Part}/{Parts} of {Blob}: {Rows} rows ({Rejected} quarantined), {Facts} facts{Skipped}",
            part.PartIndex + 1, part.PartCount, part.Blob, result.RowsRead, result.RowsRejected, result.FactsWritten,
            result.SkippedBecause is { } why ? "; skipped: " + why : "");
    }

    /// <summary>Records why a part ended in export-parts-poison, so the runs table tells the whole story.</summary>
    [Function("RecordPoisonedExportPart")]
    public Task RecordPoisoned([QueueTrigger(ExportPipelineOptions.PoisonQueueName, Connection = AppSettings.Storage)] string message, FunctionContext context) =>
        stage.RecordPoisonedAsync(ExportPartMessage.Parse(message), context.CancellationToken);

    /// <summary>The queue trigger's DequeueCount metadata (1 on the first delivery).</summary>
    internal static int DequeueCount(FunctionContext context) =>
        context.BindingContext.BindingData.TryGetValue("DequeueCount", out var value) &&
        int.TryParse(Convert.ToString(value, CultureInfo.InvariantCulture), NumberStyles.Integer, CultureInfo.InvariantCulture, out var count)
            ? count
            : 1;
}

using System.Diagnostics.Metrics;

namespace Guardrails.Infrastructure.Composition;

/// <summary>
/// The few counters operators watch, on the <c>Guardrails</c> meter (System.Diagnostics.Metrics: OpenTelemetry reads it
/// directly; the Function App forwards it to Application Insights custom metrics): rows ingested, facts written,
/// alerts sent, actions taken (tagged with their outcome).
/// </summary>
public sealed class GuardrailsMetrics : IDisposable
{
    public const string MeterName = "Guardrails";
    private readonly Meter _meter;

    public GuardrailsMetrics(IMeterFactory? factory = null)
    {
        _meter = factory?.Create(MeterName) ?? new Meter(MeterName);
        RowsIngested = _meter.CreateCounter<long>("guardrails.ledger.rows_ingested", "{row}", "Export rows read into the ledger (accepted and quarantined).");
        FactsWritten = _meter.CreateCounter<long>("guardrails.ledger.facts_written", "{fact}", "Daily cost facts written to Table Storage.");
        AlertsSent = _meter.CreateCounter<long>("guardrails.budgets.alerts_sent", "{alert}", "Budget alerts delivered to their channels.");
        ActionsTaken = _meter.CreateCounter<long>("guardrails.actions.taken", "{action}", "Executor outcomes (acted, dry-run, skipped, retry, failed).");
    }

    public Counter<long> RowsIngested { get; }
    public Counter<long> FactsWritten { get; }
    public Counter<long> AlertsSent { get; }
    public Counter<long> ActionsTaken { get; }

    public void Dispose() => _meter.Dispose();
}

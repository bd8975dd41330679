using System.ComponentModel.DataAnnotations;

namespace Guardrails.Core.Ledger;

/// <summary>Settings of the export → ledger pipeline (app settings "Pipeline__*"; defaults suit Azurite).</summary>
public sealed class ExportPipelineOptions
{
    public const string SectionName = "Pipeline";
    public const string PartsQueueName = "export-parts";
    public const string PoisonQueueName = PartsQueueName + "-poison";

    /// <summary>Comma-separated blob containers Cost Management exports into.</summary>
    [Required, RegularExpression(@"^\s*[a-z0-9][a-z0-9-]{2,62}(\s*,\s*[a-z0-9][a-z0-9-]{2,62})*\s*$",
        ErrorMessage = "Pipeline:ExportContainers must be comma-separated container names (3-63 lowercase letters, digits, '-').")]
    public string ExportContainers { get; set; } = "cost-exports";

    [Required, RegularExpression("^[a-z0-9-]{3,63}$")]
    public string PartsQueue { get; set; } = PartsQueueName;

    [Required, RegularExpression("^[A-Za-z][A-Za-z0-9]{2,62}$")]
    public string FactsTable { get; set; } = "ledgerfacts";

    [Required, RegularExpression("^[A-Za-z][A-Za-z0-9]{2,62}$")]
    public string RunsTable { get; set; } = "ledgerruns";

    /// <summary>Must equal host.json extensions.queues.maxDequeueCount: the attempt that is the last one records "poisoned".</summary>
    [Range(1, 100)]
    public int MaxDequeueCount { get; set; } = 5;

    /// <summary>A part not finished this long after it was enqueued or last touched is enqueued again (resume).</summary>
    [Range(typeof(TimeSpan), "00:00:00", "7.00:00:00")]
    public TimeSpan ResumeStalledAfter { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>How long a superseded run's facts are kept after a newer run replaced it.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "90.00:00:00")]
    public TimeSpan StaleRunRetention { get; set; } = TimeSpan.FromHours(24);

    /// <summary>Exports without a manifest are taken once their newest blob is this old.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan ManifestlessSettleTime { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// The in-process consumer's (<c>guardrails pipeline run</c>) lease on a part message: received invisible for this
    /// long and renewed every third of it while the part is being ingested, so a killed consumer's part is visible
    /// again within this time (not minutes). The Functions host manages its own lease on a running function.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:03", "00:10:00")]
    public TimeSpan PartVisibilityTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Transactions in flight per consumer when writing facts.</summary>
    [Range(1, 64)]
    public int WriteParallelism { get; set; } = 8;

    public IReadOnlyList<string> Containers =>
        ExportContainers.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}

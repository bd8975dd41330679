using System.Text.Json;
using System.Text.Json.Serialization;
using Guardrails.Core.Common;

namespace Guardrails.Core.Ledger;

/// <summary>
/// The export-parts queue message: one blob of one export run. JSON (camelCase), Base64-encoded on the queue as the
/// Functions queue trigger expects. Carries everything the consumer needs, so a part never waits for another.
/// </summary>
public sealed record ExportPartMessage
{
    public required string Export { get; init; }
    public required string RunId { get; init; }
    public required string Container { get; init; }
    public required string Blob { get; init; }
    public required int PartIndex { get; init; }
    public required int PartCount { get; init; }
    public required DateTimeOffset PeriodStart { get; init; }
    public required DateTimeOffset PeriodEnd { get; init; }
    public required DateTimeOffset SubmittedTime { get; init; }

    [JsonIgnore]
    public ExportRunRef Run => new(Export, RunId);

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { TypeInfoResolver = LedgerJsonContext.Default };

    public string ToJson() => JsonSerializer.Serialize(this, Json.Of<ExportPartMessage>());

    public static ExportPartMessage Parse(string json)
    {
        try
        {
            var m = JsonSerializer.Deserialize(json, Json.Of<ExportPartMessage>())
                ?? throw new FormatException("export-parts message: empty message.");
            if (string.IsNullOrWhiteSpace(m.Export) || string.IsNullOrWhiteSpace(m.RunId) || string.IsNullOrWhiteSpace(m.Blob) || string.IsNullOrWhiteSpace(m.Container))
                throw new FormatException("export-parts message: fields 'export', 'runId', 'container' and 'blob' must not be empty.");
            if (m.PartIndex < 0 || m.PartIndex >= m.PartCount)
                throw new FormatException($"export-parts message: 'partIndex' {m.PartIndex} is outside 0..{m.PartCount - 1}.");
            return m;
        }
        catch (JsonException ex)
        {
            throw new FormatException($"export-parts message: {ex.Message}", ex);
        }
    }
}

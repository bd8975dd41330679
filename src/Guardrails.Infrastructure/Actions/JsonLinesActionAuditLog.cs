using System.Text.Json;
using System.Text.Json.Serialization;
using Guardrails.Core.Actions;
using Guardrails.Core.Common;

namespace Guardrails.Infrastructure.Actions;

/// <summary>
/// The audit trail as a local JSON Lines file (one <see cref="ActionAuditEntry"/> per line, appended): what
/// <c>guardrails idle --execute</c> writes when no Table Storage is given. Money stays decimal in JSON.
/// </summary>
public sealed class JsonLinesActionAuditLog(string path) : IActionAuditLog
{
    private static readonly JsonSerializerOptions s_json = new(JsonSerializerDefaults.Web)
    {
        Converters =
        {
            new JsonStringEnumConverter<ActionOutcomeStatus>(JsonNamingPolicy.CamelCase), new JsonStringEnumConverter<ActionOrigin>(JsonNamingPolicy.CamelCase),
        },
        TypeInfoResolver = ActionJsonContext.Default,
    };

    private readonly SemaphoreSlim _gate = new(1, 1);

    public string Path { get; } = path;

    public async Task AppendAsync(ActionAuditEntry entry, CancellationToken cancellationToken = default)
    {
        var line = JsonSerializer.Serialize(entry, s_json.Of<ActionAuditEntry>()) + "\n";
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(Path)) is { } dir) Directory.CreateDirectory(dir);
            await File.AppendAllTextAsync(Path, line, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    public async Task<IReadOnlyList<ActionAuditEntry>> ReadDayAsync(DateOnly day, CancellationToken cancellationToken = default)
    {
        if (!File.Exists(Path)) return [];
        var entries = new List<ActionAuditEntry>();
        var number = 0;
        foreach (var line in await File.ReadAllLinesAsync(Path, cancellationToken).ConfigureAwait(false))
        {
            number++;
            if (string.IsNullOrWhiteSpace(line)) continue;
            ActionAuditEntry? entry;
            try { entry = JsonSerializer.Deserialize(line, s_json.Of<ActionAuditEntry>()); }
            catch (JsonException e) { throw new FormatException($"{Path}:{number}: not an audit entry: {e.Message}", e); }
            if (entry is not null && DateOnly.FromDateTime(entry.Time.UtcDateTime) == day) entries.Add(entry);
        }
        return entries.OrderByDescending(e => e.Time).ToList();
    }
}

using System.Text.Json;

namespace Guardrails.Benchmarks.IngestVsDuckDb;

/// <summary>Reads the one JSON document `guardrails ingest --json` writes (issue 2, section 4).</summary>
internal static class GuardrailsIngestOutput
{
    public static EngineOutput Parse(string json, string allocationKey)
    {
        using var doc = JsonDocument.Parse(json);
        var root = doc.RootElement;
        var rowsRead = root.GetProperty("rowsRead").GetInt64();
        var totals = root.GetProperty("totals").EnumerateArray()
            .Select(t => new Totals(t.GetProperty("currency").GetString()!, t.GetProperty("billedCost").GetDecimal(),
                t.GetProperty("effectiveCost").GetDecimal()))
            .OrderBy(t => t.Currency, StringComparer.Ordinal).ToArray();
        var groups = new List<Group>();
        foreach (var g in root.GetProperty("groups").EnumerateArray())
        {
            var team = "unallocated";
            if (g.TryGetProperty("allocation", out var allocation) && allocation.ValueKind == JsonValueKind.Object)
            {
                foreach (var p in allocation.EnumerateObject())
                    if (string.Equals(p.Name, allocationKey, StringComparison.OrdinalIgnoreCase) && p.Value.GetString() is { Length: > 0 } v)
                        team = v;
            }
            groups.Add(new Group(g.GetProperty("day").GetString()!, team,
                g.TryGetProperty("category", out var c) ? c.ToString() : "",
                g.GetProperty("currency").GetString()!, g.GetProperty("billedCost").GetDecimal(),
                g.GetProperty("effectiveCost").GetDecimal(), 0));
        }
        return new EngineOutput("guardrails", rowsRead, totals, groups);
    }
}

using System.IO.Compression;
using System.Text;
using Azure.Data.Tables;

namespace Guardrails.Infrastructure.Ledger;

/// <summary>
/// A part's rows (facts or resource-days) packed into few dense entities instead of one entity per row per index:
/// Table Storage bills and throttles per entity, so the entity count is the cost (docs/scale.md). Each row is its
/// entity's property values as strings (the same mapping as <see cref="LedgerEntities"/>, so values round-trip
/// exactly), written length-prefixed, gzip-compressed and cut into binary properties of at most 60,000 bytes (the
/// limit is 64 KiB), <see cref="PropertiesPerEntity"/> to an entity (about 600 KB stored, under the 1 MiB entity
/// limit even base64-encoded on the wire). The first entity of a part says how many there are, so a retried part
/// that writes fewer never leaves a stale one in the answer.
/// </summary>
internal static class PackedRows
{
    public const int BytesPerProperty = 60_000;
    public const int PropertiesPerEntity = 10;

    private static readonly HashSet<string> s_system = new(StringComparer.Ordinal) { "PartitionKey", "RowKey", "Timestamp", "odata.etag" };

    /// <summary>The entities holding <paramref name="rows"/> (their properties, with their types), all in partition <paramref name="partitionKey"/>.</summary>
    public static List<TableEntity> Pack(string partitionKey, IEnumerable<TableEntity> rows)
    {
        using var buffer = new MemoryStream();
        var count = 0;
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true))
        using (var writer = new BinaryWriter(gzip, Encoding.UTF8, leaveOpen: true))
        {
            foreach (var row in rows)
            {
                var properties = row.Where(kv => !s_system.Contains(kv.Key) && kv.Value is not null).ToList();
                writer.Write(properties.Count);
                foreach (var (name, value) in properties)
                {
                    writer.Write(name);
                    switch (value)
                    {
                        case string text: writer.Write((byte)1); writer.Write(text); break;
                        case int i: writer.Write((byte)2); writer.Write(i); break;
                        case long l: writer.Write((byte)3); writer.Write(l); break;
                        case bool b: writer.Write((byte)4); writer.Write(b); break;
                        default: throw new NotSupportedException($"packed rows: property '{name}' of type {value!.GetType().Name}");
                    }
                }
                count++;
            }
            writer.Write(-1);
        }
        var bytes = buffer.ToArray();
        var slices = (int)Math.Ceiling(bytes.Length / (double)BytesPerProperty);
        var entityCount = Math.Max(1, (int)Math.Ceiling(slices / (double)PropertiesPerEntity));
        var entities = new List<TableEntity>(entityCount);
        for (var e = 0; e < entityCount; e++)
        {
            var entity = new TableEntity(partitionKey, e.ToString("D5", System.Globalization.CultureInfo.InvariantCulture));
            if (e == 0)
            {
                entity["Entities"] = entityCount;
                entity["Rows"] = count;
                entity["Bytes"] = bytes.Length;
            }
            for (var p = 0; p < PropertiesPerEntity; p++)
            {
                var offset = (e * PropertiesPerEntity + p) * BytesPerProperty;
                if (offset >= bytes.Length) break;
                entity[$"D{p:D2}"] = bytes.AsSpan(offset, Math.Min(BytesPerProperty, bytes.Length - offset)).ToArray();
            }
            entities.Add(entity);
        }
        return entities;
    }

    /// <summary>The rows of one part's entities (any order; entities beyond the count the first one states are ignored).</summary>
    public static List<TableEntity> Unpack(IReadOnlyList<TableEntity> partEntities)
    {
        var ordered = partEntities.OrderBy(e => e.RowKey, StringComparer.Ordinal).ToList();
        if (ordered.Count == 0 || ordered[0].RowKey != "00000") throw new InvalidDataException("packed rows: the first entity of a part is missing");
        var expected = ordered[0].GetInt32("Entities") ?? 1;
        if (ordered.Count < expected) throw new InvalidDataException($"packed rows: {ordered.Count} of {expected} entities of partition '{ordered[0].PartitionKey}'");
        using var buffer = new MemoryStream();
        foreach (var entity in ordered.Take(expected))
            for (var p = 0; p < PropertiesPerEntity && entity.GetBinary($"D{p:D2}") is { } slice; p++)
                buffer.Write(slice);
        buffer.Position = 0;
        using var gzip = new GZipStream(buffer, CompressionMode.Decompress);
        using var reader = new BinaryReader(gzip, Encoding.UTF8);
        var rows = new List<TableEntity>();
        for (var n = reader.ReadInt32(); n >= 0; n = reader.ReadInt32())
        {
            var row = new TableEntity();
            for (var i = 0; i < n; i++)
            {
                var name = reader.ReadString();
                row[name] = reader.ReadByte() switch
                {
                    1 => reader.ReadString(),
                    2 => reader.ReadInt32(),
                    3 => reader.ReadInt64(),
                    4 => (object)reader.ReadBoolean(),
                    var t => throw new InvalidDataException($"packed rows: unknown value type {t}"),
                };
            }
            rows.Add(row);
        }
        return rows;
    }
}

using System.Buffers;
using System.Text;
using System.Text.Json;
using Parquet;
using Parquet.Schema;

namespace Guardrails.Core.Billing.Reading;

/// <summary>
/// A top-level Parquet <c>MAP&lt;string, string&gt;</c> column (AWS Data Exports write FOCUS <c>Tags</c> so) as one JSON
/// object text per row — <c>{"team":"vision","env":"prod"}</c> — which the Tags parser reads like a CSV's Tags column.
/// A null or empty map is null (no tags); a key whose value is null keeps a JSON null. The key and value leaves come back
/// packed (defined values only): the repetition level 0 starts a row, the definition level says which slots hold a value.
/// </summary>
internal static class ParquetMapColumn
{
    public static bool IsText(DataField field) => field.ClrType == typeof(string) || field.ClrType == typeof(ReadOnlyMemory<char>);

    public static async Task<string?[]> ReadAsJsonAsync(ParquetRowGroupReader group, DataField key, DataField value, int rows, CancellationToken ct)
    {
        var slots = checked((int)(group.GetMetadata(key)?.MetaData?.NumValues ?? 0));
        var keys = new ReadOnlyMemory<char>[slots];
        var values = new ReadOnlyMemory<char>[slots];
        var keyLevels = new int[slots];
        var valueLevels = new int[slots];
        var repetition = new int[slots];
        await group.ReadRawAsync(key, keys.AsMemory(), keyLevels.AsMemory(), repetition.AsMemory(), ct).ConfigureAwait(false);
        await group.ReadRawAsync(value, values.AsMemory(), valueLevels.AsMemory(), new int[slots].AsMemory(), ct).ConfigureAwait(false);
        return Assemble(keys, values, keyLevels, valueLevels, repetition, key.MaxDefinitionLevel, value.MaxDefinitionLevel, rows);
    }

    private static string?[] Assemble(ReadOnlyMemory<char>[] keys, ReadOnlyMemory<char>[] values, int[] keyLevels, int[] valueLevels,
        int[] repetition, int keyDefined, int valueDefined, int rows)
    {
        var result = new string?[rows];
        var buffer = new ArrayBufferWriter<byte>();
        using var json = new Utf8JsonWriter(buffer);
        int row = -1, k = 0, v = 0, pairs = 0;
        for (var i = 0; i < repetition.Length; i++)
        {
            if (repetition[i] == 0)
            {
                Flush(result, row, json, buffer, pairs);
                if (++row >= rows) throw new InvalidDataException($"the map column has more rows than the row group's {rows}");
                pairs = 0;
                json.Reset();
                json.WriteStartObject();
            }
            if (keyLevels[i] < keyDefined) continue; // a null or empty map
            json.WritePropertyName(keys[k++].Span);
            if (valueLevels[i] >= valueDefined) json.WriteStringValue(values[v++].Span);
            else json.WriteNullValue();
            pairs++;
        }
        Flush(result, row, json, buffer, pairs);
        if (row + 1 != rows && repetition.Length > 0)
            throw new InvalidDataException($"the map column has {row + 1} rows, the row group {rows}");
        return result;
    }

    private static void Flush(string?[] result, int row, Utf8JsonWriter json, ArrayBufferWriter<byte> buffer, int pairs)
    {
        if (row < 0) return;
        json.WriteEndObject();
        json.Flush();
        result[row] = pairs == 0 ? null : Encoding.UTF8.GetString(buffer.WrittenSpan);
        buffer.Clear();
    }
}

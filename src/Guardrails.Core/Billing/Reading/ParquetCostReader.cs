using System.Globalization;
using Parquet;
using Parquet.Schema;

namespace Guardrails.Core.Billing.Reading;

/// <summary>
/// Reads a Parquet cost export row group by row group (memory is bounded by one row group of the mapped columns).
/// Values are turned into their invariant text and go through the same mapper as CSV, so the rules are identical.
/// "Line" for a Parquet row is its 1-based row number + 1 (the first data row is 2, as in a CSV with a header).
/// </summary>
internal static class ParquetCostReader
{
    public static async Task ReadAsync(Stream stream, CostExportReader.ReadState state, CancellationToken cancellationToken)
    {
        FileStream? temp = null;
        try
        {
            if (!stream.CanSeek)
            {
                // Parquet needs random access (footer first); spool to a temporary file, not memory.
                temp = new FileStream(Path.GetTempFileName(), FileMode.Create, FileAccess.ReadWrite, FileShare.None, 1 << 16,
                    FileOptions.DeleteOnClose | FileOptions.Asynchronous);
                await stream.CopyToAsync(temp, cancellationToken).ConfigureAwait(false);
                temp.Position = 0;
                stream = temp;
            }

            ParquetReader reader;
            try
            {
                reader = await ParquetReader.CreateAsync(stream, null, true, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException or InvalidDataException or NotSupportedException or ArgumentException)
            {
                throw new CostExportException(state.Source, null, "not a readable Parquet file: " + e.Message, e);
            }

            await using (reader.ConfigureAwait(false))
            {
                var fields = reader.Schema.GetDataFields();
                var header = fields.Select(f => f.Name).ToArray();
                var mapper = state.Start(header);
                var mapped = new HashSet<int>(MappedColumns(mapper));
                long rowNumber = 0;
                for (var g = 0; g < reader.RowGroupCount; g++)
                {
                    using var group = reader.OpenRowGroupReader(g);
                    var count = checked((int)group.RowCount);
                    var columns = new string?[]?[fields.Length];
                    for (var c = 0; c < fields.Length; c++)
                    {
                        columns[c] = mapped.Contains(c)
                            ? await ReadAsStringsAsync(group, fields[c], count, cancellationToken).ConfigureAwait(false)
                            : null;
                    }

                    for (var r = 0; r < count; r++)
                    {
                        rowNumber++;
                        var row = new ParquetRow(columns, r, rowNumber + 1);
                        state.Row(mapper, ref row);
                    }

                    cancellationToken.ThrowIfCancellationRequested();
                }
            }
        }
        finally
        {
            if (temp is not null) await temp.DisposeAsync().ConfigureAwait(false);
        }
    }

    private static IEnumerable<int> MappedColumns(CostRowMapper mapper) => mapper.Layout.Mapped;

    private readonly struct ParquetRow(string?[]?[] columns, int row, long line) : IRawRow
    {
        public int ColCount => columns.Length;
        public long Line => line;

        public int RawLength
        {
            get
            {
                var total = 0;
                foreach (var c in columns)
                    if (c?[row] is { } s) total += s.Length;
                return total;
            }
        }

        public ReadOnlySpan<char> this[int index] => columns[index]?[row];
    }

    private static async Task<string?[]> ReadAsStringsAsync(ParquetRowGroupReader group, DataField field, int count, CancellationToken ct)
    {
        var t = field.ClrType;
        if (t == typeof(string))
        {
            var buffer = new string?[count];
            await group.ReadAsync(field, buffer.AsMemory(), null, ct).ConfigureAwait(false);
            return buffer;
        }

        if (t == typeof(decimal)) return await ReadValuesAsync<decimal>(group, field, count, static v => v.ToString(CultureInfo.InvariantCulture), ct).ConfigureAwait(false);
        if (t == typeof(double)) return await ReadValuesAsync<double>(group, field, count, static v => ((decimal)v).ToString(CultureInfo.InvariantCulture), ct).ConfigureAwait(false);
        if (t == typeof(float)) return await ReadValuesAsync<float>(group, field, count, static v => ((decimal)v).ToString(CultureInfo.InvariantCulture), ct).ConfigureAwait(false);
        if (t == typeof(long)) return await ReadValuesAsync<long>(group, field, count, static v => v.ToString(CultureInfo.InvariantCulture), ct).ConfigureAwait(false);
        if (t == typeof(int)) return await ReadValuesAsync<int>(group, field, count, static v => v.ToString(CultureInfo.InvariantCulture), ct).ConfigureAwait(false);
        if (t == typeof(short)) return await ReadValuesAsync<short>(group, field, count, static v => v.ToString(CultureInfo.InvariantCulture), ct).ConfigureAwait(false);
        if (t == typeof(bool)) return await ReadValuesAsync<bool>(group, field, count, static v => v ? "true" : "false", ct).ConfigureAwait(false);
        if (t == typeof(DateTime)) return await ReadValuesAsync<DateTime>(group, field, count, static v => DateTime.SpecifyKind(v, DateTimeKind.Utc).ToString("O", CultureInfo.InvariantCulture), ct).ConfigureAwait(false);
        if (t == typeof(DateTimeOffset)) return await ReadValuesAsync<DateTimeOffset>(group, field, count, static v => v.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture), ct).ConfigureAwait(false);
        if (t == typeof(DateOnly)) return await ReadValuesAsync<DateOnly>(group, field, count, static v => v.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), ct).ConfigureAwait(false);
        throw new NotSupportedException($"Parquet column '{field.Name}' has type {t.Name}, which the cost reader does not map");
    }

    private static async Task<string?[]> ReadValuesAsync<T>(ParquetRowGroupReader group, DataField field, int count, Func<T, string> format, CancellationToken ct)
        where T : struct
    {
        var result = new string?[count];
        if (field.IsNullable)
        {
            var buffer = new T?[count];
            await group.ReadAsync(field, buffer.AsMemory(), null, ct).ConfigureAwait(false);
            for (var i = 0; i < count; i++) result[i] = buffer[i] is { } v ? format(v) : null;
        }
        else
        {
            var buffer = new T[count];
            await group.ReadAsync(field, buffer.AsMemory(), null, ct).ConfigureAwait(false);
            for (var i = 0; i < count; i++) result[i] = format(buffer[i]);
        }

        return result;
    }
}

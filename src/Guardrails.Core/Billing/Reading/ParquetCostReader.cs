using System.Buffers.Binary;
using System.Globalization;
using Guardrails.Core.Common;
using Guardrails.Core.Ledger;
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
    public static async Task ReadAsync(Stream stream, CostReadState state, CancellationToken cancellationToken)
    {
        FileStream? temp = null;
        try
        {
            if (!stream.CanSeek) stream = temp = await SpoolAsync(stream, cancellationToken).ConfigureAwait(false);
            CheckFooter(stream, state.Source);
            var reader = await OpenAsync(stream, state.Source, cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                Field[] fields;
                try
                {
                    fields = [.. reader.Schema.Fields];
                }
                catch (Exception e) when (IsDamage(e))
                {
                    throw Unreadable(state.Source, e);
                }

                var header = fields.Select(f => f.Name).ToArray(); // top-level columns: a map column is one column, not its key and value leaves
                var mapper = state.Start(header);
                var mapped = new HashSet<int>(MappedColumns(mapper));
                long rowNumber = 0;
                for (var g = 0; g < reader.RowGroupCount; g++)
                {
                    var (columns, count) = await ReadRowGroupAsync(reader, g, fields, mapped, state.Source, stream.Length, cancellationToken).ConfigureAwait(false);
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

    /// <summary>Parquet needs random access (footer first): a stream that cannot seek is spooled to a temporary file, not memory.</summary>
    private static async Task<FileStream> SpoolAsync(Stream stream, CancellationToken cancellationToken)
    {
        var temp = new FileStream(Path.GetTempFileName(), FileMode.Create, FileAccess.ReadWrite, FileShare.None, 1 << 16,
            FileOptions.DeleteOnClose | FileOptions.Asynchronous);
        try
        {
            await stream.CopyToAsync(temp, cancellationToken).ConfigureAwait(false);
            temp.Position = 0;
            return temp;
        }
        catch
        {
            await temp.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private static async Task<ParquetReader> OpenAsync(Stream stream, string file, CancellationToken cancellationToken)
    {
        try
        {
            return await ParquetReader.CreateAsync(stream, null, true, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (IsDamage(e))
        {
            throw Unreadable(file, e);
        }
    }

    /// <summary>The mapped columns of one row group as invariant text (null for the columns the mapper does not read).</summary>
    private static async Task<(string?[]?[] Columns, int Count)> ReadRowGroupAsync(ParquetReader reader, int g, Field[] fields,
        HashSet<int> mapped, string file, long fileLength, CancellationToken cancellationToken)
    {
        var columns = new string?[]?[fields.Length];
        // Only the library's reads are guarded: an exception of the rows' own path (a total beyond the
        // decimal range) is not a damaged file.
        try
        {
            using var group = reader.OpenRowGroupReader(g);
            var count = PlausibleRowCount(group.RowCount, fileLength, file, g, reader.RowGroupCount);
            for (var c = 0; c < fields.Length; c++)
            {
                columns[c] = !mapped.Contains(c) ? null : fields[c] switch
                {
                    DataField flat => await ReadAsStringsAsync(group, flat, count, cancellationToken).ConfigureAwait(false),
                    MapField map when IsStringMap(map, out var key, out var value) =>
                        await ParquetMapColumn.ReadAsJsonAsync(group, key, value, count, cancellationToken).ConfigureAwait(false),
                    ListField list when IsKeyValueList(list, out var key, out var value) =>
                        await ParquetMapColumn.ReadAsJsonAsync(group, key, value, count, cancellationToken).ConfigureAwait(false),
                    var nested => throw new CostExportException(file, null,
                        $"column '{nested.Name}' is a Parquet {nested.SchemaType.ToString().ToLowerInvariant()} column, which the cost reader does not map " +
                        "(a map of text to text, or a flat column holding JSON text, is read)"),
                };
                if (columns[c] is { } read && read.Length != count)
                    throw new InvalidDataException($"column '{fields[c].Name}' has {read.Length} values, the row group {count}");
            }

            return (columns, count);
        }
        catch (Exception e) when (IsDamage(e))
        {
            throw Unreadable(file, e, $"row group {g + 1} of {reader.RowGroupCount}: ");
        }
    }

    /// <summary>The most rows one row group may have: the ingest holds one row group of the mapped columns at a time.</summary>
    internal const int MaxRowsPerRowGroup = 16 << 20;

    /// <summary>More rows per byte of the file than any encoding of cost rows reaches (costs and dates vary row to row).</summary>
    private const long MaxRowsPerByte = 64;

    /// <summary>
    /// A row group's row count as the footer states it, checked before any buffer is sized by it: a damaged or hostile
    /// footer claiming two billion rows would otherwise allocate 16 GB per column and end the process. Even rows that
    /// repeat (run-length and dictionary encoded) take more than a bit of the file, so more than
    /// <see cref="MaxRowsPerByte"/> rows per byte is damage; more than <see cref="MaxRowsPerRowGroup"/> is refused with
    /// what to do.
    /// </summary>
    private static int PlausibleRowCount(long rowCount, long fileLength, string file, int g, int groups)
    {
        var where = $"row group {g + 1} of {groups}";
        if (rowCount < 0 || rowCount > fileLength * MaxRowsPerByte)
            throw new CostExportException(file, null, $"not a readable Parquet file: {where} claims {rowCount:N0} rows in a file of {fileLength:N0} bytes");
        if (rowCount > MaxRowsPerRowGroup)
            throw new CostExportException(file, null,
                $"{where} has {rowCount:N0} rows; Guardrails reads at most {MaxRowsPerRowGroup:N0} rows per row group (one is held in memory at a time): write the export with smaller row groups");
        return (int)rowCount;
    }

    private static IEnumerable<int> MappedColumns(CostRowMapper mapper) => mapper.Layout.Mapped;

    /// <summary>A map of text keys to text values (AWS FOCUS exports write Tags so), read as its key and value leaves.</summary>
    private static bool IsStringMap(MapField map, out DataField key, out DataField value)
    {
        key = (map.Key as DataField)!;
        value = (map.Value as DataField)!;
        return key is not null && value is not null && ParquetMapColumn.IsText(key) && ParquetMapColumn.IsText(value);
    }

    /// <summary>
    /// A list of structs with text <c>key</c> and <c>value</c> members (Google Cloud writes labels so:
    /// <c>ARRAY&lt;STRUCT&lt;key, value, inherited, namespace&gt;&gt;</c>): read like a map through those two leaves, the
    /// other members ignored.
    /// </summary>
    private static bool IsKeyValueList(ListField list, out DataField key, out DataField value)
    {
        var members = (list.Item as StructField)?.Fields ?? [];
        key = (members.FirstOrDefault(f => f.Name.Equals("key", StringComparison.OrdinalIgnoreCase)) as DataField)!;
        value = (members.FirstOrDefault(f => f.Name.Equals("value", StringComparison.OrdinalIgnoreCase)) as DataField)!;
        return key is not null && value is not null && ParquetMapColumn.IsText(key) && ParquetMapColumn.IsText(value);
    }

    /// <summary>
    /// An exception of the Parquet library while it decodes the file: damage (a footer or page header that lies, a
    /// truncated or corrupted chunk, a length no allocation can hold). Cancellation and our own errors pass through.
    /// </summary>
    private static bool IsDamage(Exception e) => e is not (OperationCanceledException or CostExportException or SumOutOfRangeException);

    private static CostExportException Unreadable(string file, Exception e, string where = "") =>
        new(file, null, $"not a readable Parquet file: {where}{(e is OutOfMemoryException ? "a length in the file is too large to be read" : OneLine(e.Message))}", e);

    /// <summary>The library's message on one line (the CLI prints one <c>error:</c> line per problem).</summary>
    private static string OneLine(string message) => string.Join(' ', message.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    /// <summary>
    /// The Parquet tail: <c>PAR1</c> at both ends and a footer length that fits between them. A negative or huge length
    /// would otherwise reach the library's allocation (an out-of-memory abort) or its arithmetic.
    /// </summary>
    private static void CheckFooter(Stream stream, string file)
    {
        var length = stream.Length;
        if (length < 12) throw new CostExportException(file, null, $"not a readable Parquet file: {length} bytes is too short for a Parquet file");
        Span<byte> head = stackalloc byte[4], tail = stackalloc byte[8];
        stream.Position = 0;
        stream.ReadExactly(head);
        stream.Position = length - 8;
        stream.ReadExactly(tail);
        stream.Position = 0;
        if (!head.SequenceEqual("PAR1"u8) || !tail[4..].SequenceEqual("PAR1"u8))
            throw new CostExportException(file, null, "not a readable Parquet file: the PAR1 magic bytes are missing (not Parquet, or truncated)");
        var footer = BinaryPrimitives.ReadInt32LittleEndian(tail);
        if (footer <= 0 || footer > length - 12)
            throw new CostExportException(file, null, $"not a readable Parquet file: the footer length {footer} does not fit in the file's {length} bytes");
    }

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

        public ReadOnlySpan<char> Raw(int index) => columns[index]?[row];
    }

    private static async Task<string?[]> ReadAsStringsAsync(ParquetRowGroupReader group, DataField field, int count, CancellationToken ct)
    {
        var t = field.ClrType;
        if (t == typeof(string) || t == typeof(ReadOnlyMemory<char>))
        {
            var buffer = new string?[count];
            await group.ReadAsync(field, buffer.AsMemory(), null, ct).ConfigureAwait(false);
            return buffer;
        }

        if (t == typeof(byte[]) || t == typeof(ReadOnlyMemory<byte>))
        {
            // BYTE_ARRAY without the UTF8 annotation (Spark without binaryAsString, some Hive and pandas writers): the
            // bytes of text. Read as UTF-8; bytes of another encoding become U+FFFD, which the Tags check rejects.
            var bytes = new byte[]?[count];
            await group.ReadAsync(field, bytes.AsMemory(), null, ct).ConfigureAwait(false);
            return Array.ConvertAll(bytes, static b => b is null ? null : System.Text.Encoding.UTF8.GetString(b));
        }

        if (t == typeof(decimal)) return await ReadValuesAsync<decimal>(group, field, count, static v => v.ToString(CultureInfo.InvariantCulture), ct).ConfigureAwait(false);
        if (t == typeof(double)) return await ReadValuesAsync<double>(group, field, count, static v => DoubleText(v), ct).ConfigureAwait(false);
        if (t == typeof(float)) return await ReadValuesAsync<float>(group, field, count, static v => FloatText(v), ct).ConfigureAwait(false);
        if (t == typeof(long)) return await ReadValuesAsync<long>(group, field, count, static v => v.ToString(CultureInfo.InvariantCulture), ct).ConfigureAwait(false);
        if (t == typeof(int)) return await ReadValuesAsync<int>(group, field, count, static v => v.ToString(CultureInfo.InvariantCulture), ct).ConfigureAwait(false);
        if (t == typeof(short)) return await ReadValuesAsync<short>(group, field, count, static v => v.ToString(CultureInfo.InvariantCulture), ct).ConfigureAwait(false);
        if (t == typeof(bool)) return await ReadValuesAsync<bool>(group, field, count, static v => v ? "true" : "false", ct).ConfigureAwait(false);
        if (t == typeof(DateTime)) return await ReadValuesAsync<DateTime>(group, field, count, static v => DateTime.SpecifyKind(v, DateTimeKind.Utc).ToString("O", CultureInfo.InvariantCulture), ct).ConfigureAwait(false);
        if (t == typeof(DateTimeOffset)) return await ReadValuesAsync<DateTimeOffset>(group, field, count, static v => v.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture), ct).ConfigureAwait(false);
        if (t == typeof(DateOnly)) return await ReadValuesAsync<DateOnly>(group, field, count, static v => v.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), ct).ConfigureAwait(false);
        throw new NotSupportedException($"Parquet column '{field.Name}' has type {t.Name}, which the cost reader does not map");
    }

    /// <summary>
    /// A double as the decimal text the mapper reads; NaN, the infinities and magnitudes beyond the decimal range keep
    /// their own text (<c>NaN</c>, <c>Infinity</c>, <c>1E+30</c>), which is not a decimal: the row is quarantined.
    /// </summary>
    internal static string DoubleText(double v) =>
        double.IsFinite(v) && Math.Abs(v) < 7.9e28
            ? ((decimal)v).ToString(CultureInfo.InvariantCulture)
            : v.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>A float as <see cref="DoubleText"/> does a double (7 significant digits, as a float has).</summary>
    internal static string FloatText(float v) =>
        float.IsFinite(v) && Math.Abs(v) < 7.9e28f
            ? ((decimal)v).ToString(CultureInfo.InvariantCulture)
            : v.ToString("R", CultureInfo.InvariantCulture);

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

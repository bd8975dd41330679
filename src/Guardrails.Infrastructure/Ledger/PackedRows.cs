using System.IO.Compression;
using System.Text;
using Azure.Data.Tables;

namespace Guardrails.Infrastructure.Ledger;

/// <summary>
/// A part's rows (facts or resource-days) packed into few dense entities instead of one entity per row per index:
/// Table Storage bills and throttles per entity, so the entity count is the cost (docs/scale.md). Rows are written
/// field by field in a compact binary form (<see cref="PackedWriter"/>: each distinct string once, then its number;
/// decimals as their exact 16 bytes), gzip-compressed and cut into binary properties of at most 60,000 bytes (the
/// limit is 64 KiB), <see cref="PropertiesPerEntity"/> to an entity (about 600 KB stored, under the 1 MiB entity
/// limit even base64-encoded on the wire). The first entity of a part says how many there are and how many rows, so
/// a retried part that writes fewer never leaves a stale one in the answer, and which <see cref="Format"/> it is.
/// </summary>
internal static class PackedRows
{
    public const int BytesPerProperty = 60_000;
    public const int PropertiesPerEntity = 10;

    /// <summary>The packed format (2: string table and binary decimals; 1 was one property map per row, no longer read).</summary>
    public const int Format = 2;

    /// <summary>The entities holding <paramref name="rows"/>, each written by <paramref name="write"/>, all in partition <paramref name="partitionKey"/>.</summary>
    public static List<TableEntity> Pack<T>(string partitionKey, IEnumerable<T> rows, Action<PackedWriter, T> write)
    {
        using var packer = new PackedPartitionWriter<T>(partitionKey, write);
        foreach (var row in rows) packer.Add(row);
        return packer.Complete(); // entity 0 first, then the others in order

    }

    /// <summary>The rows of one part's entities (any order; entities beyond the count the first one states are ignored), each read by <paramref name="read"/>.</summary>
    public static List<T> Unpack<T>(IReadOnlyList<TableEntity> partEntities, Func<PackedReader, T> read)
    {
        var (bytes, count) = Join(partEntities);
        var rows = new List<T>(count);
        rows.AddRange(Rows(bytes, count, read));
        return rows;
    }

    /// <summary>
    /// As <see cref="Unpack{T}"/>, one row at a time (a part's rows are never all in memory at once). The part's compressed
    /// bytes are kept as the slices its entities carried, each let go once it is decompressed; decoders given the same
    /// <paramref name="strings"/> share one instance of each string (the parts of a merge name the same resources).
    /// </summary>
    public static IEnumerable<T> Stream<T>(IReadOnlyList<TableEntity> partEntities, Func<PackedReader, T> read, StringPool? strings = null)
    {
        var (bytes, count) = Join(partEntities);
        return Rows(bytes, count, read, strings);
    }

    private static IEnumerable<T> Rows<T>(Stream bytes, int count, Func<PackedReader, T> read, StringPool? strings = null)
    {
        using var reader = new PackedReader(new GZipStream(bytes, CompressionMode.Decompress), strings);
        for (var i = 0; i < count; i++) yield return read(reader);
    }

    /// <summary>Any entities' own properties (string, int, long, bool), packed the same way.</summary>
    public static List<TableEntity> Pack(string partitionKey, IEnumerable<TableEntity> rows) => Pack(partitionKey, rows, WriteEntity);

    public static List<TableEntity> Unpack(IReadOnlyList<TableEntity> partEntities) => Unpack(partEntities, ReadEntity);

    /// <summary>Entity <paramref name="index"/> of a partition: its bytes cut into properties of <see cref="BytesPerProperty"/>.</summary>
    internal static TableEntity Entity(string partitionKey, int index, ReadOnlySpan<byte> bytes)
    {
        var entity = new TableEntity(partitionKey, index.ToString("D5", System.Globalization.CultureInfo.InvariantCulture));
        for (var p = 0; p < PropertiesPerEntity && p * BytesPerProperty < bytes.Length; p++)
            entity[$"D{p:D2}"] = bytes.Slice(p * BytesPerProperty, Math.Min(BytesPerProperty, bytes.Length - p * BytesPerProperty)).ToArray();
        return entity;
    }

    /// <summary>Whether a part's first entity says its rows are in merge order (<see cref="PackedPartitionWriter{T}"/>'s <c>sorted</c>).</summary>
    public static bool IsSorted(TableEntity first) => first.GetInt32(SortedProperty) == 1;

    /// <summary>Set to 1 on a part's first entity when its rows are sorted for <see cref="SortedMerge"/>; parts written before it have none.</summary>
    public const string SortedProperty = "Sorted";

    private static (Stream Bytes, int Rows) Join(IReadOnlyList<TableEntity> partEntities)
    {
        var ordered = partEntities.OrderBy(e => e.RowKey, StringComparer.Ordinal).ToList();
        if (ordered.Count == 0 || ordered[0].RowKey != "00000") throw new InvalidDataException("packed rows: the first entity of a part is missing");
        var first = ordered[0];
        if (first.GetInt32("Format") != Format)
            throw new InvalidDataException($"packed rows: partition '{first.PartitionKey}' is in packed format {first.GetInt32("Format") ?? 1}, this version reads {Format} only; ingest the run again");
        var expected = first.GetInt32("Entities") ?? 1;
        if (ordered.Count < expected) throw new InvalidDataException($"packed rows: {ordered.Count} of {expected} entities of partition '{first.PartitionKey}'");
        // The properties' own arrays (≤ 60,000 bytes each), not a copy joined into one large buffer.
        var slices = new List<byte[]>(expected * PropertiesPerEntity);
        foreach (var entity in ordered.Take(expected))
            for (var p = 0; p < PropertiesPerEntity && entity.GetBinary($"D{p:D2}") is { } slice; p++)
                slices.Add(slice);
        return (new SlicesStream(slices), first.GetInt32("Rows") ?? 0);
    }

    /// <summary>Reads byte slices in order, dropping each once it has been read: a part's bytes shrink as its rows are decoded.</summary>
    private sealed class SlicesStream(List<byte[]> slices) : Stream
    {
        private readonly List<byte[]?> _slices = [.. slices];
        private int _slice;
        private int _offset;

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            while (_slice < _slices.Count)
            {
                var current = _slices[_slice]!;
                if (_offset < current.Length)
                {
                    var n = Math.Min(buffer.Length, current.Length - _offset);
                    current.AsSpan(_offset, n).CopyTo(buffer);
                    _offset += n;
                    return n;
                }
                _slices[_slice++] = null;
                _offset = 0;
            }
            return 0;
        }

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    private static readonly HashSet<string> s_system = new(StringComparer.Ordinal) { "PartitionKey", "RowKey", "Timestamp", "odata.etag" };

    private static void WriteEntity(PackedWriter writer, TableEntity row)
    {
        var properties = row.Where(kv => !s_system.Contains(kv.Key) && kv.Value is not null).ToList();
        writer.Int(properties.Count);
        foreach (var (name, value) in properties)
        {
            writer.String(name);
            switch (value)
            {
                case string text: writer.Byte(1); writer.String(text); break;
                case int i: writer.Byte(2); writer.Int(i); break;
                case long l: writer.Byte(3); writer.Long(l); break;
                case bool b: writer.Byte(4); writer.Byte(b ? (byte)1 : (byte)0); break;
                default: throw new NotSupportedException($"packed rows: property '{name}' of type {value!.GetType().Name}");
            }
        }
    }

    /// <summary>A row written by <see cref="Pack(string, IEnumerable{TableEntity})"/>.</summary>
    internal static TableEntity ReadEntity(PackedReader reader)
    {
        var row = new TableEntity();
        for (var n = reader.Int(); n > 0; n--)
        {
            var name = reader.String()!;
            row[name] = reader.Byte() switch
            {
                1 => (object?)reader.String(),
                2 => reader.Int(),
                3 => reader.Long(),
                4 => reader.Byte() != 0,
                var t => throw new InvalidDataException($"packed rows: unknown value type {t}"),
            };
        }
        return row;
    }
}

/// <summary>
/// Packs rows into one partition's entities as they come (<see cref="PackedRows"/>): the compressed stream is cut into
/// entities as it fills them, so a caller can write entity 1, 2, … while later rows are still being produced and never
/// holds more than two entities' bytes. Entity 0 is handed out last, by <see cref="Complete"/>, because it carries the
/// counts. The entities are those <see cref="PackedRows.Pack{T}"/> makes of the same rows, byte for byte.
/// </summary>
internal sealed class PackedPartitionWriter<T> : IDisposable
{
    private const int BytesPerEntity = PackedRows.BytesPerProperty * PackedRows.PropertiesPerEntity;

    private readonly string _partitionKey;
    private readonly Action<PackedWriter, T> _write;
    private readonly bool _sorted;
    private readonly EntitySink _sink;
    private readonly GZipStream _gzip;
    private readonly PackedWriter _writer;
    private int _rows;
    private bool _completed;

    /// <param name="sorted">The rows come in merge order: the first entity says so (<see cref="PackedRows.SortedProperty"/>).</param>
    public PackedPartitionWriter(string partitionKey, Action<PackedWriter, T> write, bool sorted = false)
    {
        (_partitionKey, _write, _sorted) = (partitionKey, write, sorted);
        _sink = new EntitySink(partitionKey);
        _gzip = new GZipStream(_sink, CompressionLevel.Fastest, leaveOpen: true);
        _writer = new PackedWriter(_gzip);
    }

    public void Add(T row)
    {
        _write(_writer, row);
        _rows++;
    }

    /// <summary>Whether entities other than the first are full and waiting in <see cref="TakeFilled"/>.</summary>
    public bool HasFilled => _sink.Filled.Count > 0;

    /// <summary>The full entities after the first, once each.</summary>
    public List<TableEntity> TakeFilled()
    {
        var filled = _sink.Filled.ToList();
        _sink.Filled.Clear();
        return filled;
    }

    /// <summary>Ends the stream: the last entities, the first of them carrying the partition's entity, row and byte counts.</summary>
    public List<TableEntity> Complete()
    {
        if (_completed) throw new InvalidOperationException("packed partition already completed");
        _completed = true;
        _writer.Dispose();
        _gzip.Dispose();
        _sink.Finish();
        var first = _sink.First;
        first["Entities"] = _sink.Entities;
        first["Rows"] = _rows;
        first["Bytes"] = (int)_sink.Bytes;
        first["Format"] = PackedRows.Format;
        if (_sorted) first[PackedRows.SortedProperty] = 1;
        var rest = TakeFilled();
        rest.Insert(0, first);
        return rest;
    }

    public void Dispose()
    {
        if (_completed) return;
        _completed = true;
        _writer.Dispose();
        _gzip.Dispose();
    }

    /// <summary>Receives the compressed bytes and cuts them into entities of <see cref="BytesPerEntity"/>.</summary>
    private sealed class EntitySink(string partitionKey) : Stream
    {
        private readonly MemoryStream _current = new();
        public List<TableEntity> Filled { get; } = [];
        public TableEntity First { get; private set; } = new(partitionKey, "00000");
        public int Entities { get; private set; }
        public long Bytes { get; private set; }

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            while (buffer.Length > 0)
            {
                var take = (int)Math.Min(buffer.Length, BytesPerEntity - _current.Length);
                _current.Write(buffer[..take]);
                Bytes += take;
                buffer = buffer[take..];
                if (_current.Length == BytesPerEntity) Cut();
            }
        }

        /// <summary>Cuts the last, partly filled entity (none when the bytes ended on an entity boundary).</summary>
        public void Finish()
        {
            if (_current.Length > 0 || Entities == 0) Cut();
        }

        private void Cut()
        {
            var entity = PackedRows.Entity(partitionKey, Entities, _current.GetBuffer().AsSpan(0, (int)_current.Length));
            if (Entities == 0) First = entity;
            else Filled.Add(entity);
            Entities++;
            _current.SetLength(0);
        }

        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => Bytes;
        public override long Position { get => Bytes; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
    }
}

/// <summary>
/// Writes packed rows: a string the first time as its number then its text, afterwards as its number only (a part's
/// allocation keys, services, currencies and resource names repeat on many rows); 0 is null. Decimals keep their scale.
/// </summary>
internal sealed class PackedWriter(Stream stream) : IDisposable
{
    private readonly BinaryWriter _writer = new(stream, Encoding.UTF8, leaveOpen: true);
    private readonly Dictionary<string, int> _strings = new(StringComparer.Ordinal);

    public void String(string? value)
    {
        if (value is null)
        {
            _writer.Write7BitEncodedInt(0);
            return;
        }
        if (_strings.TryGetValue(value, out var id))
        {
            _writer.Write7BitEncodedInt(id);
            return;
        }
        id = _strings.Count + 1;
        _strings.Add(value, id);
        _writer.Write7BitEncodedInt(id);
        _writer.Write(value);
    }

    public void Byte(byte value) => _writer.Write(value);
    public void Int(int value) => _writer.Write7BitEncodedInt(value);
    public void Long(long value) => _writer.Write7BitEncodedInt64(value);
    public void Decimal(decimal value) => _writer.Write(value);
    public void Day(DateOnly day) => _writer.Write7BitEncodedInt(day.DayNumber);

    public void Dispose() => _writer.Dispose();
}

/// <summary>Reads what <see cref="PackedWriter"/> wrote; a value parsed from a string (allocation key, enum) is parsed once per part.</summary>
internal sealed class PackedReader(Stream stream, StringPool? pool = null) : IDisposable
{
    private readonly BinaryReader _reader = new(stream, Encoding.UTF8);
    private readonly List<string> _strings = [];
    private readonly List<object?> _parsed = [];

    public string? String() => Id() is var id and >= 0 ? _strings[id] : null;

    /// <summary>A non-null string parsed by <paramref name="parse"/>, the same instance for every row that names it.</summary>
    public T Parsed<T>(Func<string, T> parse) where T : notnull
    {
        var id = Id();
        if (id < 0) throw new InvalidDataException("packed rows: a required value is missing");
        if (_parsed[id] is T known) return known;
        var value = parse(_strings[id]);
        _parsed[id] = value;
        return value;
    }

    public byte Byte() => _reader.ReadByte();
    public int Int() => _reader.Read7BitEncodedInt();
    public long Long() => _reader.Read7BitEncodedInt64();
    public decimal Decimal() => _reader.ReadDecimal();
    public DateOnly Day() => DateOnly.FromDayNumber(_reader.Read7BitEncodedInt());

    /// <summary>The string's index in the table (reading its text when it is new), -1 for null.</summary>
    private int Id()
    {
        var id = _reader.Read7BitEncodedInt();
        if (id == 0) return -1;
        if (id == _strings.Count + 1)
        {
            var text = _reader.ReadString();
            _strings.Add(pool is null ? text : pool.Intern(text));
            _parsed.Add(null);
        }
        else if (id > _strings.Count) throw new InvalidDataException($"packed rows: string {id} before string {_strings.Count + 1}");
        return id - 1;
    }

    public void Dispose() => _reader.Dispose();
}

/// <summary>
/// One instance of each string for the decoders of one merge (<see cref="PackedReader"/>): every part of a run has its own
/// string table naming the same resources, SKUs and regions, which 40 parts would otherwise hold 40 times.
/// </summary>
internal sealed class StringPool
{
    private readonly HashSet<string> _strings = new(StringComparer.Ordinal);

    public int Count => _strings.Count;

    public string Intern(string text)
    {
        if (_strings.TryGetValue(text, out var known)) return known;
        _strings.Add(text);
        return text;
    }
}

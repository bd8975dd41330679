namespace Guardrails.Infrastructure.Exports;

/// <summary>One part file written by <see cref="CsvPartSplitter"/>: its name in the run, where it is, its data rows.</summary>
public sealed record ExportPartFile(string FileName, string Path, long DataRowCount);

/// <summary>
/// Splits a CSV file into part files of whole records in one streaming pass (1 MiB at a time, never the file in
/// memory): each part gets the header and about an equal share of the data bytes, cut after the first record that
/// ends past its share (a newline inside quotes does not end a record). For the benchmarks and large local demos;
/// <see cref="ExportLayoutWriter.SplitCsv"/> splits small in-memory files by record count.
/// </summary>
public static class CsvPartSplitter
{
    private const int BufferSize = 1 << 20;

    public static IReadOnlyList<ExportPartFile> Split(string csvPath, int parts, string outputDirectory, string extension = ".csv")
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(parts, 1);
        Directory.CreateDirectory(outputDirectory);
        using var input = new FileStream(csvPath, FileMode.Open, FileAccess.Read, FileShare.Read, BufferSize, FileOptions.SequentialScan);
        var header = ReadHeader(input, csvPath);
        var share = Math.Max(1, (input.Length - header.Length) / parts);
        var state = new SplitState(csvPath, header, share, parts, outputDirectory, extension);
        try
        {
            var buffer = new byte[BufferSize];
            int read;
            while ((read = input.Read(buffer, 0, buffer.Length)) > 0) state.Write(buffer.AsSpan(0, read));
            return state.Finish();
        }
        finally
        {
            state.Dispose();
        }
    }

    /// <summary>The header record with its line end; the stream is left just after it.</summary>
    private static byte[] ReadHeader(FileStream input, string path)
    {
        using var header = new MemoryStream();
        var inQuotes = false;
        int b;
        while ((b = input.ReadByte()) >= 0)
        {
            header.WriteByte((byte)b);
            if (b == '"') inQuotes = !inQuotes;
            else if (b == '\n' && !inQuotes) return header.ToArray();
        }
        throw new InvalidDataException($"{path}: line 1: no complete header record (the file has no line end outside quotes).");
    }

    /// <summary>The part being written, the quote state and the counts, across buffers.</summary>
    private sealed class SplitState(string input, byte[] header, long share, int parts, string directory, string extension) : IDisposable
    {
        private readonly List<ExportPartFile> _done = [];
        private FileStream? _part;
        private string _partPath = "";
        private long _partBytes;
        private long _partRows;
        private bool _inQuotes;
        private bool _recordHasData;
        private long _line = 2; // the header is line 1
        private long _quoteOpenedOnLine;

        public void Write(ReadOnlySpan<byte> data)
        {
            while (data.Length > 0)
            {
                var cut = FindCut(data);
                var take = cut < 0 ? data.Length : cut + 1;
                EnsurePart().Write(data[..take]);
                _partBytes += take;
                data = data[take..];
                if (cut >= 0) ClosePart();
            }
        }

        /// <summary>Index of the record end after which the current part is full, or -1; counts the records it passes.</summary>
        private int FindCut(ReadOnlySpan<byte> data)
        {
            for (var i = 0; i < data.Length; i++)
            {
                var b = data[i];
                if (b == '"')
                {
                    _inQuotes = !_inQuotes;
                    if (_inQuotes) _quoteOpenedOnLine = _line;
                }
                if (b == '\n') _line++;
                if (b == '\n' && !_inQuotes)
                {
                    if (_recordHasData) _partRows++;
                    _recordHasData = false;
                    if (_partBytes + i + 1 >= share && _done.Count < parts - 1) return i;
                }
                else if (b is not ((byte)'\r' or (byte)' '))
                {
                    _recordHasData = true;
                }
            }
            return -1;
        }

        private FileStream EnsurePart()
        {
            if (_part is not null) return _part;
            _partPath = Path.Combine(directory, $"part_0_{_done.Count + 1:D4}{extension}");
            _part = new FileStream(_partPath, FileMode.Create, FileAccess.Write, FileShare.None, BufferSize);
            _part.Write(header);
            return _part;
        }

        private void ClosePart()
        {
            if (_part is null) return;
            _part.Dispose();
            _part = null;
            _done.Add(new ExportPartFile(Path.GetFileName(_partPath), _partPath, _partRows));
            _partBytes = 0;
            _partRows = 0;
        }

        public IReadOnlyList<ExportPartFile> Finish()
        {
            if (_inQuotes)
                throw new InvalidDataException($"{input}: line {_quoteOpenedOnLine}: a quoted field is never closed (the file ends inside it).");
            if (_recordHasData)
            {
                // The last record has no line end: end it, as a whole-file reader would.
                EnsurePart().WriteByte((byte)'\n');
                _partRows++;
                _recordHasData = false;
            }
            if (_part is null && _done.Count == 0) EnsurePart();
            ClosePart();
            return _done;
        }

        public void Dispose() => _part?.Dispose();
    }
}

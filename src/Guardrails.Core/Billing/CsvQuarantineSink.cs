using System.Text;
using Guardrails.Core.Ledger;

namespace Guardrails.Core.Billing;

/// <summary>
/// Writes rejected rows to a CSV file with the header <c>file,line,field,reason,rawValue</c> (RFC 4180 quoting).
/// The file is created on the first rejected row, so a clean ingest leaves no file and <see cref="Location"/> null.
/// Raw values longer than <see cref="MaxRawValueLength"/> characters are cut and marked with their full length.
/// </summary>
public sealed class CsvQuarantineSink : IQuarantineSink, IDisposable
{
    public const int MaxRawValueLength = 1024;

    private readonly string _path;
    private readonly object _gate = new();
    private StreamWriter? _writer;
    private bool _disposed;

    public CsvQuarantineSink(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        _path = Path.GetFullPath(path);
    }

    /// <summary>The file path once a row was written; null while nothing was rejected.</summary>
    public string? Location => _writer is null ? null : _path;

    /// <summary>How many rows were written.</summary>
    public long Count { get; private set; }

    public void Add(QuarantinedRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_writer is null)
            {
                var dir = Path.GetDirectoryName(_path);
                if (!string.IsNullOrEmpty(dir)) Directory.CreateDirectory(dir);
                _writer = new StreamWriter(_path, append: false, new UTF8Encoding(false)) { NewLine = "\r\n" };
                _writer.WriteLine("file,line,field,reason,rawValue");
            }

            var raw = row.RawValue;
            if (raw is not null && raw.Length > MaxRawValueLength)
                raw = string.Concat(raw.AsSpan(0, MaxRawValueLength), $"...({raw.Length} chars)");

            WriteField(_writer, row.File);
            _writer.Write(',');
            _writer.Write(row.Line.ToString(System.Globalization.CultureInfo.InvariantCulture));
            _writer.Write(',');
            WriteField(_writer, row.Field);
            _writer.Write(',');
            WriteField(_writer, row.Reason);
            _writer.Write(',');
            WriteField(_writer, raw);
            _writer.WriteLine();
            Count++;
        }
    }

    /// <summary>Flushes what was written so far (the file stays open).</summary>
    public void Flush()
    {
        lock (_gate) _writer?.Flush();
    }

    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed) return;
            _disposed = true;
            _writer?.Dispose();
        }
    }

    private static void WriteField(TextWriter writer, string? value)
    {
        if (string.IsNullOrEmpty(value)) return;
        if (value.AsSpan().IndexOfAny(",\"\r\n") < 0)
        {
            writer.Write(value);
            return;
        }

        writer.Write('"');
        writer.Write(value.Replace("\"", "\"\"", StringComparison.Ordinal));
        writer.Write('"');
    }
}
